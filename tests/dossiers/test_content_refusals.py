"""Refusals of the content services (dossiers/services.py): a clear Vietnamese reason, and nothing changes.

DESIGN §5 (refusals are ActionNotAllowed, GuardFailed or Conflict with Vietnamese reasons), §6 (a unit
proposes only for itself, within its commune); DOMAIN §7 (complaints are recorded and settled once).
"""

import pytest
from django.utils import timezone

from dossiers import services
from dossiers.models import Complaint, ComplaintStatus, Dossier, Nomination
from roles.models import Person
from workflow.exceptions import ActionNotAllowed, Conflict, GuardFailed
from workflow.models import AuditEvent


def counts():
    return (Dossier.objects.count(), Nomination.objects.count(), Person.objects.count(),
            Complaint.objects.count(), AuditEvent.objects.count())


def test_unit_officer_cannot_create_dossier_for_another_unit(world):
    before = counts()
    with pytest.raises(ActionNotAllowed, match="Bạn không có quyền lập hồ sơ cho đơn vị này."):
        services.dossier_create(actor=world.thcs, unit=world.doantn_unit, campaign=world.campaign, title="Hồ sơ")
    assert counts() == before


def test_unit_officer_cannot_create_dossier_in_another_communes_campaign(world):
    before = counts()
    with pytest.raises(GuardFailed, match="Phong trào không thuộc xã của đơn vị."):
        services.dossier_create(actor=world.thcs, unit=world.thcs_unit, campaign=world.other_campaign, title="Hồ sơ")
    assert counts() == before


def test_unit_officer_cannot_add_nominee_without_a_name(world):
    dossier = world.draft()
    before = counts()
    with pytest.raises(GuardFailed, match="Vui lòng nhập tên người, tập thể hoặc hộ gia đình được đề nghị."):
        services.nomination_add(dossier=dossier, actor=world.thcs, award_type=world.gia_dinh_van_hoa, nominee_name="  ")
    assert counts() == before


def test_unit_officer_cannot_add_new_person_without_a_name(world):
    dossier = world.draft()
    before = counts()
    with pytest.raises(GuardFailed, match="Vui lòng nhập họ tên người được đề nghị."):
        services.nomination_add_new_person(
            dossier=dossier, actor=world.thcs, award_type=world.lao_dong_tien_tien, full_name="   "
        )
    assert counts() == before


def test_unit_officer_can_add_new_person_who_joins_the_unit(world):
    dossier = world.draft()
    nomination = services.nomination_add_new_person(
        dossier=dossier, actor=world.thcs, award_type=world.lao_dong_tien_tien, full_name="  Lê   Thị Mai "
    )
    assert nomination.person.full_name == "Lê Thị Mai"
    assert nomination.person.organization == world.thcs_unit


def test_reviewer_cannot_register_complaint_without_complainant_or_content(world):
    dossier = world.advance(world.ready(), "submitted")
    before = counts()
    with pytest.raises(GuardFailed, match="Vui lòng nhập người phản ánh và nội dung."):
        services.complaint_register(
            dossier=dossier, actor=world.canbovhxh, complainant=" ", summary="", received_on=timezone.localdate()
        )
    assert counts() == before


def test_unit_officer_cannot_register_complaint(world):
    dossier = world.advance(world.ready(), "submitted")
    before = counts()
    with pytest.raises(ActionNotAllowed):
        services.complaint_register(
            dossier=dossier, actor=world.thcs, complainant="Ông A", summary="Phản ánh", received_on=timezone.localdate()
        )
    assert counts() == before


@pytest.fixture
def open_complaint(world):
    dossier = world.advance(world.ready(), "submitted")
    return services.complaint_register(
        dossier=dossier, actor=world.canbovhxh, complainant="Ông Lê Văn Tám", summary="Phản ánh thành tích",
        received_on=timezone.localdate(),
    )


def test_reviewer_can_close_complaint_once_with_outcome(world, open_complaint):
    services.complaint_close(complaint=open_complaint, actor=world.canbovhxh, status=ComplaintStatus.DISMISSED,
                             outcome="Không có cơ sở")
    open_complaint.refresh_from_db()
    assert open_complaint.status == ComplaintStatus.DISMISSED
    assert AuditEvent.objects.filter(action="complaint_closed").count() == 1


def test_reviewer_cannot_close_complaint_twice(world, open_complaint):
    services.complaint_close(complaint=open_complaint, actor=world.canbovhxh, status=ComplaintStatus.DISMISSED,
                             outcome="Không có cơ sở")
    before = counts()
    with pytest.raises(Conflict, match="Khiếu nại này đã được giải quyết."):
        services.complaint_close(complaint=open_complaint, actor=world.canbovhxh, status=ComplaintStatus.UPHELD,
                                 outcome="Có cơ sở")
    open_complaint.refresh_from_db()
    assert open_complaint.status == ComplaintStatus.DISMISSED
    assert counts() == before


@pytest.mark.parametrize("status, outcome", [(ComplaintStatus.OPEN, "Đang xem xét"), (ComplaintStatus.UPHELD, "  ")])
def test_reviewer_cannot_close_complaint_without_conclusion_and_outcome(world, open_complaint, status, outcome):
    before = counts()
    with pytest.raises(GuardFailed, match="Vui lòng chọn kết luận và ghi kết quả giải quyết."):
        services.complaint_close(complaint=open_complaint, actor=world.canbovhxh, status=status, outcome=outcome)
    open_complaint.refresh_from_db()
    assert open_complaint.status == ComplaintStatus.OPEN
    assert counts() == before
