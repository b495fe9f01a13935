"""Stale or concurrent changes are refused with Conflict (DESIGN §5), and change nothing.

A form carries the version the actor saw (`expected_version`); a dossier object loaded before someone
else moved it no longer matches the locked row. Truly concurrent takes: test_concurrency.py.
"""

from dossiers import services as dossier_services
from dossiers.models import Dossier, DossierState
from tests.workflow import helpers
from tests.workflow.helpers import refused
from workflow.engine import Action, Conflict, perform

S = DossierState
STALE = "Hồ sơ vừa được người khác thay đổi. Vui lòng tải lại trang để xem trạng thái mới nhất."


def test_reviewer_can_take_with_current_version(world):
    dossier = helpers.to_state(world, helpers.make(world), S.SUBMITTED)
    perform(dossier, Action.TAKE, world.canbovhxh, expected_version=dossier.version)
    assert dossier.state == S.IN_REVIEW


def test_reviewer_cannot_take_with_stale_version(world):
    dossier = helpers.to_state(world, helpers.make(world), S.SUBMITTED)
    reasons = refused(Conflict, dossier, Action.TAKE, world.canbovhxh, expected_version=dossier.version - 1)
    assert STALE in reasons
    assert Conflict.http_status == 409


def test_unit_officer_cannot_submit_form_shown_before_an_edit(world):
    dossier = helpers.make(world)
    seen = dossier.version
    dossier_services.dossier_update(dossier=dossier, actor=world.thcs_head, title="Đề nghị khen thưởng (sửa)")
    dossier.refresh_from_db()
    assert STALE in refused(Conflict, dossier, Action.SUBMIT, world.thcs, expected_version=seen)


def test_reviewer_cannot_act_on_dossier_object_loaded_before_another_reviewer_took_it(world):
    dossier = helpers.to_state(world, helpers.make(world), S.SUBMITTED)
    stale = Dossier.objects.get(pk=dossier.pk)
    perform(dossier, Action.TAKE, world.canbovhxh)
    assert STALE in refused(Conflict, stale, Action.TAKE, world.vhxh)
    assert Dossier.objects.get(pk=dossier.pk).assignee == world.canbovhxh


def test_unit_head_cannot_withdraw_with_object_loaded_before_it_was_taken(world):
    """Even an action legal in the new state is refused: the actor decided on what they saw."""
    dossier = helpers.to_state(world, helpers.make(world), S.SUBMITTED)
    stale = Dossier.objects.get(pk=dossier.pk)
    perform(dossier, Action.TAKE, world.canbovhxh)
    assert STALE in refused(Conflict, stale, Action.WITHDRAW, world.thcs_head, reason="Xin rút")
