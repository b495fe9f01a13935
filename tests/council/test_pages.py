"""The council pages (issue 4 item 8): the secretary prepares, opens and closes from the session page,
each member votes from their own login (one form, recusals disabled with the reason, a confirmation step,
a receipt), the results and minutes download after closing. Refusals show Vietnamese reasons and change
nothing."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from council.models import AgendaItem, BallotReceipt, CouncilSession, SessionMember, SessionState, WrittenOpinion
from dossiers.models import Dossier, DossierState
from tests.conftest import pdf_upload
from tests.council.conftest import A, D
from workflow.models import AuditEvent

HUONG, VINH = "Nguyễn Thị Thu Hương", "Ngô Quang Vinh"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _url(name, session, **kwargs):
    return reverse(name, kwargs={"pk": session.pk, **kwargs})


def _text(response):
    return response.content.decode()


def test_secretary_runs_a_session_from_the_pages_and_members_vote_from_their_logins(council):
    dossier = council.dossier(HUONG, VINH, accounts={VINH: council.hoidong2})
    secretary = _client(council.vhxh)
    response = secretary.post(reverse("council_sessions"), {
        "title": "Phiên họp xét danh hiệu năm 2025", "meeting_date": "2025-12-22", "place": "Hội trường UBND xã"})
    session = CouncilSession.objects.get()
    assert response.status_code == 302 and response.url == _url("council_session", session)
    page = _text(secretary.get(_url("council_session", session)))
    assert f"#{dossier.pk}" in page and "Lưu điểm danh" in page
    response = secretary.post(_url("council_agenda_add", session), {"dossier": dossier.pk, "expected_version": 1})
    assert response.status_code == 302 and AgendaItem.objects.filter(session=session).count() == 2
    present = [m.pk for m in council.members if m.username != "hoidong6"]
    response = secretary.post(_url("council_attendance", session), {"present": present, "expected_version": 2})
    assert response.status_code == 302
    response = secretary.post(_url("council_open", session), {"expected_version": 3})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.state == SessionState.OPEN
    items = {i.nomination.nominee_name: i for i in AgendaItem.objects.filter(session=session)
             .select_related("nomination")}

    # hoidong2 is the nominee VINH: that item is disabled on their ballot, with the reason.
    member = _client(council.hoidong2)
    ballot = _text(member.get(_url("council_ballot", session)))
    assert "Đồng chí là người được đề nghị nên không biểu quyết nội dung này." in ballot
    assert f'name="item_{items[VINH].pk}"' in ballot and "disabled" in ballot
    confirm = member.post(_url("council_ballot", session), {f"item_{items[HUONG].pk}": A})
    assert confirm.status_code == 200 and "Xác nhận gửi phiếu" in _text(confirm)
    assert not BallotReceipt.objects.exists()  # nothing stored before the confirmation
    done = member.post(_url("council_ballot", session), {f"item_{items[HUONG].pk}": A, "confirm": "1"})
    assert done.status_code == 302 and done.url == _url("council_receipt", session)
    receipt = _text(member.get(done.url))
    assert "đã được ghi nhận lúc" in receipt and "Đồng ý" not in receipt

    progress = _text(secretary.get(_url("council_session", session)))
    assert "1 trên 8 thành viên có mặt đã bỏ phiếu." in progress
    assert "Chưa bỏ phiếu:" in progress

    for user in council.members:
        if user.username in ("hoidong2", "hoidong6"):
            continue
        marks = {f"item_{items[HUONG].pk}": A, f"item_{items[VINH].pk}": A if user.username != "hoidong1" else D,
                 "confirm": "1"}
        assert _client(user).post(_url("council_ballot", session), marks).status_code == 302
    assert BallotReceipt.objects.filter(session=session).count() == 8

    unconfirmed = secretary.post(_url("council_close", session), {"expected_version": session.version})
    assert unconfirmed.status_code == 400
    assert "Vui lòng đánh dấu xác nhận trước khi kết thúc phiên họp." in _text(unconfirmed)
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.COUNCIL
    response = secretary.post(_url("council_close", session), {"expected_version": session.version, "confirm": "on"})
    assert response.status_code == 302
    results = _text(secretary.get(_url("council_results", session)))
    assert "Biên bản số 01/BB-HĐTĐKT" in results
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.AWAITING_DECISION
    pdf = secretary.get(_url("council_minutes", session, fmt="pdf"))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF-")
    docx = _client(council.kiemtra).get(_url("council_minutes", session, fmt="docx"))
    with zipfile.ZipFile(io.BytesIO(b"".join(docx.streaming_content))) as package:
        assert "word/document.xml" in package.namelist()
        assert "01/BB-HĐTĐKT" in package.read("word/document.xml").decode()


def test_member_cannot_open_the_session_from_the_page(council):
    session = council.prepared(council.dossier(HUONG))
    events = AuditEvent.objects.count()
    response = _client(council.hoidong1).post(_url("council_open", session), {"expected_version": session.version})
    assert response.status_code == 403
    assert "Chỉ Thư ký Hội đồng Thi đua - Khen thưởng của xã" in _text(response)
    assert CouncilSession.objects.get(pk=session.pk).state == SessionState.DRAFT
    assert AuditEvent.objects.count() == events


def test_secretary_sees_the_quorum_refusal_on_the_page(council):
    session = council.prepared(council.dossier(HUONG), absent={"hoidong3", "hoidong4", "hoidong5", "hoidong6"})
    response = _client(council.vhxh).post(_url("council_open", session), {"expected_version": session.version})
    assert response.status_code == 409
    assert "Chưa đủ túc số" in _text(response)
    assert CouncilSession.objects.get(pk=session.pk).state == SessionState.DRAFT


def test_secretary_cannot_submit_a_stale_attendance_form(council):
    session = council.session()
    response = _client(council.vhxh).post(_url("council_attendance", session),
                                          {"present": [council.chutich.pk], "expected_version": 99})
    assert response.status_code == 409
    assert "Phiên họp vừa được người khác thay đổi" in _text(response)
    assert not SessionMember.objects.filter(session=session, present=True).exists()


def test_member_cannot_send_an_incomplete_ballot_from_the_page(council):
    session = council.opened(council.dossier(HUONG))
    response = _client(council.hoidong1).post(_url("council_ballot", session), {"confirm": "1"})
    assert response.status_code == 400
    assert "Vui lòng chọn một ý kiến." in _text(response)
    assert not BallotReceipt.objects.exists()


def test_member_cannot_vote_twice_from_the_page(council):
    session = council.opened(council.dossier(HUONG))
    item = AgendaItem.objects.get(session=session)
    client = _client(council.hoidong1)
    client.post(_url("council_ballot", session), {f"item_{item.pk}": A, "confirm": "1"})
    again = client.get(_url("council_ballot", session))
    assert again.status_code == 302 and again.url == _url("council_receipt", session)
    response = client.post(_url("council_ballot", session), {f"item_{item.pk}": D, "confirm": "1"})
    assert response.status_code == 409
    assert "mỗi thành viên chỉ bỏ phiếu một lần" in _text(response)
    assert BallotReceipt.objects.count() == 1


def test_non_member_cannot_vote_from_the_page(council):
    session = council.opened(council.dossier(HUONG))
    item = AgendaItem.objects.get(session=session)
    client = _client(council.canbovhxh)
    assert "không phải thành viên Hội đồng" in _text(client.get(_url("council_ballot", session)))
    response = client.post(_url("council_ballot", session), {f"item_{item.pk}": A, "confirm": "1"})
    assert response.status_code == 403 and not BallotReceipt.objects.exists()


def test_other_commune_and_unit_officers_cannot_see_the_session(council):
    session = council.opened(council.dossier(HUONG))
    for user in (council.other_reviewer, council.thcs, council.quantri):
        assert _client(user).get(_url("council_session", session)).status_code == 404


def test_only_the_secretary_opens_the_written_opinion_page(council):
    session = council.opened(council.dossier(HUONG), absent={"hoidong6"})
    assert _client(council.vhxh).get(_url("council_written_opinion", session)).status_code == 200
    assert _client(council.chutich).get(_url("council_written_opinion", session)).status_code == 404


def test_session_list_runs_a_fixed_number_of_queries(council, django_assert_max_num_queries):
    client = _client(council.vhxh)
    council.session()
    with django_assert_max_num_queries(16) as one:
        client.get(reverse("council_sessions"))
    for number in range(29):
        council.session(title=f"Phiên họp {number}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("council_sessions"))
    assert len(response.context["sessions"]) == 25  # one page


def test_secretary_records_a_written_opinion_from_the_page_and_a_bad_scan_is_refused(council):
    session = council.opened(council.dossier(HUONG), absent={"hoidong6"})
    item = AgendaItem.objects.get(session=session)
    secretary = _client(council.vhxh)
    form = {"member": council.hoidong6.pk, "received_on": "2025-12-22", f"item_{item.pk}": A,
            "expected_version": session.version}
    bad = SimpleUploadedFile("y-kien.pdf", b"<html>not a scan</html>", content_type="application/pdf")
    response = secretary.post(_url("council_written_opinion", session), {**form, "scan": bad})
    assert response.status_code == 400
    assert "Tệp không đúng định dạng cho phép" in _text(response)
    assert not WrittenOpinion.objects.exists()
    response = secretary.post(_url("council_written_opinion", session), {**form, "scan": pdf_upload()})
    assert response.status_code == 302
    opinion = WrittenOpinion.objects.get()
    download = secretary.get(reverse("council_written_opinion_file",
                                     kwargs={"pk": session.pk, "opinion_pk": opinion.pk}))
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    chair = _client(council.chutich).get(reverse("council_written_opinion_file",
                                                 kwargs={"pk": session.pk, "opinion_pk": opinion.pk}))
    assert chair.status_code == 404


def test_session_and_ballot_pages_run_a_fixed_number_of_queries(council, django_assert_max_num_queries):
    """The agenda and the ballot list every item: the query count must not grow with the agenda."""
    small = council.opened(council.dossier(HUONG))
    large = council.opened(*[council.dossier(f"Người được đề nghị {n}", "Trần Văn Quang") for n in range(8)])
    assert AgendaItem.objects.filter(session=large).count() == 16
    for name, user in (("council_session", council.vhxh), ("council_ballot", council.hoidong1)):
        client = _client(user)
        with django_assert_max_num_queries(40) as one:
            client.get(_url(name, small))
        with django_assert_max_num_queries(len(one.captured_queries)):
            response = client.get(_url(name, large))
        assert response.status_code == 200


def test_open_vote_names_appear_on_the_results_only_after_closing(council):
    """Biểu quyết công khai (issue 4 item 3): named votes, visible after closing, not before."""
    session = council.opened(council.dossier("Trần Văn Quang", award=council.lao_dong_tien_tien))
    for member in council.members:
        council.ballot(session, member, {"Trần Văn Quang": D if member == council.hoidong1 else A})
    dissenter = SessionMember.objects.get(session=session, user=council.hoidong1).full_name
    client = _client(council.kiemtra)
    assert client.get(_url("council_results", session)).status_code == 409
    council.close(session)
    results = _text(client.get(_url("council_results", session)))
    assert "Biểu quyết công khai (ghi tên)" in results
    assert f"Không đồng ý: {dissenter}" in results
