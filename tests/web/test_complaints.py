"""Complaints through the pages: the office registers one, suspends the dossier under it, settles it and
resumes; others cannot see or act; bad input changes nothing."""

import datetime

import pytest
from django.urls import reverse

from dossiers.models import Complaint, ComplaintStatus, DossierState
from workflow.models import AuditEvent

pytestmark = pytest.mark.django_db


def posted(world):
    dossier = world.ready()
    world.advance(dossier, DossierState.IN_REVIEW)
    return dossier


def test_register_with_suspension_settle_and_resume(world, client_for):
    dossier = posted(world)
    nomination = dossier.nominations.get()
    client = client_for(world.vhxh)

    response = client.post(reverse("complaint_create", kwargs={"pk": dossier.pk}), {
        "complainant": "Ông Trần Văn Phúc", "received_on": "2026-03-02", "summary": "Thành tích chưa đúng thực tế",
        "nomination": nomination.pk, "suspend": "on",
    })

    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("complaint_detail", kwargs={"pk": complaint.pk})
    assert complaint.nomination == nomination and complaint.received_on == datetime.date(2026, 3, 2)
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUSPENDED
    actions = list(AuditEvent.objects.filter(stream=dossier.audit_stream).values_list("action", flat=True))
    assert actions[-2:] == ["complaint_registered", "suspend"]

    page = client.get(reverse("complaint_detail", kwargs={"pk": complaint.pk}))
    assert "Tiếp tục xử lý hồ sơ" in page.content.decode()
    response = client.post(reverse("complaint_detail", kwargs={"pk": complaint.pk}), {
        "status": ComplaintStatus.DISMISSED, "outcome": "Đã xác minh, thành tích đúng", "resume": "on",
    })
    assert response.status_code == 302
    complaint.refresh_from_db()
    dossier.refresh_from_db()
    assert complaint.status == ComplaintStatus.DISMISSED and dossier.state == DossierState.IN_REVIEW

    listing = client.get(reverse("complaints")).content.decode()
    assert "Ông Trần Văn Phúc" in listing and "Không có cơ sở" in listing


def test_a_complaint_without_suspension_leaves_the_dossier_where_it_was(world, client_for):
    dossier = posted(world)
    client_for(world.canbovhxh).post(reverse("complaint_create", kwargs={"pk": dossier.pk}), {
        "complainant": "Bà Lê Thị Hạnh", "received_on": "2026-03-02", "summary": "Đề nghị xem lại",
    })
    dossier.refresh_from_db()
    assert dossier.state == DossierState.IN_REVIEW and Complaint.objects.get().status == ComplaintStatus.OPEN


def test_missing_fields_are_refused_with_the_typed_text_kept(world, client_for):
    dossier = posted(world)
    before = AuditEvent.objects.count()
    response = client_for(world.vhxh).post(reverse("complaint_create", kwargs={"pk": dossier.pk}), {
        "complainant": "Ông Trần Văn Phúc", "received_on": "31/02/2026", "summary": "",
    })
    assert response.status_code == 400
    page = response.content.decode()
    assert "Ông Trần Văn Phúc" in page
    assert not Complaint.objects.exists() and AuditEvent.objects.count() == before


def test_settling_twice_is_refused(world, client_for):
    dossier = posted(world)
    client = client_for(world.vhxh)
    client.post(reverse("complaint_create", kwargs={"pk": dossier.pk}),
                {"complainant": "Ông A", "received_on": "2026-03-02", "summary": "Nội dung"})
    complaint = Complaint.objects.get()
    url = reverse("complaint_detail", kwargs={"pk": complaint.pk})
    client.post(url, {"status": ComplaintStatus.UPHELD, "outcome": "Có cơ sở"})
    stale = client_for(world.canbovhxh).post(url, {"status": ComplaintStatus.DISMISSED, "outcome": "Không có cơ sở"})
    assert stale.status_code == 409
    assert "Khiếu nại này đã được giải quyết." in stale.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.UPHELD


