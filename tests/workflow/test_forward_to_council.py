"""forward_to_council: in_review, posted -> council, by the assignee or the council secretary.

Guards (DESIGN §4): some nominee is still in the running; the posting window is over where an award
needs posting; no complaint is open; at least one nominee needs the Council's vote. Nominees still
`proposed` become `eligible` (DESIGN §4 nomination outcomes). DOMAIN.md "Publicity": block the Council
vote until the posting period has ended and objections are resolved.
"""

from dossiers.models import Dossier, DossierState, Outcome
from roles.models import Role
from tests.conftest import grant
from tests.workflow import helpers
from tests.workflow.helpers import refused
from workflow.engine import Action, ActionNotAllowed, GuardFailed, perform

S = DossierState
NO_VOTE_NEEDED = "Không có đề nghị nào cần Hội đồng xét: hãy trình thẳng Chủ tịch."


def _in_review(world, **kwargs):
    return helpers.to_state(world, helpers.make(world, **kwargs), S.IN_REVIEW)


def test_assignee_can_forward_to_council_and_proposed_nominees_become_eligible(world):
    dossier = _in_review(world, nominees=("Nguyễn Thị Hoa", "Trần Văn Bình"))
    binh = dossier.nominations.get(nominee_name="Trần Văn Bình")
    helpers.assess(world, dossier, binh, eligible=False, reason="Chưa đủ 10 tháng công tác")
    event = perform(dossier, Action.FORWARD_TO_COUNCIL, world.canbovhxh)
    assert dossier.state == S.COUNCIL
    outcomes = dict(dossier.nominations.values_list("nominee_name", "outcome"))
    assert outcomes == {"Nguyễn Thị Hoa": Outcome.ELIGIBLE, "Trần Văn Bình": Outcome.INELIGIBLE}
    assert event.data["nominations"] == {str(dossier.nominations.get(nominee_name="Nguyễn Thị Hoa").pk): "eligible"}


def test_council_secretary_can_forward_dossier_taken_by_a_reviewer(world):
    dossier = _in_review(world)
    event = perform(dossier, Action.FORWARD_TO_COUNCIL, world.vhxh)
    assert dossier.state == S.COUNCIL
    assert event.role == "office_head"


def test_council_secretary_cannot_forward_dossier_they_created(world):
    both = grant(world.vhxh, world.thcs_unit, Role.UNIT_OFFICER)  # the secretary is also an officer of THCS
    dossier = world.draft(officer=both)
    world.complete(dossier, officer=both)
    helpers.to_state(world, dossier, S.IN_REVIEW)
    reasons = refused(ActionNotAllowed, dossier, Action.FORWARD_TO_COUNCIL, both)
    assert "Người đã lập hoặc trình hồ sơ không được thẩm định, xử lý chính hồ sơ đó." in reasons


def test_assignee_cannot_forward_to_council_when_no_nominee_needs_a_vote(world):
    dossier = _in_review(world, route="chair")
    assert NO_VOTE_NEEDED in refused(GuardFailed, dossier, Action.FORWARD_TO_COUNCIL, world.canbovhxh)


def test_assignee_cannot_forward_to_council_when_only_nominee_needing_vote_is_ineligible(world):
    dossier = helpers.to_state(world, helpers.mixed(world, route="chair"), S.IN_REVIEW)
    needs_vote = dossier.nominations.get(award_type=world.lao_dong_tien_tien)
    helpers.assess(world, dossier, needs_vote, eligible=False, reason="Không đủ điều kiện")
    assert NO_VOTE_NEEDED in refused(GuardFailed, dossier, Action.FORWARD_TO_COUNCIL, world.canbovhxh)


def test_assignee_cannot_forward_to_council_when_every_nominee_is_ineligible(world):
    dossier = _in_review(world)
    helpers.assess(world, dossier, dossier.nominations.get(), eligible=False, reason="Không đủ điều kiện")
    reasons = refused(GuardFailed, dossier, Action.FORWARD_TO_COUNCIL, world.canbovhxh)
    assert "Mọi người được đề nghị đều không đủ điều kiện: hãy chọn «Không khen thưởng»." in reasons


def test_assignee_cannot_forward_to_council_before_list_is_posted(world):
    dossier = helpers.to_state(world, helpers.mixed(world), S.IN_REVIEW)
    reasons = refused(GuardFailed, dossier, Action.FORWARD_TO_COUNCIL, world.canbovhxh)
    assert "Danh sách phải được niêm yết công khai trước khi chuyển tiếp." in reasons


def test_assignee_cannot_forward_to_council_on_last_day_of_posting(world):
    dossier = helpers.to_state(world, helpers.mixed(world), S.IN_REVIEW)
    helpers.post_days_ago(world, dossier, 10)
    reasons = refused(GuardFailed, dossier, Action.FORWARD_TO_COUNCIL, world.canbovhxh)
    assert f"Thời gian niêm yết công khai chưa kết thúc (đến hết ngày {dossier.posting_ends_on:%d/%m/%Y})." in reasons


def test_assignee_can_forward_to_council_once_posting_window_is_over(world):
    dossier = helpers.to_state(world, helpers.mixed(world), S.IN_REVIEW)
    helpers.post_days_ago(world, dossier, 11)
    event = perform(dossier, Action.FORWARD_TO_COUNCIL, world.canbovhxh)
    assert (event.from_state, event.to_state) == (S.POSTED, S.COUNCIL)


def test_assignee_cannot_forward_to_council_while_complaint_is_open(world):
    dossier = _in_review(world)
    helpers.complain(world, dossier)
    reasons = refused(GuardFailed, dossier, Action.FORWARD_TO_COUNCIL, world.canbovhxh)
    assert "Hồ sơ còn khiếu nại, phản ánh chưa giải quyết xong." in reasons


def test_assignee_can_forward_to_council_once_complaint_is_settled(world):
    dossier = _in_review(world)
    helpers.settle(world, helpers.complain(world, dossier))
    perform(dossier, Action.FORWARD_TO_COUNCIL, world.canbovhxh)
    assert dossier.state == S.COUNCIL


def test_assignee_can_forward_and_their_dossier_object_shows_the_new_outcomes(world):
    """perform refreshes the caller's object, its prefetched nominations included (DESIGN §5 returns fresh state)."""
    dossier = _in_review(world)
    seen = Dossier.objects.prefetch_related("nominations").get(pk=dossier.pk)
    assert [n.outcome for n in seen.nominations.all()] == [Outcome.PROPOSED]
    perform(seen, Action.FORWARD_TO_COUNCIL, world.canbovhxh)
    assert (seen.state, seen.version) == (S.COUNCIL, Dossier.objects.get(pk=dossier.pk).version)
    assert [n.outcome for n in seen.nominations.all()] == [Outcome.ELIGIBLE]
