"""close_vote (system): council -> awaiting_decision or rejected, done by closing the Council session.

Every eligible nominee whose award needs a vote gets a result, passed or failed; the dossier goes to
the Chair if anything is left to award, and is rejected when everything failed. Sources: DESIGN §4
(close_vote row, outcomes eligible -> passed | failed), §8.
"""

from dossiers.models import DossierState, Outcome
from tests.workflow import helpers
from tests.workflow.helpers import refused, results_by_name
from workflow.engine import SYSTEM, Action, ActionNotAllowed, GuardFailed, perform

S = DossierState
HOA, BINH = "Nguyễn Thị Hoa", "Trần Văn Bình"


def _in_council(world, nominees=(HOA, BINH)):
    return helpers.to_state(world, helpers.make(world, nominees=nominees), S.COUNCIL)


def _outcomes(dossier):
    return dict(dossier.nominations.values_list("nominee_name", "outcome"))


def test_system_can_close_vote_with_a_passed_nominee_and_dossier_awaits_decision(world):
    dossier = _in_council(world)
    event = helpers.close_vote(dossier, results_by_name(dossier, **{HOA: "passed", BINH: "failed"}))
    assert dossier.state == S.AWAITING_DECISION
    assert _outcomes(dossier) == {HOA: Outcome.PASSED, BINH: Outcome.FAILED}
    assert (event.actor_username, event.role, event.data["session"]) == ("system", "system", "session:1")


def test_system_can_close_vote_where_everyone_failed_and_dossier_is_rejected(world):
    dossier = _in_council(world)
    helpers.close_vote(dossier, results_by_name(dossier, **{HOA: "failed", BINH: "failed"}))
    assert dossier.state == S.REJECTED
    assert _outcomes(dossier) == {HOA: Outcome.FAILED, BINH: Outcome.FAILED}


def test_system_cannot_close_vote_missing_an_eligible_nominee(world):
    dossier = _in_council(world)
    results = results_by_name(dossier, **{HOA: "passed"})
    reasons = refused(GuardFailed, dossier, Action.CLOSE_VOTE, SYSTEM, results=results)
    assert f"Chưa có kết quả biểu quyết của: {BINH}." in reasons


def test_system_cannot_close_vote_with_a_result_other_than_passed_or_failed(world):
    dossier = _in_council(world, nominees=(HOA,))
    results = results_by_name(dossier, **{HOA: "awarded"})
    reasons = refused(GuardFailed, dossier, Action.CLOSE_VOTE, SYSTEM, results=results)
    assert "Kết quả biểu quyết chỉ có thể là thông qua hoặc không thông qua." in reasons


def test_system_cannot_close_vote_on_ineligible_nominee(world):
    dossier = helpers.to_state(world, helpers.make(world, nominees=(HOA, BINH)), S.IN_REVIEW)
    helpers.assess(world, dossier, dossier.nominations.get(nominee_name=BINH), eligible=False, reason="Không đủ")
    perform(dossier, Action.FORWARD_TO_COUNCIL, world.canbovhxh)
    reasons = refused(GuardFailed, dossier, Action.CLOSE_VOTE, SYSTEM,
                      results=results_by_name(dossier, **{HOA: "passed", BINH: "passed"}))
    assert f"{BINH} không thể được biểu quyết (kết quả hiện tại: Không đủ điều kiện)." in reasons


def test_system_can_close_vote_without_results_for_ineligible_nominee(world):
    dossier = helpers.to_state(world, helpers.make(world, nominees=(HOA, BINH)), S.IN_REVIEW)
    helpers.assess(world, dossier, dossier.nominations.get(nominee_name=BINH), eligible=False, reason="Không đủ")
    perform(dossier, Action.FORWARD_TO_COUNCIL, world.canbovhxh)
    helpers.close_vote(dossier, results_by_name(dossier, **{HOA: "passed"}))
    assert dossier.state == S.AWAITING_DECISION


def test_system_can_close_vote_where_voted_nominee_failed_but_one_needing_no_vote_remains(world):
    """A household (no vote needed) stays eligible: the dossier still goes to the Chair, not to rejection."""
    dossier = helpers.to_state(world, helpers.mixed(world, route="posting", name=BINH), S.IN_REVIEW)
    helpers.post_days_ago(world, dossier, 11)
    perform(dossier, Action.FORWARD_TO_COUNCIL, world.canbovhxh)
    helpers.close_vote(dossier, results_by_name(dossier, **{BINH: "failed"}))
    assert dossier.state == S.AWAITING_DECISION
    household = dossier.nominations.get(award_type=world.gia_dinh_van_hoa)
    assert household.outcome == Outcome.ELIGIBLE
    helpers.decide(world, dossier, awarded=[household.pk])
    assert dossier.state == S.DECIDED


def test_council_secretary_cannot_close_vote_directly(world):
    dossier = _in_council(world, nominees=(HOA,))
    results = results_by_name(dossier, **{HOA: "passed"})
    reasons = refused(ActionNotAllowed, dossier, Action.CLOSE_VOTE, world.vhxh, results=results)
    assert "Thao tác này do hệ thống tự thực hiện, không thực hiện trực tiếp được." in reasons
