"""A Vice-Chair decides only "KT. CHỦ TỊCH", within an active delegation from the Chair.

Every act done under a delegation is audited "on behalf of" the principal; an expired, revoked or
out-of-scope delegation gives nothing. Sources: DESIGN §3 (roles.Delegation), §6; DOMAIN.md
(ký thay "KT. CHỦ TỊCH").
"""

import datetime

import pytest
from django.utils import timezone

from dossiers.models import DossierState
from roles import services as role_services
from roles.catalog import Perm
from roles.models import Membership, Role
from tests.workflow import helpers
from tests.workflow.helpers import assert_unchanged, reasons_of, snapshot
from workflow.engine import Action, ActionNotAllowed, perform

S = DossierState
NO_RIGHT = "Bạn không có quyền thực hiện thao tác này trên hồ sơ."


def _awaiting(world):
    dossier = helpers.make(world, route="chair")
    return helpers.to_state(world, dossier, S.AWAITING_DECISION)


def _delegate(world, *, valid_from=None, valid_to=None, permissions=(Perm.DECIDE_FOR_COMMUNE,)):
    today = timezone.localdate()
    return role_services.delegation_create(
        principal=world.chutich, delegate=world.phochutich, organization=world.commune, permissions=list(permissions),
        valid_from=valid_from or today - datetime.timedelta(days=30),
        valid_to=valid_to or today + datetime.timedelta(days=30),
        instrument="Quyết định số 12/QĐ-UBND ngày 02/01/2026", actor=world.chutich,
    )


@pytest.mark.parametrize("action", [Action.SEND_BACK, Action.REJECT])
def test_vice_chair_can_act_at_decision_on_behalf_of_chair_with_active_delegation(world, action):
    dossier = _awaiting(world)
    _delegate(world)
    event = perform(dossier, action, world.phochutich, reason="Cần làm rõ thành tích")
    assert event.actor_id == world.phochutich.pk
    assert (event.on_behalf_of_id, event.on_behalf_of_username) == (world.chutich.pk, "chutich")
    assert event.role == "delegate:KT."


@pytest.mark.parametrize("action", [Action.SEND_BACK, Action.REJECT])
def test_vice_chair_cannot_act_at_decision_without_delegation(world, action):
    dossier = _awaiting(world)
    before = snapshot(dossier)
    with pytest.raises(ActionNotAllowed) as refused:
        perform(dossier, action, world.phochutich, reason="Cần làm rõ thành tích")
    assert NO_RIGHT in reasons_of(refused)
    assert_unchanged(dossier, before)


def test_vice_chair_cannot_act_at_decision_with_expired_delegation(world):
    dossier = _awaiting(world)
    today = timezone.localdate()
    _delegate(world, valid_from=today - datetime.timedelta(days=60), valid_to=today - datetime.timedelta(days=1))
    before = snapshot(dossier)
    with pytest.raises(ActionNotAllowed) as refused:
        perform(dossier, Action.SEND_BACK, world.phochutich, reason="Cần làm rõ thành tích")
    assert NO_RIGHT in reasons_of(refused)
    assert_unchanged(dossier, before)


def test_vice_chair_cannot_act_at_decision_with_revoked_delegation(world):
    dossier = _awaiting(world)
    delegation = _delegate(world)
    role_services.delegation_revoke(delegation=delegation, revoked_on=timezone.localdate(), actor=world.chutich)
    before = snapshot(dossier)
    with pytest.raises(ActionNotAllowed) as refused:
        perform(dossier, Action.REJECT, world.phochutich, reason="Cần làm rõ thành tích")
    assert NO_RIGHT in reasons_of(refused)
    assert_unchanged(dossier, before)


def test_vice_chair_cannot_act_at_decision_with_delegation_of_another_permission(world):
    dossier = _awaiting(world)
    _delegate(world, permissions=(Perm.ISSUE_FOR_COMMUNE,))
    before = snapshot(dossier)
    with pytest.raises(ActionNotAllowed):
        perform(dossier, Action.SEND_BACK, world.phochutich, reason="Cần làm rõ thành tích")
    assert_unchanged(dossier, before)


def test_vice_chair_cannot_act_on_behalf_of_chair_whose_own_role_ended(world):
    """A delegation passes on only what the principal still holds."""
    dossier = _awaiting(world)
    _delegate(world)
    membership = Membership.objects.get(user=world.chutich, role=Role.CHAIR)
    role_services.membership_end(
        membership=membership, valid_to=timezone.localdate() - datetime.timedelta(days=1), actor=world.quantri
    )
    before = snapshot(dossier)
    with pytest.raises(ActionNotAllowed):
        perform(dossier, Action.SEND_BACK, world.phochutich, reason="Cần làm rõ thành tích")
    assert_unchanged(dossier, before)


def test_vice_chair_with_delegation_cannot_act_outside_decision(world):
    """The delegation carries decide_for_commune, not the reviewer's rights."""
    dossier = helpers.to_state(world, helpers.make(world), S.SUBMITTED)
    _delegate(world)
    before = snapshot(dossier)
    with pytest.raises(ActionNotAllowed):
        perform(dossier, Action.TAKE, world.phochutich)
    assert_unchanged(dossier, before)


