"""A unit prepares its dossier on the pages: create, edit, nominees, documents (dossiers.services)."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dossiers.models import Attachment, Dossier, Nomination
from roles.models import Person
from tests.conftest import MINIMAL_PDF, pdf_upload
from tests.factories.commune import CampaignFactory, PersonFactory
from tests.web.conftest import audit_count, text
from workflow.models import AuditEvent


def edit_url(dossier, name="dossier_edit", **kwargs):
    return reverse(name, kwargs={"pk": dossier.pk, **kwargs})


def test_unit_officer_can_create_a_dossier_for_their_unit(world, client_for):
    client = client_for(world.thcs)
    page = client.get(reverse("dossier_create"))
    assert page.status_code == 200
    assert world.thcs_unit.name in text(page)
    assert world.doantn_unit.name not in text(page)
    assert world.other_campaign.pk not in [c.pk for c in page.context["form"].fields["campaign"].objects.values()]

    response = client.post(reverse("dossier_create"), {
        "unit": world.thcs_unit.pk, "campaign": world.campaign.pk,
        "title": "Đề nghị Lao động tiên tiến 2025", "reference_number": "15/TTr-THCS",
    })

    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response.url == edit_url(dossier)
    assert (dossier.unit, dossier.title, dossier.reference_number, dossier.state) == (
        world.thcs_unit, "Đề nghị Lao động tiên tiến 2025", "15/TTr-THCS", "draft")


def test_unit_officer_cannot_create_a_dossier_for_another_unit(world, client_for):
    response = client_for(world.thcs).post(reverse("dossier_create"), {
        "unit": world.doantn_unit.pk, "campaign": world.campaign.pk, "title": "Mạo danh"})
    assert response.status_code == 400
    assert not Dossier.objects.exists()


def test_unit_officer_cannot_pick_a_closed_campaign(world, client_for):
    import datetime

    closed = CampaignFactory(commune=world.commune, name="Đợt đã đóng", submission_deadline=datetime.date(2025, 1, 31),
                             award_types=[world.lao_dong_tien_tien])
    client = client_for(world.thcs)
    assert "Đợt đã đóng" not in text(client.get(reverse("dossier_create")))
    response = client.post(reverse("dossier_create"), {"unit": world.thcs_unit.pk, "campaign": closed.pk, "title": "X"})
    assert response.status_code == 400
    assert not Dossier.objects.exists()


def test_reviewer_cannot_create_a_dossier(world, client_for):
    client = client_for(world.canbovhxh)
    response = client.get(reverse("dossier_create"))
    assert response.status_code == 403
    assert "không thể lập hồ sơ" in text(response)
    assert reverse("dossier_create") not in text(client.get(reverse("my_work")))


def test_unit_officer_can_edit_title_and_reference_number(world, client_for):
    dossier = world.draft()
    response = client_for(world.thcs).post(edit_url(dossier), {
        "title": "Trích yếu mới", "reference_number": "20/TTr", "expected_version": dossier.version})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.title, dossier.reference_number) == ("Trích yếu mới", "20/TTr")


def test_unit_officer_cannot_edit_a_submitted_dossier(world, client_for):
    dossier = world.advance(world.ready(), "submitted")
    client = client_for(world.thcs)
    response = client.get(edit_url(dossier), follow=True)
    assert "không thể chỉnh sửa" in text(response)
    before = audit_count(dossier)
    response = client.post(edit_url(dossier), {"title": "Sửa lén", "expected_version": dossier.version})
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.title != "Sửa lén" and audit_count(dossier) == before


def test_reviewer_cannot_open_the_edit_page_of_a_draft(world, client_for):
    """The office does not see a unit's draft at all, so its edit page does not exist for them."""
    dossier = world.draft()
    assert client_for(world.canbovhxh).get(edit_url(dossier)).status_code == 404


def test_auditor_cannot_edit_a_draft_they_can_read(world, client_for):
    dossier = world.draft()
    response = client_for(world.kiemtra).get(edit_url(dossier), follow=True)
    assert "Bạn không có quyền thực hiện thao tác này trên hồ sơ." in text(response)