@pytest.mark.parametrize("persona", ["thcs", "doantn", "quantri"])
def test_units_and_administrators_cannot_open_complaints(world, client_for, persona):
    dossier = posted(world)
    client = client_for(getattr(world, persona))
    assert client.get(reverse("complaints")).status_code == 403
    assert client.get(reverse("complaint_create", kwargs={"pk": dossier.pk})).status_code in (403, 404)


def test_another_communes_office_sees_nothing(world, client_for):
    dossier = posted(world)
    client_for(world.vhxh).post(reverse("complaint_create", kwargs={"pk": dossier.pk}),
                                {"complainant": "Ông A", "received_on": "2026-03-02", "summary": "Nội dung"})
    other = client_for(world.other_reviewer)
    assert "Ông A" not in other.get(reverse("complaints")).content.decode()
    assert other.get(reverse("complaint_detail", kwargs={"pk": Complaint.objects.get().pk})).status_code == 404
    assert other.get(reverse("complaint_create", kwargs={"pk": dossier.pk})).status_code == 404


def test_the_chair_reads_but_does_not_settle(world, client_for):
    dossier = posted(world)
    client_for(world.vhxh).post(reverse("complaint_create", kwargs={"pk": dossier.pk}),
                                {"complainant": "Ông A", "received_on": "2026-03-02", "summary": "Nội dung"})
    complaint = Complaint.objects.get()
    chair = client_for(world.chutich)
    page = chair.get(reverse("complaint_detail", kwargs={"pk": complaint.pk}))
    assert page.status_code == 200 and "Ghi kết quả giải quyết" not in page.content.decode()
    response = chair.post(reverse("complaint_detail", kwargs={"pk": complaint.pk}),
                          {"status": ComplaintStatus.UPHELD, "outcome": "x"})
    assert response.status_code == 403
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.OPEN


@pytest.mark.parametrize("count", [1, 15])
def test_the_list_runs_a_constant_number_of_queries(world, client_for, django_assert_max_num_queries, count):
    dossier = posted(world)
    client = client_for(world.vhxh)
    for i in range(count):
        client.post(reverse("complaint_create", kwargs={"pk": dossier.pk}),
                    {"complainant": f"Người {i}", "received_on": "2026-03-02", "summary": "Nội dung"})
    with django_assert_max_num_queries(9):
        client.get(reverse("complaints"))


def test_the_dossier_page_lists_complaints_and_offers_registering_to_the_office_only(world, client_for):
    dossier = posted(world)
    client_for(world.vhxh).post(reverse("complaint_create", kwargs={"pk": dossier.pk}), {
        "complainant": "Ông Trần Văn Phúc", "received_on": "2026-03-02", "summary": "Nội dung"})
    office = client_for(world.canbovhxh).get(reverse("dossier_detail", kwargs={"pk": dossier.pk})).content.decode()
    assert "Ông Trần Văn Phúc" in office and reverse("complaint_create", kwargs={"pk": dossier.pk}) in office
    client_for(world.vhxh).post(reverse("complaint_create", kwargs={"pk": dossier.pk}), {
        "complainant": "Bà Lê Thị Hạnh", "received_on": "2026-03-03", "summary": "Nội dung", "suspend": "on"})
    unit = client_for(world.thcs).get(reverse("dossier_detail", kwargs={"pk": dossier.pk})).content.decode()
    assert "Tạm dừng để giải quyết khiếu nại, phản ánh." in unit
    assert "Ông Trần Văn Phúc" not in unit and "Bà Lê Thị Hạnh" not in unit
    assert reverse("complaint_create", kwargs={"pk": dossier.pk}) not in unit


def test_the_office_sees_eligibility_warnings_on_the_dossier_page_and_the_unit_does_not(world, client_for):
    dossier = posted(world)
    nomination = dossier.nominations.get()
    client_for(world.vhxh).post(reverse("complaint_create", kwargs={"pk": dossier.pk}), {
        "complainant": "Ông A", "received_on": "2026-03-02", "summary": "Nội dung", "nomination": nomination.pk})
    warning = "Đang có khiếu nại, phản ánh chưa giải quyết về người được đề nghị này."
    detail = reverse("dossier_detail", kwargs={"pk": dossier.pk})
    assert warning in client_for(world.canbovhxh).get(detail).content.decode()
    assert warning not in client_for(world.thcs).get(detail).content.decode()
