"""Every list of the API runs a constant number of queries (STYLE: queries), at 1 and at 30 rows."""

import datetime

import pytest

from council import services as council
from decisions.models import Decision, DecisionKind
from tests.factories.commune import CampaignFactory, PersonFactory, UnitFactory
from workflow import audit


def _grow(world, what, rows):
    for index in range(rows):
        if what == "people":
            PersonFactory(organization=world.thcs_unit)
        elif what == "organizations":
            UnitFactory(commune=world.commune, name=f"Thôn {index}", code=f"T{index}")
        elif what == "campaigns":
            CampaignFactory(commune=world.commune, name=f"Phong trào {index}",
                            award_types=[world.lao_dong_tien_tien, world.giay_khen])
        elif what == "council/sessions":
            council.session_create(actor=world.vhxh, commune=world.commune, title=f"Phiên họp {index}",
                                   meeting_date=datetime.date(2025, 12, 22), place="Hội trường")
        elif what == "decisions":
            Decision.objects.create(issuer=world.commune, kind=DecisionKind.AWARD, award_type=world.giay_khen,
                                    campaign=world.campaign, summary=f"Dự thảo {index}", drafted_by=world.canbovhxh)
        elif what == "audit/events":
            audit.record(stream="catalogue", action="catalogue_changed", actor=world.quantri,
                         object_type="awardtype", object_id=index, data={"n": index})


@pytest.mark.parametrize("rows", [1, 30])
@pytest.mark.parametrize(("what", "persona", "budget"), [
    ("people", "thcs", 10), ("organizations", "thcs", 10), ("campaigns", "thcs", 10),
    ("audit/events", "kiemtra", 12), ("council/sessions", "vhxh", 10), ("decisions", "canbovhxh", 10),
])
def test_lists_run_a_constant_number_of_queries(world, api_as, django_assert_max_num_queries, what, persona,
                                                budget, rows):
    _grow(world, what, rows)
    client = api_as(getattr(world, persona))
    with django_assert_max_num_queries(budget):
        response = client.get(f"/api/v1/{what}/", {"page_size": 100})
    assert response.status_code == 200
    assert len(response.json()["results"]) >= rows