def test_stale_edit_form_is_refused_and_keeps_what_was_typed(world, client_for):
    dossier = world.draft()
    old = dossier.version
    client = client_for(world.thcs)
    client.post(edit_url(dossier), {"title": "Lần một", "expected_version": old})

    response = client.post(edit_url(dossier), {"title": "Lần hai đã cũ", "expected_version": old})

    assert response.status_code == 409
    assert "Đã có người thao tác trên hồ sơ trước bạn" in text(response)
    assert 'value="Lần hai đã cũ"' in text(response)
    dossier.refresh_from_db()
    assert dossier.title == "Lần một"


def test_unit_officer_can_add_a_person_of_the_unit(world, client_for):
    dossier = world.draft()
    person = PersonFactory(full_name="Nguyễn Thị Hoa", organization=world.thcs_unit, position="Giáo viên Toán")
    PersonFactory(full_name="Người đơn vị khác", organization=world.doantn_unit)
    client = client_for(world.thcs)
    page = text(client.get(edit_url(dossier)))
    assert "Nguyễn Thị Hoa" in page and "Người đơn vị khác" not in page

    response = client.post(edit_url(dossier, "nomination_add"), {
        "award_type": world.lao_dong_tien_tien.pk, "person": person.pk, "expected_version": dossier.version,
        "achievement_summary": "Hoàn thành tốt nhiệm vụ"})

    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert (nomination.person, nomination.nominee_name, nomination.position) == (
        person, "Nguyễn Thị Hoa", "Giáo viên Toán")


def test_unit_officer_can_nominate_a_new_person_by_typing_the_name(world, client_for):
    dossier = world.draft()
    response = client_for(world.thcs).post(edit_url(dossier, "nomination_add"), {
        "award_type": world.lao_dong_tien_tien.pk, "nominee_name": "Phạm Văn Mới", "position": "Nhân viên",
        "expected_version": dossier.version})

    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.person.full_name == "Phạm Văn Mới"
    assert nomination.person.organization == world.thcs_unit
    dossier.refresh_from_db()
    assert "pham van moi" in dossier.search_text


def test_refused_new_person_leaves_no_person_behind(world, client_for):
    dossier = world.advance(world.ready(), "submitted")
    people = Person.objects.count()
    response = client_for(world.thcs).post(edit_url(dossier, "nomination_add"), {
        "award_type": world.lao_dong_tien_tien.pk, "nominee_name": "Người Bị Từ Chối",
        "expected_version": dossier.version})
    assert response.status_code == 302  # not editable: sent back to the dossier page with the reason
    assert Person.objects.count() == people


def test_unit_officer_can_nominate_a_household_by_name(world, client_for):
    dossier = world.draft()
    response = client_for(world.thcs).post(edit_url(dossier, "nomination_add"), {
        "award_type": world.gia_dinh_van_hoa.pk, "nominee_name": "Hộ ông Lê Văn Dũng",
        "expected_version": dossier.version})
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.person is None and nomination.nominee_name == "Hộ ông Lê Văn Dũng"


def test_unit_officer_cannot_add_an_individual_award_without_a_person_or_name(world, client_for):
    dossier = world.draft()
    response = client_for(world.thcs).post(edit_url(dossier, "nomination_add"), {
        "award_type": world.lao_dong_tien_tien.pk, "expected_version": dossier.version})
    assert response.status_code == 400
    assert "dành cho cá nhân" in text(response)
    assert not Nomination.objects.exists()


def test_unit_officer_cannot_pick_an_award_outside_the_campaign(world, client_for):
    from tests.factories.commune import AwardTypeFactory

    outside = AwardTypeFactory(code="CSTD", name="Chiến sĩ thi đua cơ sở")
    dossier = world.draft()
    response = client_for(world.thcs).post(edit_url(dossier, "nomination_add"), {
        "award_type": outside.pk, "nominee_name": "Ai Đó", "expected_version": dossier.version})
    assert response.status_code == 400
    assert not Nomination.objects.exists()


