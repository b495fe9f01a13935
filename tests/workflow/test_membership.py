"""Memberships are dated: a role counts only while its Membership is active and granted.

Sources: DESIGN §3 (roles.Membership valid_from/valid_to), §6; workflow/authority.py.
"""

import datetime

import pytest
from django.utils import timezone

from dossiers.models import DossierState
from roles import services as role_services
from roles.models import Membership, OrganizationUserObjectPermission, Role
from tests.workflow import helpers
from tests.workflow.helpers import assert_unchanged, reasons_of, snapshot
from workflow.engine import Action, ActionNotAllowed, perform

S = DossierState
NO_RIGHT = "Bạn không có quyền thực hiện thao tác này trên hồ sơ."


def test_reviewer_can_take_while_membership_active(world):
    dossier = helpers.to_state(world, helpers.make(world), S.SUBMITTED)
    perform(dossier, Action.TAKE, world.canbovhxh)
    assert dossier.assignee_id == world.canbovhxh.pk


def test_reviewer_cannot_take_after_membership_ended(world):
    dossier = helpers.to_state(world, helpers.make(world), S.SUBMITTED)
    membership = Membership.objects.get(user=world.canbovhxh, role=Role.REVIEWER)
    role_services.membership_end(
        membership=membership, valid_to=timezone.localdate() - datetime.timedelta(days=1), actor=world.quantri
    )
    before = snapshot(dossier)
    with pytest.raises(ActionNotAllowed) as refused:
        perform(dossier, Action.TAKE, world.canbovhxh)
    assert NO_RIGHT in reasons_of(refused)
    assert_unchanged(dossier, before)


def test_reviewer_cannot_take_on_the_day_after_membership_ends_before_grants_are_refreshed(world):
    """The dated Membership decides even while guardian's grant is still in place (nightly refresh not run)."""
    dossier = helpers.to_state(world, helpers.make(world), S.SUBMITTED)
    reviewer = helpers.UserFactory(username="canbo_tamthoi")
    role_services.membership_grant(
        user=reviewer, organization=world.commune, role=Role.REVIEWER, valid_from=helpers.START,
        valid_to=timezone.localdate(), actor=world.quantri,
    )
    assert OrganizationUserObjectPermission.objects.filter(user=reviewer).exists()
    before = snapshot(dossier)
    with helpers.days_from_today(1), pytest.raises(ActionNotAllowed):
        perform(dossier, Action.TAKE, reviewer)
    assert_unchanged(dossier, before)


def test_inactive_reviewer_cannot_take(world):
    dossier = helpers.to_state(world, helpers.make(world), S.SUBMITTED)
    world.canbovhxh.is_active = False
    world.canbovhxh.save(update_fields=["is_active"])
    before = snapshot(dossier)
    with pytest.raises(ActionNotAllowed):
        perform(dossier, Action.TAKE, world.canbovhxh)
    assert_unchanged(dossier, before)
