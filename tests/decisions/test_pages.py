"""The decision pages (issue 5): the office drafts, the Chair reviews the list and the PDF preview, signs
or sends a dossier back; the register lists signed decisions and exports XLSX; the public page needs no
login and hides personal details when the award type says so; anyone can validate a signed PDF. Bad
input gets a Vietnamese message and changes nothing."""

import io

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from decisions.models import Decision, DecisionStatus
from decisions.signing import decision_sign
from dossiers.models import DossierState
from tests.decisions import helpers
from tests.workflow.helpers import snapshot
from workflow.models import AuditEvent

HOA, BINH = "Nguyễn Thị Hoa", "Trần Văn Bình"


def _text(response) -> str:
    return response.content.decode()


def _signed(world, nominees=(HOA,)):
    return decision_sign(decision=helpers.draft(world, helpers.awaiting(world, nominees=nominees)), actor=world.chutich)


def test_office_can_draft_a_decision_from_awardable_nominees(world, client_for):
    dossier = helpers.awaiting(world, nominees=(HOA, BINH))
    client = client_for(world.canbovhxh)
    award = world.lao_dong_tien_tien
    page = client.get(reverse("decisions:create"), {"award_type": award.pk})
    assert HOA in _text(page) and BINH in _text(page)
    ids = [n.pk for n in dossier.nominations.all()]
    response = client.post(reverse("decisions:create") + f"?award_type={award.pk}",
                           {"award_type": award.pk, "nominations": ids, "summary": ""})
    decision = Decision.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("decisions:detail", args=[decision.pk])
    assert decision.summary.startswith("Về việc tặng danh hiệu «Lao động tiên tiến» năm")
    assert sorted(decision.entries.values_list("nomination_id", flat=True)) == sorted(ids)


def test_office_cannot_draft_without_choosing_anyone(world, client_for):
    helpers.awaiting(world)
    award = world.lao_dong_tien_tien
    response = client_for(world.canbovhxh).post(reverse("decisions:create"), {"award_type": award.pk})
    assert response.status_code == 400
    assert "Chọn ít nhất một người, tập thể được khen thưởng." in _text(response)
    assert not Decision.objects.exists()


def test_unit_officer_cannot_open_decision_pages(world, client_for):
    decision = helpers.draft(world, helpers.awaiting(world))
    client = client_for(world.thcs)
    assert client.get(reverse("decisions:list"))["Location"] == reverse("decisions:public_list")
    assert client.get(reverse("decisions:detail", args=[decision.pk])).status_code == 404
    assert client.get(reverse("decisions:create")).status_code == 404


def test_chair_sees_the_draft_in_the_queue_with_its_list_and_preview(world, client_for):
    decision = helpers.draft(world, helpers.awaiting(world))
    client = client_for(world.chutich)
    assert reverse("decisions:detail", args=[decision.pk]) in _text(client.get(reverse("decisions:queue")))
    detail = client.get(reverse("decisions:detail", args=[decision.pk]))
    assert HOA in _text(detail) and "Ký quyết định" in _text(detail)
    preview = client.get(reverse("decisions:preview", args=[decision.pk]))
    assert preview["Content-Type"] == "application/pdf" and preview.content.startswith(b"%PDF-")


