"""forward_to_chair: in_review, posted -> awaiting_decision, by the assignee, when no nominee needs a vote.

The simplified procedure (đột xuất, or awards without a Council vote) goes straight to the Chair.
Guards as for the Council (posting over, no open complaint, someone still in the running) and no
nominee still waiting for a vote. Sources: DESIGN §4; DOMAIN.md §3 ("Thủ tục đơn giản") and the
state sketch "Simplified procedure / đột xuất".
"""

from dossiers.models import DossierState, Outcome
from tests.workflow import helpers
from tests.workflow.helpers import refused
from workflow.engine import Action, ActionNotAllowed, GuardFailed, perform

S = DossierState
NEEDS_VOTE = "Có đề nghị phải được Hội đồng Thi đua - Khen thưởng xét trước khi trình Chủ tịch."


def _in_review(world, **kwargs):
    return helpers.to_state(world, helpers.make(world, **kwargs), S.IN_REVIEW)


def test_assignee_can_forward_ad_hoc_dossier_to_chair_and_nominees_become_eligible(world):
    dossier = _in_review(world, route="chair")
    event = perform(dossier, Action.FORWARD_TO_CHAIR, world.canbovhxh)
    assert dossier.state == S.AWAITING_DECISION
    assert list(dossier.nominations.values_list("outcome", flat=True)) == [Outcome.ELIGIBLE]
    assert (event.from_state, event.to_state) == (S.IN_REVIEW, S.AWAITING_DECISION)


def test_assignee_cannot_forward_to_chair_when_a_nominee_needs_a_vote(world):
    dossier = _in_review(world, route="council")
    assert NEEDS_VOTE in refused(GuardFailed, dossier, Action.FORWARD_TO_CHAIR, world.canbovhxh)


def test_assignee_cannot_forward_to_chair_mixed_dossier_with_nominee_needing_vote(world):
    dossier = helpers.to_state(world, helpers.mixed(world, route="chair"), S.IN_REVIEW)
    assert NEEDS_VOTE in refused(GuardFailed, dossier, Action.FORWARD_TO_CHAIR, world.canbovhxh)


def test_assignee_can_forward_to_chair_once_nominee_needing_vote_is_ineligible(world):
    dossier = helpers.to_state(world, helpers.mixed(world, route="chair"), S.IN_REVIEW)
    needs_vote = dossier.nominations.get(award_type=world.lao_dong_tien_tien)
    helpers.assess(world, dossier, needs_vote, eligible=False, reason="Không đủ điều kiện")
    perform(dossier, Action.FORWARD_TO_CHAIR, world.canbovhxh)
    assert dossier.state == S.AWAITING_DECISION
    needs_vote.refresh_from_db()
    assert needs_vote.outcome == Outcome.INELIGIBLE


def test_assignee_cannot_forward_to_chair_when_every_nominee_is_ineligible(world):
    dossier = _in_review(world, route="chair")
    helpers.assess(world, dossier, dossier.nominations.get(), eligible=False, reason="Không đủ điều kiện")
    reasons = refused(GuardFailed, dossier, Action.FORWARD_TO_CHAIR, world.canbovhxh)
    assert "Mọi người được đề nghị đều không đủ điều kiện" in reasons


def test_assignee_cannot_forward_to_chair_before_household_list_is_posted(world):
    dossier = _in_review(world, route="posting")
    reasons = refused(GuardFailed, dossier, Action.FORWARD_TO_CHAIR, world.canbovhxh)
    assert "Danh sách phải được niêm yết công khai trước khi chuyển tiếp." in reasons


def test_assignee_cannot_forward_to_chair_while_list_is_still_posted(world):
    dossier = _in_review(world, route="posting")
    helpers.post_days_ago(world, dossier, 3)
    reasons = refused(GuardFailed, dossier, Action.FORWARD_TO_CHAIR, world.canbovhxh)
    assert "Thời gian niêm yết công khai chưa kết thúc" in reasons


def test_assignee_can_forward_to_chair_once_posting_window_is_over(world):
    dossier = _in_review(world, route="posting")
    helpers.post_days_ago(world, dossier, 11)
    event = perform(dossier, Action.FORWARD_TO_CHAIR, world.canbovhxh)
    assert (event.from_state, event.to_state) == (S.POSTED, S.AWAITING_DECISION)


def test_assignee_cannot_forward_to_chair_while_complaint_is_open(world):
    dossier = _in_review(world, route="chair")
    helpers.complain(world, dossier)
    reasons = refused(GuardFailed, dossier, Action.FORWARD_TO_CHAIR, world.canbovhxh)
    assert "Hồ sơ còn khiếu nại, phản ánh chưa giải quyết xong." in reasons


def test_assignee_can_forward_to_chair_once_complaint_is_settled(world):
    dossier = _in_review(world, route="chair")
    helpers.settle(world, helpers.complain(world, dossier))
    perform(dossier, Action.FORWARD_TO_CHAIR, world.canbovhxh)
    assert dossier.state == S.AWAITING_DECISION


def test_council_secretary_cannot_forward_to_chair_dossier_taken_by_reviewer(world):
    dossier = _in_review(world, route="chair")
    reasons = refused(ActionNotAllowed, dossier, Action.FORWARD_TO_CHAIR, world.vhxh)
    assert "Chỉ cán bộ đang thụ lý hồ sơ mới được thực hiện thao tác này." in reasons
