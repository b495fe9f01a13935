"""The dossier list: a diacritic-insensitive search and filters by state, unit, campaign and award type."""

import pytest
from django.urls import reverse

from tests.web.conftest import listed_ids


@pytest.fixture
def listed(world, client_for):
    client = client_for(world.kiemtra)

    def get(**params):
        response = client.get(reverse("dossier_list"), params)
        assert response.status_code == 200
        return listed_ids(response)

    return get


def test_search_without_diacritics_finds_a_nominee_with_diacritics(world, listed):
    hoa = world.ready(title="Đề nghị năm 2025", nominees=("Nguyễn Văn An",))
    world.ready(title="Đề nghị khác", nominees=("Trần Thị Bình",))

    assert listed(q="nguyen van an") == {hoa.pk}
    assert listed(q="NGUYỄN VĂN AN") == {hoa.pk}
    assert listed(q="  Nguyen   Van An ") == {hoa.pk}


def test_search_matches_title_and_unit_name(world, listed):
    thcs = world.draft(title="Tờ trình khen thưởng giáo viên")
    doan = world.draft(unit=world.doantn_unit, officer=world.doantn, title="Đề nghị đoàn viên")

    assert listed(q="giao vien") == {thcs.pk}
    assert listed(q="doan tncs") == {doan.pk}
    assert listed(q="khong co ai") == set()


def test_filter_by_state(world, listed):
    draft = world.draft()
    submitted = world.advance(world.ready(), "submitted")

    assert listed(state="draft") == {draft.pk}
    assert listed(state="submitted") == {submitted.pk}


def test_filter_by_unit_and_campaign(world, listed):
    thcs = world.draft()
    doan = world.draft(unit=world.doantn_unit, officer=world.doantn, campaign=world.ad_hoc_campaign)

    assert listed(unit=world.thcs_unit.pk) == {thcs.pk}
    assert listed(campaign=world.ad_hoc_campaign.pk) == {doan.pk}
    assert listed(unit=world.thcs_unit.pk, campaign=world.ad_hoc_campaign.pk) == set()


def test_filter_by_award_type_lists_each_dossier_once(world, listed):
    two_ldtt = world.ready(nominees=("Nguyễn Thị Hoa", "Lê Văn Cường"))
    household = world.ready(award=world.gia_dinh_van_hoa, nominees=("Hộ ông Phạm Văn Dũng",))

    assert listed(award_type=world.lao_dong_tien_tien.pk) == {two_ldtt.pk}
    assert listed(award_type=world.gia_dinh_van_hoa.pk) == {household.pk}


def test_unit_cannot_filter_its_way_into_another_units_dossiers(world, client_for):
    world.draft(unit=world.doantn_unit, officer=world.doantn)
    response = client_for(world.thcs).get(reverse("dossier_list"), {"unit": world.doantn_unit.pk})
    # The other unit is not even a choice: the filter is refused and the list stays in scope.
    assert listed_ids(response) == set()
    assert "unit" in response.context["form"].errors


def test_list_paginates_by_25(world, client_for):
    for i in range(26):
        world.draft(title=f"Hồ sơ {i}")
    client = client_for(world.thcs)
    first = client.get(reverse("dossier_list"))
    second = client.get(reverse("dossier_list"), {"page": 2})
    assert len(first.context["page_obj"]) == 25
    assert len(second.context["page_obj"]) == 1
    assert "Trang 1/2" in first.content.decode()
