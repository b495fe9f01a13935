"""send_back: awaiting_decision -> in_review, by the Chair (or a delegate), with a reason.

The dossier returns to its assignee; votes already taken stand, so a voted dossier goes back to the
Chair directly. Source: DESIGN §4 (send_back row).
"""

from dossiers.models import DossierState, Outcome
from tests.workflow import helpers
from tests.workflow.helpers import refused, results_by_name
from workflow.engine import Action, ActionNotAllowed, GuardFailed, perform

S = DossierState


def _awaiting(world, route="chair"):
    return helpers.to_state(world, helpers.make(world, route=route), S.AWAITING_DECISION)


def test_chair_can_send_back_with_reason_to_the_assignee(world):
    dossier = _awaiting(world)
    event = perform(dossier, Action.SEND_BACK, world.chutich, reason="Làm rõ thành tích cứu người")
    assert dossier.state == S.IN_REVIEW
    assert dossier.assignee == world.canbovhxh
    assert (event.role, event.data["reason"]) == ("chair", "Làm rõ thành tích cứu người")


def test_chair_cannot_send_back_without_reason(world):
    dossier = _awaiting(world)
    assert "Vui lòng nêu lý do." in refused(GuardFailed, dossier, Action.SEND_BACK, world.chutich)


def test_reviewer_cannot_send_back(world):
    dossier = _awaiting(world)
    reasons = refused(ActionNotAllowed, dossier, Action.SEND_BACK, world.canbovhxh, reason="Xem lại")
    assert "Bạn không có quyền" in reasons


def test_assignee_can_forward_again_to_chair_after_send_back(world):
    dossier = _awaiting(world)
    perform(dossier, Action.SEND_BACK, world.chutich, reason="Làm rõ thành tích")
    perform(dossier, Action.FORWARD_TO_CHAIR, world.canbovhxh)
    assert dossier.state == S.AWAITING_DECISION


def test_assignee_can_forward_voted_dossier_again_to_chair_after_send_back(world):
    """The Council's results stand: nothing waits for a vote, so the dossier is not stuck."""
    dossier = helpers.to_state(world, helpers.make(world, nominees=("Nguyễn Thị Hoa", "Trần Văn Bình")), S.COUNCIL)
    helpers.close_vote(dossier, results_by_name(dossier, **{"Nguyễn Thị Hoa": "passed", "Trần Văn Bình": "failed"}))
    perform(dossier, Action.SEND_BACK, world.chutich, reason="Bổ sung biên bản họp Hội đồng")
    perform(dossier, Action.FORWARD_TO_CHAIR, world.canbovhxh)
    assert dossier.state == S.AWAITING_DECISION
    assert dict(dossier.nominations.values_list("nominee_name", "outcome")) == {
        "Nguyễn Thị Hoa": Outcome.PASSED, "Trần Văn Bình": Outcome.FAILED,
    }


def test_assignee_cannot_forward_voted_dossier_to_council_again_after_send_back(world):
    dossier = helpers.to_state(world, helpers.make(world), S.AWAITING_DECISION)
    perform(dossier, Action.SEND_BACK, world.chutich, reason="Bổ sung biên bản họp Hội đồng")
    reasons = refused(GuardFailed, dossier, Action.FORWARD_TO_COUNCIL, world.canbovhxh)
    assert "Không có đề nghị nào cần Hội đồng xét" in reasons
