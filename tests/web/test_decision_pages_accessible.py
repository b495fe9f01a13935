"""The decision pages the demo walk cannot reach before a draft exists are accessible too (issue 6)."""

from django.urls import reverse

from tests.decisions import helpers
from tests.web.a11y import problems_of


def test_draft_decision_pages_are_accessible(world, client_for):
    decision = helpers.draft(world, helpers.awaiting(world, nominees=("Nguyễn Thị Hoa",)))
    for user, path in [
        (world.chutich, reverse("decisions:detail", args=[decision.pk])),
        (world.canbovhxh, reverse("decisions:edit", args=[decision.pk])),
        (world.canbovhxh, reverse("decisions:create") + f"?award_type={world.lao_dong_tien_tien.pk}"),
        (world.chutich, reverse("decisions:list")),
    ]:
        response = client_for(user).get(path)
        assert response.status_code == 200, path
        assert problems_of(response.content.decode(), path.split("?")[0]) == [], path
