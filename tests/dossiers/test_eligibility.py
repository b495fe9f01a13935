"""Eligibility warnings from the award history and open complaints (rules as data on the award type)."""

import pytest

from dossiers import services
from dossiers.eligibility import warnings_for
from dossiers.models import NOMINATION_DOCUMENT_KINDS, DossierState
from tests.conftest import pdf_upload
from tests.factories.commune import AwardTypeFactory, PersonFactory
from workflow.engine import SYSTEM, Action, perform

pytestmark = pytest.mark.django_db


@pytest.fixture
def chien_si(world):
    award = AwardTypeFactory(code="CSTDCS", name="Chiến sĩ thi đua cơ sở",
                             eligibility_rules={"requires_same_year": world.lao_dong_tien_tien.code})
    world.campaign.award_types.add(award)
    return award


def nominate(world, dossier, award, person=None, name=""):
    return services.nomination_add(dossier=dossier, actor=world.thcs, award_type=award, person=person,
                                   nominee_name=name or person.full_name)


def test_cstdcs_without_ldtt_the_same_year_is_flagged_and_with_it_is_not(world, chien_si):
    hoa = PersonFactory(full_name="Nguyễn Thị Hoa", organization=world.thcs_unit)
    dossier = world.draft()
    alone = nominate(world, dossier, chien_si, hoa)
    assert warnings_for(dossier)[alone.pk] == [
        f"Chưa đạt hoặc chưa được đề nghị «{world.lao_dong_tien_tien.code}» năm {world.campaign.year} "
        "(điều kiện của «Chiến sĩ thi đua cơ sở»)."
    ]
    nominate(world, dossier, world.lao_dong_tien_tien, hoa)
    assert alone.pk not in warnings_for(dossier)


def test_ldtt_awarded_earlier_in_the_year_satisfies_the_rule_and_a_dead_proposal_does_not(world, chien_si):
    earlier = world.ready(title="Đợt 1", nominees=("Nguyễn Thị Hoa",))
    hoa = earlier.nominations.get().person
    later = world.draft(title="Đợt 2")
    cstdcs = nominate(world, later, chien_si, hoa)
    assert cstdcs.pk not in warnings_for(later)  # a live proposal in another dossier counts

    perform(earlier, Action.SUBMIT, world.thcs)
    perform(earlier, Action.WITHDRAW, world.thcs_head, reason="Lập lại hồ sơ")
    assert cstdcs.pk in warnings_for(later)  # a withdrawn one does not


def test_the_same_award_twice_in_a_year_is_flagged(world):
    first = world.ready(nominees=("Nguyễn Thị Hoa",))
    world.advance(first, DossierState.COUNCIL)
    world.close_vote(first)
    perform(first, Action.DECIDE, SYSTEM, signer=world.chutich,
            awarded=list(first.nominations.values_list("pk", flat=True)), decision="01/QĐ-UBND")
    hoa = first.nominations.get().person
    second = world.draft(title="Đợt 2")
    again = nominate(world, second, world.lao_dong_tien_tien, hoa)
    assert warnings_for(second)[again.pk] == [f"Đã được tặng «Lao động tiên tiến» năm {world.campaign.year}."]


def test_a_household_proposed_twice_is_matched_by_name_within_the_unit(world):
    first = world.draft()
    nominate(world, first, world.gia_dinh_van_hoa, name="Hộ ông Nguyễn Văn Tư")
    second = world.draft(title="Đợt 2")
    again = nominate(world, second, world.gia_dinh_van_hoa, name="Hộ ông NGUYEN VAN TU")
    assert "trong một hồ sơ khác" in warnings_for(second)[again.pk][0]
    elsewhere = world.draft(unit=world.doantn_unit, officer=world.doantn)
    namesake = services.nomination_add(dossier=elsewhere, actor=world.doantn, award_type=world.gia_dinh_van_hoa,
                                       nominee_name="Hộ ông Nguyễn Văn Tư")
    assert namesake.pk not in warnings_for(elsewhere)  # another unit's household of that name is another one


def test_an_open_complaint_and_the_collective_rule_are_shown(world):
    collective = AwardTypeFactory(code="TTLDTT", name="Tập thể lao động tiên tiến", subject="collective",
                                  eligibility_rules={"members_ldtt_percent_over": 50})
    world.campaign.award_types.add(collective)
    dossier = world.ready()
    team = nominate(world, dossier, collective, name="Tổ Toán - Tin")
    for kind in collective.documents_required_for(dossier.kind):
        if kind in NOMINATION_DOCUMENT_KINDS:
            services.attachment_upload(dossier=dossier, actor=world.thcs, kind=kind, upload=pdf_upload(),
                                       nomination=team)
    world.advance(dossier, DossierState.IN_REVIEW)
    hoa = dossier.nominations.get(nominee_name="Nguyễn Thị Hoa")
    services.complaint_register(dossier=dossier, actor=world.vhxh, complainant="Ông A", summary="Chưa đúng",
                                received_on=world.campaign.opens_on, nomination=hoa)
    found = warnings_for(dossier)
    assert found[hoa.pk] == ["Đang có khiếu nại, phản ánh chưa giải quyết về người được đề nghị này."]
    assert found[team.pk] == ["Cần kiểm tra: trên 50% thành viên của tập thể đạt «Lao động tiên tiến»."]


def test_warnings_take_a_constant_number_of_queries(world, chien_si, django_assert_max_num_queries):
    dossier = world.draft()
    for i in range(12):
        nominate(world, dossier, chien_si, PersonFactory(full_name=f"Người {i}", organization=world.thcs_unit))
    with django_assert_max_num_queries(4):
        assert len(warnings_for(dossier)) == 12
