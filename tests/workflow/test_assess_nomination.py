"""assess_nomination: while in_review the assignee marks each nominee eligible or ineligible.

An ineligible finding needs a written reason (DESIGN §4 outcomes: proposed -> ineligible | eligible
(review)); the dossier keeps its state but its version rises and the act is audited.
"""

from dossiers.models import DossierState, Outcome
from tests.workflow import helpers
from tests.workflow.helpers import refused, snapshot
from workflow.engine import Action, ActionNotAllowed, GuardFailed

S = DossierState


def _in_review(world, **kwargs):
    return helpers.to_state(world, helpers.make(world, **kwargs), S.IN_REVIEW)


def test_assignee_can_mark_nominee_eligible_without_reason(world):
    dossier = _in_review(world)
    nomination = dossier.nominations.get()
    before = snapshot(dossier)
    event = helpers.assess(world, dossier, nomination, eligible=True)
    nomination.refresh_from_db()
    assert nomination.outcome == Outcome.ELIGIBLE
    assert dossier.state == S.IN_REVIEW
    assert dossier.version == before.version + 1
    assert (event.action, event.from_state, event.to_state) == ("assess_nomination", S.IN_REVIEW, S.IN_REVIEW)
    assert event.data == {"nominations": {str(nomination.pk): "eligible"}}


def test_assignee_can_mark_nominee_ineligible_with_reason(world):
    dossier = _in_review(world)
    nomination = dossier.nominations.get()
    event = helpers.assess(world, dossier, nomination, eligible=False, reason="Bị kỷ luật khiển trách trong năm")
    nomination.refresh_from_db()
    assert (nomination.outcome, nomination.outcome_reason) == (Outcome.INELIGIBLE, "Bị kỷ luật khiển trách trong năm")
    assert event.data["reason"] == "Bị kỷ luật khiển trách trong năm"


def test_assignee_cannot_mark_nominee_ineligible_without_reason(world):
    dossier = _in_review(world)
    nomination = dossier.nominations.get()
    reasons = refused(GuardFailed, dossier, Action.ASSESS_NOMINATION, world.canbovhxh, nomination=nomination.pk,
                      eligible=False, reason="  ")
    assert "Vui lòng nêu lý do không đủ điều kiện." in reasons


def test_assignee_can_find_ineligible_nominee_eligible_again_and_old_reason_is_cleared(world):
    dossier = _in_review(world)
    nomination = dossier.nominations.get()
    helpers.assess(world, dossier, nomination, eligible=False, reason="Thiếu xác nhận")
    helpers.assess(world, dossier, nomination, eligible=True)
    nomination.refresh_from_db()
    assert (nomination.outcome, nomination.outcome_reason) == (Outcome.ELIGIBLE, "")


def test_assignee_cannot_assess_nominee_of_another_dossier(world):
    dossier = _in_review(world)
    stranger = helpers.make(world, unit=world.doantn_unit).nominations.get()
    reasons = refused(GuardFailed, dossier, Action.ASSESS_NOMINATION, world.canbovhxh, nomination=stranger.pk,
                      eligible=True)
    assert f"Người được đề nghị #{stranger.pk} không thuộc hồ sơ này." in reasons


def test_assignee_cannot_assess_after_forwarding_to_council(world):
    dossier = helpers.to_state(world, helpers.make(world), S.COUNCIL)
    reasons = refused(GuardFailed, dossier, Action.ASSESS_NOMINATION, world.canbovhxh,
                      nomination=dossier.nominations.get().pk, eligible=False, reason="Phát hiện sai sót")
    assert "Không thể «Đánh giá điều kiện người được đề nghị» khi hồ sơ đang ở trạng thái «Chờ Hội đồng xét»." in (
        reasons
    )


def test_reviewer_cannot_assess_nominee_of_dossier_taken_by_colleague(world):
    dossier = _in_review(world)
    reasons = refused(ActionNotAllowed, dossier, Action.ASSESS_NOMINATION, world.vhxh,
                      nomination=dossier.nominations.get().pk, eligible=True)
    assert "Chỉ cán bộ đang thụ lý" in reasons
