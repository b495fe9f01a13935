"""List pages run a constant number of queries, whatever the number of dossiers (STYLE: queries)."""

import pytest
from django.urls import reverse

from dossiers.models import Dossier
from workflow import engine
from workflow.actions import Action
from workflow.notifications import notify

BUDGET = 12


def make_drafts(world, count):
    for i in range(count - Dossier.objects.count()):
        dossier = world.draft(title=f"Hồ sơ {i}")
        world.complete(dossier, nominees=(f"Nguyễn Văn {i}",))


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize("page", ["dossier_list", "my_work"])
def test_unit_list_pages_stay_within_the_query_budget(world, client_for, django_assert_max_num_queries, count, page):
    make_drafts(world, count)
    client = client_for(world.thcs)
    with django_assert_max_num_queries(BUDGET):
        response = client.get(reverse(page))
    assert len(response.context["page_obj"]) == min(count, 25)


@pytest.mark.parametrize("count", [1, 30])
def test_filtered_list_stays_within_the_query_budget(world, client_for, django_assert_max_num_queries, count):
    make_drafts(world, count)
    client = client_for(world.kiemtra)
    params = {"q": "nguyen van", "state": "draft", "unit": world.thcs_unit.pk, "campaign": world.campaign.pk,
              "award_type": world.lao_dong_tien_tien.pk}
    with django_assert_max_num_queries(BUDGET):
        response = client.get(reverse("dossier_list"), params)
    assert len(response.context["page_obj"]) == min(count, 25)


@pytest.mark.parametrize("count", [1, 30])
def test_reviewer_inbox_stays_within_the_query_budget(world, client_for, django_assert_max_num_queries, count):
    for _ in range(count):
        world.advance(world.ready(), "submitted")
    client = client_for(world.canbovhxh)
    with django_assert_max_num_queries(BUDGET):
        response = client.get(reverse("claim_queue"))
    assert len(response.context["page_obj"]) == min(count, 25)
    for dossier in list(Dossier.objects.filter(state="submitted"))[:count // 2 + 1]:
        engine.perform(dossier, Action.TAKE, world.canbovhxh)
    with django_assert_max_num_queries(BUDGET):
        response = client.get(reverse("my_work"))
    assert len(response.context["page_obj"]) == min(count // 2 + 1, 25)


@pytest.mark.parametrize("count", [1, 30])
def test_notifications_page_stays_within_the_query_budget(world, client_for, django_assert_max_num_queries, count):
    for i in range(count):
        notify([world.canbovhxh], f"Thông báo {i}", "Nội dung.", url="/ho-so/1/")
    client = client_for(world.canbovhxh)
    with django_assert_max_num_queries(BUDGET):
        response = client.get(reverse("notifications"))
    assert len(response.context["page_obj"]) == min(count, 25)
