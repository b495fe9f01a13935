"""suspend / resume: submitted, in_review, posted, council, awaiting_decision <-> suspended, by a reviewer.

Suspension cites an open complaint of the dossier (DOMAIN.md "Complaints/denunciations received ->
suspend the nominee"; eligibility gate "no commendation while ... complaint pending"); resume is
refused while a complaint is open and returns to the state the dossier left. Source: DESIGN §4.
"""

import pytest

from dossiers.models import DossierState
from tests.workflow import helpers
from tests.workflow.helpers import refused
from workflow.engine import Action, ActionNotAllowed, GuardFailed, perform

S = DossierState
NEEDS_COMPLAINT = "Việc tạm dừng phải gắn với một khiếu nại, phản ánh đang giải quyết của hồ sơ này."
ROUTE_TO = {S.SUBMITTED: "council", S.IN_REVIEW: "council", S.POSTED: "posting", S.COUNCIL: "council",
            S.AWAITING_DECISION: "chair"}


@pytest.mark.parametrize("state", list(ROUTE_TO))
def test_reviewer_can_suspend_on_complaint_and_resume_to_the_state_left(world, state):
    dossier = helpers.to_state(world, helpers.make(world, route=ROUTE_TO[state]), state)
    complaint = helpers.complain(world, dossier)
    event = perform(dossier, Action.SUSPEND, world.vhxh, complaint=complaint.pk, reason="Có đơn phản ánh")
    assert (dossier.state, dossier.state_before_suspension) == (S.SUSPENDED, state)
    assert event.data == {"complaint": complaint.pk, "reason": "Có đơn phản ánh"}
    helpers.settle(world, complaint)
    perform(dossier, Action.RESUME, world.canbovhxh)
    assert (dossier.state, dossier.state_before_suspension) == (state, "")


def test_reviewer_cannot_suspend_without_complaint(world):
    dossier = helpers.to_state(world, helpers.make(world), S.IN_REVIEW)
    assert NEEDS_COMPLAINT in refused(GuardFailed, dossier, Action.SUSPEND, world.canbovhxh, reason="Xác minh")


def test_reviewer_cannot_suspend_citing_settled_complaint(world):
    dossier = helpers.to_state(world, helpers.make(world), S.IN_REVIEW)
    complaint = helpers.settle(world, helpers.complain(world, dossier))
    reasons = refused(GuardFailed, dossier, Action.SUSPEND, world.canbovhxh, complaint=complaint.pk, reason="Xác minh")
    assert NEEDS_COMPLAINT in reasons


def test_reviewer_cannot_suspend_citing_complaint_of_another_dossier(world):
    dossier = helpers.to_state(world, helpers.make(world), S.IN_REVIEW)
    other = helpers.to_state(world, helpers.make(world, unit=world.doantn_unit), S.IN_REVIEW)
    complaint = helpers.complain(world, other)
    reasons = refused(GuardFailed, dossier, Action.SUSPEND, world.canbovhxh, complaint=complaint.pk, reason="Xác minh")
    assert NEEDS_COMPLAINT in reasons


def test_reviewer_cannot_suspend_without_reason(world):
    dossier = helpers.to_state(world, helpers.make(world), S.IN_REVIEW)
    complaint = helpers.complain(world, dossier)
    reasons = refused(GuardFailed, dossier, Action.SUSPEND, world.canbovhxh, complaint=complaint.pk)
    assert "Vui lòng nêu lý do." in reasons


def test_reviewer_cannot_suspend_draft(world):
    dossier = helpers.make(world)
    complaint = helpers.complain(world, dossier)
    reasons = refused(GuardFailed, dossier, Action.SUSPEND, world.canbovhxh, complaint=complaint.pk, reason="Xác minh")
    assert "Không thể «Tạm dừng xử lý» khi hồ sơ đang ở trạng thái «Dự thảo»." in reasons


def test_reviewer_cannot_resume_while_complaint_is_open(world):
    dossier = helpers.to_state(world, helpers.make(world), S.SUSPENDED)
    reasons = refused(GuardFailed, dossier, Action.RESUME, world.canbovhxh)
    assert "Hồ sơ còn khiếu nại, phản ánh chưa giải quyết xong." in reasons


def test_reviewer_cannot_resume_while_a_second_complaint_is_open(world):
    dossier = helpers.to_state(world, helpers.make(world), S.SUSPENDED)
    second = helpers.complain(world, dossier)
    helpers.settle(world, dossier.complaints.exclude(pk=second.pk).get())
    assert "còn khiếu nại" in refused(GuardFailed, dossier, Action.RESUME, world.canbovhxh)


def test_unit_head_cannot_suspend(world):
    dossier = helpers.to_state(world, helpers.make(world), S.IN_REVIEW)
    complaint = helpers.complain(world, dossier)
    reasons = refused(ActionNotAllowed, dossier, Action.SUSPEND, world.thcs_head, complaint=complaint.pk,
                      reason="Xác minh")
    assert "Bạn không có quyền" in reasons
