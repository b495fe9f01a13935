"""reject: in_review -> rejected by the assignee reviewer; awaiting_decision -> rejected by the Chair.

A reason is required; every nominee still in the running becomes not_awarded. Source: DESIGN §4
(reject row, outcomes).
"""

from dossiers.models import DossierState, Outcome
from tests.workflow import helpers
from tests.workflow.helpers import refused, results_by_name
from workflow.engine import Action, ActionNotAllowed, GuardFailed, perform

S = DossierState


def test_assignee_can_reject_in_review_and_nominees_are_not_awarded(world):
    dossier = helpers.to_state(world, helpers.make(world, nominees=("Nguyễn Thị Hoa", "Trần Văn Bình")), S.IN_REVIEW)
    binh = dossier.nominations.get(nominee_name="Trần Văn Bình")
    helpers.assess(world, dossier, binh, eligible=False, reason="Kỷ luật")
    event = perform(dossier, Action.REJECT, world.canbovhxh, reason="Không đủ tiêu chuẩn")
    assert dossier.state == S.REJECTED
    assert dict(dossier.nominations.values_list("nominee_name", "outcome")) == {
        "Nguyễn Thị Hoa": Outcome.NOT_AWARDED, "Trần Văn Bình": Outcome.INELIGIBLE,
    }
    assert event.data["reason"] == "Không đủ tiêu chuẩn"


def test_assignee_cannot_reject_without_reason(world):
    dossier = helpers.to_state(world, helpers.make(world), S.IN_REVIEW)
    assert "Vui lòng nêu lý do." in refused(GuardFailed, dossier, Action.REJECT, world.canbovhxh, reason="")


def test_chair_can_reject_awaiting_decision_and_passed_nominees_are_not_awarded(world):
    dossier = helpers.to_state(world, helpers.make(world, nominees=("Nguyễn Thị Hoa", "Trần Văn Bình")), S.COUNCIL)
    helpers.close_vote(dossier, results_by_name(dossier, **{"Nguyễn Thị Hoa": "passed", "Trần Văn Bình": "failed"}))
    perform(dossier, Action.REJECT, world.chutich, reason="Đã khen thưởng cho cùng thành tích")
    assert dossier.state == S.REJECTED
    assert dict(dossier.nominations.values_list("nominee_name", "outcome")) == {
        "Nguyễn Thị Hoa": Outcome.NOT_AWARDED, "Trần Văn Bình": Outcome.FAILED,
    }


def test_chair_cannot_reject_without_reason(world):
    dossier = helpers.to_state(world, helpers.make(world, route="chair"), S.AWAITING_DECISION)
    assert "Vui lòng nêu lý do." in refused(GuardFailed, dossier, Action.REJECT, world.chutich, reason=" ")


def test_chair_cannot_reject_while_dossier_is_in_review(world):
    """At in_review the decision to reject is the assignee reviewer's."""
    dossier = helpers.to_state(world, helpers.make(world), S.IN_REVIEW)
    assert "Bạn không có quyền" in refused(ActionNotAllowed, dossier, Action.REJECT, world.chutich, reason="Không đủ")


def test_reviewer_cannot_reject_awaiting_decision(world):
    dossier = helpers.to_state(world, helpers.make(world, route="chair"), S.AWAITING_DECISION)
    assert "Bạn không có quyền" in refused(ActionNotAllowed, dossier, Action.REJECT, world.canbovhxh, reason="Không đủ")
