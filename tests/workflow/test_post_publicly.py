"""post_publicly: in_review -> posted, by the assignee, only if some award needs public posting.

The posting window starts today and lasts the longest `posting_days` among the nominees still in the
running. Sources: DESIGN §4 (post_publicly row); DOMAIN.md §3 (Gia đình văn hóa: posted publicly for
10 days, NĐ 86/2023) and "Publicity (công khai)".
"""

import datetime

from django.utils import timezone

from dossiers.models import DossierState
from tests.factories.commune import AwardTypeFactory
from tests.workflow import helpers
from tests.workflow.helpers import refused
from workflow.engine import Action, ActionNotAllowed, GuardFailed, perform

S = DossierState
NOTHING_TO_POST = "Không danh hiệu, hình thức nào trong hồ sơ yêu cầu niêm yết công khai."


def test_assignee_can_post_list_whose_award_needs_posting(world):
    dossier = helpers.to_state(world, helpers.make(world, route="posting"), S.IN_REVIEW)
    event = perform(dossier, Action.POST_PUBLICLY, world.canbovhxh)
    today = timezone.localdate()
    assert dossier.state == S.POSTED
    assert (dossier.posting_starts_on, dossier.posting_ends_on) == (today, today + datetime.timedelta(days=10))
    assert event.data["posting"] == [today.isoformat(), (today + datetime.timedelta(days=10)).isoformat()]


def test_assignee_cannot_post_list_whose_awards_need_no_posting(world):
    dossier = helpers.to_state(world, helpers.make(world, route="council"), S.IN_REVIEW)
    assert NOTHING_TO_POST in refused(GuardFailed, dossier, Action.POST_PUBLICLY, world.canbovhxh)


def test_assignee_cannot_post_when_only_posted_nominee_was_found_ineligible(world):
    dossier = helpers.to_state(world, helpers.mixed(world), S.IN_REVIEW)
    household = dossier.nominations.get(award_type=world.gia_dinh_van_hoa)
    helpers.assess(world, dossier, household, eligible=False, reason="Vi phạm quy ước thôn")
    assert NOTHING_TO_POST in refused(GuardFailed, dossier, Action.POST_PUBLICLY, world.canbovhxh)


def test_assignee_can_post_for_the_longest_window_of_the_nominees(world):
    shorter = AwardTypeFactory(code="TTTT", name="Tập thể tiêu biểu", posting_days=5)
    world.campaign.award_types.add(shorter)
    dossier = helpers.make(world, route="posting")
    helpers.add_nominee(world, dossier, name="Trần Văn Bình", award=shorter)
    helpers.to_state(world, dossier, S.IN_REVIEW)
    perform(dossier, Action.POST_PUBLICLY, world.canbovhxh)
    assert dossier.posting_ends_on == timezone.localdate() + datetime.timedelta(days=10)


def test_reviewer_cannot_post_dossier_taken_by_colleague(world):
    dossier = helpers.to_state(world, helpers.make(world, route="posting"), S.IN_REVIEW)
    reasons = refused(ActionNotAllowed, dossier, Action.POST_PUBLICLY, world.vhxh)
    assert "Chỉ cán bộ đang thụ lý" in reasons
