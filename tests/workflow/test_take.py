"""take: submitted -> in_review, by an office reviewer of the commune; sets the assignee.

Separation of duties (DESIGN §4): the person who created or submitted a dossier cannot review it.
"""

from dossiers.models import DossierState
from tests.workflow import helpers
from tests.workflow.helpers import refused
from workflow.engine import Action, ActionNotAllowed, GuardFailed, perform

S = DossierState
OWN_DOSSIER = "Người đã lập hoặc trình hồ sơ không được thẩm định, xử lý chính hồ sơ đó."


def test_reviewer_can_take_submitted_dossier_and_becomes_assignee(world):
    dossier = helpers.to_state(world, helpers.make(world), S.SUBMITTED)
    event = perform(dossier, Action.TAKE, world.canbovhxh)
    assert dossier.state == S.IN_REVIEW
    assert dossier.assignee == world.canbovhxh
    assert event.role == "reviewer"


def test_reviewer_cannot_take_dossier_already_taken(world):
    dossier = helpers.to_state(world, helpers.make(world), S.IN_REVIEW)
    reasons = refused(GuardFailed, dossier, Action.TAKE, world.vhxh)
    assert "«Đang thẩm định»" in reasons
    assert dossier.assignee == world.canbovhxh


def test_reviewer_cannot_take_dossier_they_created(world):
    both = helpers.dual_role(world, "kiemnhiem")
    dossier = world.draft(officer=both)
    world.complete(dossier, officer=both)
    perform(dossier, Action.SUBMIT, world.thcs)
    assert OWN_DOSSIER in refused(ActionNotAllowed, dossier, Action.TAKE, both)


def test_other_reviewer_can_take_dossier_created_by_a_colleague_with_two_roles(world):
    both = helpers.dual_role(world, "kiemnhiem")
    dossier = world.draft(officer=both)
    world.complete(dossier, officer=both)
    perform(dossier, Action.SUBMIT, world.thcs)
    perform(dossier, Action.TAKE, world.canbovhxh)
    assert dossier.assignee == world.canbovhxh


def test_reviewer_cannot_take_dossier_they_submitted(world):
    both = helpers.dual_role(world, "kiemnhiem")
    dossier = helpers.make(world)  # created by thcs
    perform(dossier, Action.SUBMIT, both)
    assert OWN_DOSSIER in refused(ActionNotAllowed, dossier, Action.TAKE, both)


def test_reviewer_cannot_take_resubmitted_dossier_they_submitted_the_first_time(world):
    both = helpers.dual_role(world, "kiemnhiem")
    dossier = helpers.make(world)
    perform(dossier, Action.SUBMIT, both)
    perform(dossier, Action.TAKE, world.canbovhxh)
    perform(dossier, Action.RETURN_FOR_REVISION, world.canbovhxh, reason="Bổ sung biên bản")
    perform(dossier, Action.SUBMIT, world.thcs)
    assert OWN_DOSSIER in refused(ActionNotAllowed, dossier, Action.TAKE, both)


def test_unit_officer_cannot_take(world):
    dossier = helpers.to_state(world, helpers.make(world), S.SUBMITTED)
    assert "Bạn không có quyền" in refused(ActionNotAllowed, dossier, Action.TAKE, world.thcs)
