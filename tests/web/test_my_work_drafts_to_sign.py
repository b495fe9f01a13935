"""The Chair lands on "Việc của tôi": the draft decisions waiting for their signature are counted there, with a
link to the signing queue (issue 6, UX: the Chair decides by signing, on the decisions pages)."""

from django.urls import reverse

from tests.decisions import helpers


def test_chair_can_reach_the_drafts_to_sign_from_my_work(world, client_for):
    helpers.draft(world, helpers.awaiting(world, nominees=("Nguyễn Thị Hoa",)))
    page = client_for(world.chutich).get(reverse("my_work")).content.decode()
    assert f'<a href="{reverse("decisions:queue")}">1 dự thảo quyết định đang chờ ký.</a>' in page


def test_reviewer_cannot_see_drafts_to_sign_on_my_work(world, client_for):
    helpers.draft(world, helpers.awaiting(world, nominees=("Nguyễn Thị Hoa",)))
    page = client_for(world.canbovhxh).get(reverse("my_work")).content.decode()
    assert "dự thảo quyết định đang chờ ký" not in page