def test_chair_can_sign_on_the_page(world, client_for):
    decision = helpers.draft(world, helpers.awaiting(world))
    response = client_for(world.chutich).post(reverse("decisions:sign", args=[decision.pk]),
                                              {"version": decision.version, "confirm": "on"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert (decision.status, decision.number_text) == (DecisionStatus.SIGNED, "01/QĐ-UBND")


def test_reviewer_cannot_sign_on_the_page_and_nothing_changes(world, client_for):
    dossier = helpers.awaiting(world)
    decision = helpers.draft(world, dossier)
    before = snapshot(dossier)
    response = client_for(world.canbovhxh).post(reverse("decisions:sign", args=[decision.pk]),
                                                {"version": decision.version, "confirm": "on"})
    assert response.status_code == 403
    assert "Người ký không có thẩm quyền quyết định khen thưởng của xã." in _text(response)
    assert snapshot(dossier) == before
    assert Decision.objects.get().status == DecisionStatus.DRAFT


def test_signing_without_the_confirmation_is_refused_and_changes_nothing(world, client_for):
    dossier = helpers.awaiting(world)
    decision = helpers.draft(world, dossier)
    before = snapshot(dossier)
    response = client_for(world.chutich).post(reverse("decisions:sign", args=[decision.pk]),
                                              {"version": decision.version})
    assert response.status_code == 400
    assert "Vui lòng đánh dấu xác nhận trước khi ký" in _text(response)
    assert snapshot(dossier) == before and Decision.objects.get().status == DecisionStatus.DRAFT


def test_chair_can_send_a_dossier_back_from_the_draft(world, client_for):
    kept, sent = helpers.awaiting(world), helpers.awaiting(world, nominees=(BINH,))
    decision = helpers.draft(world, kept, sent)
    response = client_for(world.chutich).post(
        reverse("decisions:send_back", args=[decision.pk]),
        {"dossier": sent.pk, "reason": "Bổ sung minh chứng thành tích", "version": decision.version},
    )
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.state == DossierState.IN_REVIEW
    assert list(decision.entries.values_list("nomination__nominee_name", flat=True)) == [HOA]
    event = AuditEvent.objects.get(stream=sent.audit_stream, action="send_back")
    assert event.data["reason"] == "Bổ sung minh chứng thành tích"


def test_chair_cannot_send_back_without_a_reason(world, client_for):
    dossier = helpers.awaiting(world)
    decision = helpers.draft(world, dossier)
    before = snapshot(dossier)
    response = client_for(world.chutich).post(reverse("decisions:send_back", args=[decision.pk]),
                                              {"dossier": dossier.pk, "reason": "", "version": decision.version})
    assert response.status_code == 400
    assert "Vui lòng nêu lý do." in _text(response)
    assert snapshot(dossier) == before


def test_register_lists_signed_decisions_and_exports_xlsx(world, client_for):
    decision = _signed(world)
    client = client_for(world.vanthu)
    page = client.get(reverse("decisions:register"), {"year": decision.year})
    assert "01/QĐ-UBND" in _text(page) and decision.summary in _text(page)
    export = client.get(reverse("decisions:register_export"), {"year": decision.year})
    sheet = load_workbook(io.BytesIO(export.content)).active
    header, row = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    assert header[:5] == ["Số, ký hiệu", "Ngày ký", "Loại", "Trích yếu", "Người ký"]
    assert (row[0], row[1].date(), row[3], row[4]) == ("01/QĐ-UBND", decision.signed_on, decision.summary,
                                                       decision.signer_name)
    assert AuditEvent.objects.filter(action="register_export", actor_username="vanthu").exists()


def test_list_pages_keep_a_constant_number_of_queries(world, client_for,
                                                                     django_assert_max_num_queries):
    _signed(world)
    client, public = client_for(world.vanthu), Client()

    def visit():
        for name in ("decisions:register", "decisions:list"):
            with django_assert_max_num_queries(16):
                assert client.get(reverse(name)).status_code == 200
        with django_assert_max_num_queries(6):
            assert public.get(reverse("decisions:public_list")).status_code == 200

    visit()
    for _ in range(3):
        _signed(world, nominees=(HOA, BINH))
    helpers.draft(world, helpers.awaiting(world))
    visit()


def test_public_page_needs_no_login_and_shows_awardees(world):
    decision = _signed(world)
    page = Client().get(reverse("decisions:public_list"))
    assert page.status_code == 200
    assert "01/QĐ-UBND" in _text(page) and HOA in _text(page)
    assert Client().get(reverse("decisions:public_file", args=[decision.pk])).status_code == 200


def test_public_page_hides_personal_details_when_the_award_type_says_so(world):
    award = world.lao_dong_tien_tien
    award.publish_personal_details = False
    award.save()
    decision = _signed(world)
    nomination = decision.entries.get().nomination
    nomination.position = "Giáo viên Toán"
    nomination.save()
    page = _text(Client().get(reverse("decisions:public_detail", args=[decision.pk])))
    assert HOA in page and "Giáo viên Toán" not in page
    assert Client().get(reverse("decisions:public_file", args=[decision.pk])).status_code == 404


def test_anyone_can_validate_a_signed_pdf(world):
    decision = _signed(world)
    decision.pdf.seek(0)
    content = decision.pdf.read()
    upload = io.BytesIO(content)
    upload.name = "qd.pdf"
    response = Client().post(reverse("decisions:validate"), {"file": upload})
    assert response.status_code == 200
    assert "Kết quả: HỢP LỆ" in _text(response) and "trùng với bản lưu của Quyết định số 01/QĐ-UBND" in _text(response)
    tampered = bytearray(content)
    tampered[content.index(b"stream", len(content) // 3) + 20] ^= 0x01
    upload = io.BytesIO(bytes(tampered))
    upload.name = "qd.pdf"
    response = Client().post(reverse("decisions:validate"), {"file": upload})
    assert response.status_code == 422 and "KHÔNG HỢP LỆ" in _text(response)


def test_validation_page_refuses_a_file_that_is_not_a_pdf(world):
    upload = io.BytesIO(b"PK\x03\x04 not a pdf")
    upload.name = "qd.pdf"
    response = Client().post(reverse("decisions:validate"), {"file": upload})
    assert response.status_code == 400 and "Tệp không phải là tệp PDF." in _text(response)


def test_office_can_open_award_history_of_a_person(world, client_for):
    decision = _signed(world)
    person = decision.entries.get().nomination.person
    page = client_for(world.canbovhxh).get(reverse("decisions:history_person", args=[person.pk]))
    assert "01/QĐ-UBND" in _text(page) and "Lao động tiên tiến" in _text(page)


def test_draft_page_warns_about_nominees_of_the_same_dossiers_left_out(world, client_for):
    dossier = helpers.awaiting(world, nominees=(HOA, BINH))
    decision = helpers.draft(world, dossier)
    decision.entries.filter(nomination__nominee_name=BINH).delete()
    page = _text(client_for(world.chutich).get(reverse("decisions:detail", args=[decision.pk])))
    assert "sẽ chuyển thành «Không khen thưởng»" in page and BINH in page


def test_the_draft_form_names_how_many_nominees_wait_for_each_award_type(world, client_for):
    helpers.awaiting(world, nominees=(HOA, BINH))
    page = _text(client_for(world.canbovhxh).get(reverse("decisions:create")))
    waiting = page.index(f"{world.lao_dong_tien_tien.name} (từ")
    assert "2 đề nghị chờ quyết định" in page[waiting:waiting + 200]
    assert page.index("2 đề nghị chờ quyết định") < page.index("0 đề nghị chờ quyết định")