def test_unit_officer_can_edit_and_remove_a_nominee(world, client_for):
    dossier = world.draft()
    client = client_for(world.thcs)
    client.post(edit_url(dossier, "nomination_add"), {
        "award_type": world.gia_dinh_van_hoa.pk, "nominee_name": "Hộ ông A", "expected_version": dossier.version})
    nomination = Nomination.objects.get()
    dossier.refresh_from_db()
    url = edit_url(dossier, "nomination_edit", nomination_pk=nomination.pk)
    assert client.get(url).status_code == 200

    response = client.post(url, {"award_type": world.gia_dinh_van_hoa.pk, "nominee_name": "Hộ ông Anh",
                                 "expected_version": dossier.version})
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.nominee_name == "Hộ ông Anh"

    dossier.refresh_from_db()
    response = client.post(edit_url(dossier, "nomination_remove", nomination_pk=nomination.pk),
                           {"expected_version": dossier.version})
    assert response.status_code == 302
    assert not Nomination.objects.exists()
    actions = list(AuditEvent.objects.filter(stream=dossier.audit_stream).values_list("action", flat=True))
    assert actions[-3:] == ["nomination_added", "nomination_updated", "nomination_removed"]


def test_unit_officer_can_upload_a_document_and_a_new_version(world, client_for):
    dossier = world.draft()
    client = client_for(world.thcs)
    response = client.post(edit_url(dossier, "attachment_upload"), {
        "kind": "to_trinh", "upload": pdf_upload("to-trinh.pdf"), "expected_version": dossier.version})
    assert response.status_code == 302
    first = Attachment.objects.get()
    dossier.refresh_from_db()
    response = client.post(edit_url(dossier, "attachment_upload"), {
        "kind": "to_trinh", "upload": pdf_upload("to-trinh-sua.pdf"), "replaces": first.pk,
        "expected_version": dossier.version})
    assert response.status_code == 302
    second = Attachment.objects.exclude(pk=first.pk).get()
    assert (second.version, second.supersedes) == (2, first)
    page = text(client.get(reverse("dossier_detail", kwargs={"pk": dossier.pk})))
    assert "to-trinh-sua.pdf" in page and "to-trinh.pdf" in page and "Các phiên bản cũ (1)" in page


def test_upload_of_a_wrong_type_shows_the_reason_and_stores_nothing(world, client_for):
    dossier = world.draft()
    before = audit_count(dossier)
    fake = SimpleUploadedFile("to-trinh.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")

    response = client_for(world.thcs).post(edit_url(dossier, "attachment_upload"), {
        "kind": "danh_sach", "upload": fake, "expected_version": dossier.version})

    assert response.status_code == 400
    assert "Tệp không đúng định dạng cho phép" in text(response)
    assert response.context["attachment_form"]["kind"].value() == "danh_sach"  # what was chosen is kept
    assert not Attachment.objects.exists()
    assert audit_count(dossier) == before


def test_upload_of_an_empty_file_shows_the_reason(world, client_for):
    dossier = world.draft()
    response = client_for(world.thcs).post(edit_url(dossier, "attachment_upload"), {
        "kind": "to_trinh", "upload": SimpleUploadedFile("rong.pdf", b""), "expected_version": dossier.version})
    assert response.status_code == 400
    assert not Attachment.objects.exists()


def test_nominee_document_without_nominee_is_refused_with_reason(world, client_for):
    dossier = world.draft()
    response = client_for(world.thcs).post(edit_url(dossier, "attachment_upload"), {
        "kind": "bao_cao_thanh_tich", "upload": pdf_upload(), "expected_version": dossier.version})
    assert response.status_code == 409
    assert "phải gắn với một người được đề nghị" in text(response)
    assert not Attachment.objects.exists()


def test_edit_page_lists_missing_documents_until_complete(world, client_for):
    dossier = world.draft()
    client = client_for(world.thcs)
    client.post(edit_url(dossier, "nomination_add"), {
        "award_type": world.gia_dinh_van_hoa.pk, "nominee_name": "Hộ ông A", "expected_version": dossier.version})
    page = text(client.get(edit_url(dossier)))
    assert "Thiếu «Tờ trình» của hồ sơ." in page
    assert "Thiếu «Biên bản bình xét» của hồ sơ." in page
    for kind in ("to_trinh", "danh_sach", "bien_ban_binh_xet"):
        dossier.refresh_from_db()
        client.post(edit_url(dossier, "attachment_upload"), {
            "kind": kind, "upload": pdf_upload(f"{kind}.pdf", MINIMAL_PDF), "expected_version": dossier.version})
    page = text(client.get(edit_url(dossier)))
    assert "Đã đủ các tài liệu bắt buộc" in page


def test_an_officer_of_one_unit_finds_it_already_chosen(world, client_for):
    form = client_for(world.thcs).get(reverse("dossier_create")).context["form"]
    assert form["unit"].value() == world.thcs_unit.pk
