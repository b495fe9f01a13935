"""Written opinions of absent members (ý kiến bằng văn bản; DOMAIN §13: NĐ 98/2023 Điều 30 khoản 7 carried
over for CSTĐ cơ sở): recorded by the secretary while the vote is open, with the scanned paper
(validated by content), counted only on items whose rule allows them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from council import services
from council.models import BallotMark, OpenVote, WrittenOpinion
from dossiers.uploads import UnsupportedFile
from tests.conftest import pdf_upload
from tests.council.conftest import A, D
from workflow.exceptions import ActionNotAllowed, Conflict, GuardFailed
from workflow.models import AuditEvent

HUONG, QUANG = "Nguyễn Thị Thu Hương", "Trần Văn Quang"


def _record(council, session, member, by_name, upload=None, actor=None):
    items = council.items(session)
    return services.written_opinion_record(
        session=session, actor=actor or council.vhxh, member_id=member.pk,
        choices={items[name].pk: choice for name, choice in by_name.items()},
        upload=upload if upload is not None else pdf_upload("y-kien-hoidong6.pdf"), received_on=session.meeting_date,
    )


def _unchanged(events):
    assert not WrittenOpinion.objects.exists() and not BallotMark.objects.exists()
    assert AuditEvent.objects.count() == events


def test_secretary_can_record_an_absent_members_opinion_and_it_counts_on_the_total(council):
    """SCENARIO §5: 8 present agree, hoidong6 absent sends a written "agree": 9 of 9 on the total base."""
    session = council.opened(council.dossier(HUONG), absent={"hoidong6"})
    opinion = _record(council, session, council.hoidong6, {HUONG: A})
    assert opinion.sha256 and opinion.content_type == "application/pdf"
    event = AuditEvent.objects.get(stream=session.audit_stream, action="written_opinion_recorded")
    assert event.data["member"] == "hoidong6" and "choice" not in event.data_json
    council.everyone_votes(session, {HUONG: A})
    council.close(session)
    item = council.items(session)[HUONG]
    assert (item.agree, item.base, item.result) == (9, 9, "passed")
    assert session.minutes.content["written"] == [council.hoidong6.get_full_name()]


def test_written_opinion_is_not_counted_where_the_rule_does_not_allow_it(council):
    """LĐTT (open vote, majority of those present) takes no written opinion: the form refuses a mark on it."""
    session = council.opened(council.dossier(HUONG), council.dossier(QUANG, award=council.lao_dong_tien_tien),
                             absent={"hoidong6"})
    events = AuditEvent.objects.count()
    with pytest.raises(GuardFailed) as refused:
        _record(council, session, council.hoidong6, {HUONG: A, QUANG: A})
    assert refused.value.reasons == [
        "Quy định về «Lao động tiên tiến» không tính ý kiến bằng văn bản của thành viên vắng mặt."
    ]
    _unchanged(events)
    _record(council, session, council.hoidong6, {HUONG: D})
    assert not OpenVote.objects.exists() and list(BallotMark.objects.values_list("choice", flat=True)) == [D]


def test_secretary_cannot_record_a_written_opinion_of_a_present_member(council):
    session = council.opened(council.dossier(HUONG), absent={"hoidong6"})
    events = AuditEvent.objects.count()
    with pytest.raises(GuardFailed) as refused:
        _record(council, session, council.hoidong1, {HUONG: A})
    assert refused.value.reasons == ["Thành viên có mặt bỏ phiếu tại phiên họp, không gửi ý kiến bằng văn bản."]
    _unchanged(events)


def test_secretary_cannot_record_two_opinions_of_one_member(council):
    session = council.opened(council.dossier(HUONG), absent={"hoidong6"})
    _record(council, session, council.hoidong6, {HUONG: A})
    with pytest.raises(Conflict) as refused:
        _record(council, session, council.hoidong6, {HUONG: D})
    assert refused.value.reasons == ["Đã ghi nhận ý kiến bằng văn bản của thành viên này."]
    assert WrittenOpinion.objects.count() == 1 and BallotMark.objects.count() == 1


def test_secretary_cannot_record_a_written_opinion_with_a_file_that_is_not_a_document(council):
    session = council.opened(council.dossier(HUONG), absent={"hoidong6"})
    events = AuditEvent.objects.count()
    fake = SimpleUploadedFile("y-kien.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(UnsupportedFile) as refused:
        _record(council, session, council.hoidong6, {HUONG: A}, upload=fake)
    assert "Tệp không đúng định dạng cho phép" in str(refused.value)
    _unchanged(events)


def test_secretary_cannot_record_a_written_opinion_before_opening(council):
    session = council.prepared(council.dossier(HUONG), absent={"hoidong6"})
    with pytest.raises(GuardFailed) as refused:
        _record(council, session, council.hoidong6, {HUONG: A})
    assert refused.value.reasons == ["Phiên họp chưa mở biểu quyết."]
    assert not WrittenOpinion.objects.exists()


def test_member_cannot_record_a_written_opinion(council):
    session = council.opened(council.dossier(HUONG), absent={"hoidong6"})
    events = AuditEvent.objects.count()
    with pytest.raises(ActionNotAllowed):
        _record(council, session, council.hoidong6, {HUONG: A}, actor=council.hoidong1)
    _unchanged(events)
