""""Đợt thi đua" (issue 6, item 2): a unit sees the campaigns of its commune it may propose for and until when,
with what it has already filed in each, and opens "Lập hồ sơ" with the campaign chosen. Deadlines read as
Decree 30 writes dates; a unit never sees another commune's campaigns; the page keeps a constant query count."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from documents.formatting import vietnamese_date
from dossiers.models import CommendationKind, Dossier
from tests.factories.commune import CampaignFactory
from tests.web.a11y import problems_of
from tests.web.conftest import text

URL = reverse("campaign_list")
CREATE = reverse("dossier_create")
BUDGET = 9


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def rounds(world):
    """Besides the world's open campaigns (no deadline, đột xuất): one closing in 10 days, one closed yesterday,
    one opening next month, and an open one of the other commune."""
    awards = [world.lao_dong_tien_tien, world.giay_khen]
    return {
        "soon": CampaignFactory(commune=world.commune, name="Phong trào Chuyển đổi số", kind=CommendationKind.THEMATIC,
                                submission_deadline=in_days(10), award_types=awards),
        "closed": CampaignFactory(commune=world.commune, name="Khen thưởng theo đợt quý III", year=2025,
                                  kind=CommendationKind.BY_ROUND, submission_deadline=in_days(-1), award_types=awards),
        "later": CampaignFactory(commune=world.commune, name="Phong trào năm sau", opens_on=in_days(30),
                                 submission_deadline=in_days(60), award_types=awards),
        "elsewhere": CampaignFactory(commune=world.other_commune, name="Phong trào của xã Khác",
                                     submission_deadline=in_days(5), award_types=awards),
    }


def rows_of(response) -> dict[int, object]:
    return {row.campaign.pk: row for row in response.context["rows"]}


def test_unit_officer_sees_open_campaigns_first_with_vietnamese_deadlines_and_days_left(world, client_for, rounds):
    response = client_for(world.thcs).get(URL)
    page = text(response)
    assert response.status_code == 200
    order = [row.campaign.pk for row in response.context["rows"]]
    # Open ones first, the nearest deadline first and the ones without a deadline after; closed last.
    assert order[0] == rounds["soon"].pk
    assert set(order[1:3]) == {world.campaign.pk, world.ad_hoc_campaign.pk}
    assert order[3:] == [rounds["later"].pk, rounds["closed"].pk]
    assert vietnamese_date(in_days(10)) in page and "Còn 10 ngày" in page
    assert "Số ngày còn lại tính theo lịch" in page
    assert "Chuyên đề" in page and "Theo đợt" in page and "Đột xuất" in page
    assert "Giấy khen của Chủ tịch UBND xã; Lao động tiên tiến" in page


def test_unit_officer_sees_that_an_ad_hoc_campaign_has_no_deadline(world, client_for):
    world.ad_hoc_campaign.submission_deadline = in_days(-30)  # ignored: đột xuất dossiers are taken any day
    world.ad_hoc_campaign.save()
    row = rows_of(client_for(world.thcs).get(URL))[world.ad_hoc_campaign.pk]
    assert row.accepts and row.deadline is None
    assert "không có hạn nộp" in text(client_for(world.thcs).get(URL))


def test_closed_and_not_yet_open_campaigns_are_marked_and_offer_no_create_button(world, client_for, rounds):
    response = client_for(world.thcs).get(URL)
    page = text(response)
    assert "Đã hết hạn" in page
    assert f"Nhận hồ sơ từ {vietnamese_date(in_days(30))}" in page
    assert f'href="{CREATE}?campaign={rounds["soon"].pk}"' in page
    assert f'href="{CREATE}?campaign={rounds["closed"].pk}"' not in page
    assert f'href="{CREATE}?campaign={rounds["later"].pk}"' not in page


def test_deadline_of_today_says_it_is_the_last_day(world, client_for):
    CampaignFactory(commune=world.commune, name="Đợt hết hạn hôm nay", submission_deadline=in_days(0))
    page = text(client_for(world.thcs).get(URL))
    assert "Hôm nay là ngày cuối" in page


def test_unit_officer_sees_how_many_dossiers_their_unit_has_in_each_campaign_and_their_states(world, client_for):
    world.draft()
    world.advance(world.ready(), "submitted")
    world.draft(unit=world.doantn_unit, officer=world.doantn)  # another unit's: not counted
    response = client_for(world.thcs).get(URL)
    row = rows_of(response)[world.campaign.pk]
    assert row.dossier_count == 2
    assert row.states == [("Dự thảo", 1), ("Đã trình", 1)]
    assert rows_of(response)[world.ad_hoc_campaign.pk].dossier_count == 0
    page = text(response)
    assert "2 hồ sơ" in page and "Dự thảo: 1 · Đã trình: 1" in page
    assert f'href="{reverse("dossier_list")}?campaign={world.campaign.pk}"' in page


def test_unit_officer_cannot_see_another_communes_campaigns(world, client_for, rounds):
    rows = rows_of(client_for(world.thcs).get(URL))
    assert rounds["elsewhere"].pk not in rows and world.other_campaign.pk not in rows
    theirs = rows_of(client_for(world.other_officer).get(URL))
    assert set(theirs) == {world.other_campaign.pk, rounds["elsewhere"].pk}


def test_reviewer_can_read_the_campaigns_of_the_commune_counting_submitted_dossiers_only(world, client_for):
    world.draft()
    world.advance(world.ready(), "submitted")
    response = client_for(world.canbovhxh).get(URL)
    assert response.status_code == 200
    assert rows_of(response)[world.campaign.pk].states == [("Đã trình", 1)]
    assert f'href="{CREATE}?' not in text(response)


def test_person_without_roles_cannot_see_campaigns(world, client_for):
    response = client_for(world.quantri).get(URL)
    assert response.status_code == 403
    assert "không có đợt thi đua để xem" in text(response)
    assert response.context["rows"] == []


def test_create_form_preselects_an_open_campaign_of_the_unit(world, client_for, rounds):
    response = client_for(world.thcs).get(CREATE, {"campaign": rounds["soon"].pk})
    assert response.status_code == 200
    assert response.context["form"].initial["campaign"] == str(rounds["soon"].pk)
    assert f'<option value="{rounds["soon"].pk}" selected>' in text(response)
    assert not response.context["campaign_ignored"]


@pytest.mark.parametrize("wanted", ["elsewhere", "closed", "later", "missing", "garbage"])
def test_create_form_cannot_preselect_a_campaign_the_unit_may_not_choose(world, client_for, rounds, wanted):
    value = {"missing": "999999", "garbage": "1 OR 1=1"}.get(wanted) or str(rounds[wanted].pk)
    before = Dossier.objects.count()
    response = client_for(world.thcs).get(CREATE, {"campaign": value})
    page = text(response)
    assert response.status_code == 200
    assert "campaign" not in response.context["form"].initial
    choices = page.split('id="id_campaign"')[1].split("</select>")[0]
    selected = [line.strip() for line in choices.splitlines() if " selected>" in line]
    assert selected == ['<option value="" selected>---------</option>']
    assert f'value="{rounds["elsewhere"].pk}"' not in choices
    assert "nên chưa được chọn sẵn" in page
    assert Dossier.objects.count() == before


def test_create_form_names_each_campaigns_deadline(world, client_for, rounds):
    page = text(client_for(world.thcs).get(CREATE))
    assert f"Phong trào Chuyển đổi số (Chuyên đề, 2025; hạn nộp {vietnamese_date(in_days(10))})" in page
    assert "Khen thưởng đột xuất năm 2025 (Đột xuất, 2025; không có hạn nộp)" in page


def test_my_work_of_a_unit_officer_lists_the_open_campaigns_with_their_deadline(world, client_for, rounds):
    page = text(client_for(world.thcs).get(reverse("my_work")))
    assert "Đợt thi đua đang nhận hồ sơ" in page
    assert f"Phong trào Chuyển đổi số — hạn nộp {vietnamese_date(in_days(10))}" in page and "còn 10 ngày" in page
    assert "Khen thưởng đột xuất năm 2025 — không có hạn nộp" in page
    assert "Khen thưởng theo đợt quý III" not in page and "Phong trào năm sau" not in page
    assert "Phong trào của xã Khác" not in page
    assert f'href="{URL}"' in page.split("</nav>")[1]


def test_my_work_of_a_unit_officer_shows_only_the_nearest_deadlines_and_counts_the_others(world, client_for):
    for i in range(6):
        CampaignFactory(commune=world.commune, name=f"Đợt số {i}", submission_deadline=in_days(i + 1))
    response = client_for(world.thcs).get(reverse("my_work"))
    shown = [row.campaign.name for row in response.context["open_campaigns"]]
    assert shown == [f"Đợt số {i}" for i in range(5)]
    assert "Còn 3 đợt khác đang nhận hồ sơ." in text(response)  # the sixth and the two without a deadline


def test_my_work_of_a_reviewer_has_no_campaigns_to_propose_for(world, client_for, rounds):
    page = text(client_for(world.canbovhxh).get(reverse("my_work")))
    assert "Đợt thi đua đang nhận hồ sơ" not in page


@pytest.mark.parametrize("persona, offered", [
    ("thcs", True), ("doantn", True), ("canbovhxh", False), ("chutich", False), ("kiemtra", False),
    ("hoidong1", False), ("quantri", False),
])
def test_the_menu_offers_campaigns_to_those_who_propose(world, client_for, persona, offered):
    nav = text(client_for(getattr(world, persona)).get(reverse("my_work"))).split("</nav>")[0]
    assert (f'href="{URL}"' in nav) is offered


@pytest.mark.parametrize("count", [1, 20])
def test_campaigns_page_stays_within_the_query_budget(world, client_for, django_assert_max_num_queries, count):
    for i in range(count):
        campaign = CampaignFactory(commune=world.commune, name=f"Đợt {i}", submission_deadline=in_days(i + 1),
                                   award_types=[world.lao_dong_tien_tien, world.giay_khen])
        world.draft(campaign=campaign, title=f"Hồ sơ {i}")
    client = client_for(world.thcs)
    with django_assert_max_num_queries(BUDGET):
        response = client.get(URL)
    assert len(response.context["rows"]) == count + 2


@pytest.mark.parametrize("persona", ["thcs", "canbovhxh"])
def test_campaigns_page_is_accessible(world, client_for, rounds, persona):
    assert problems_of(text(client_for(getattr(world, persona)).get(URL)), URL) == []


def test_create_form_with_an_ignored_campaign_is_accessible(world, client_for, rounds):
    path = f"{CREATE}?campaign={rounds['closed'].pk}"
    assert problems_of(text(client_for(world.thcs).get(path)), CREATE) == []


def test_campaigns_page_gives_deadlines_in_english_after_switching(world, client_for, rounds):
    client = client_for(world.thcs)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    try:
        page = text(client.get(URL))
    finally:
        translation.activate(settings.LANGUAGE_CODE)
    deadline = in_days(10)
    assert f"{deadline.day} {deadline:%B} {deadline.year}" in page and "10 days left" in page
    assert "Closed: the deadline has passed" in page
