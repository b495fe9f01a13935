"""Casting a ballot (DESIGN §8; issue 4 item 2): each present member casts one ballot for the whole
agenda, once; a non-member, an absent member and a member named in a nomination (for that item) are
refused; every refusal leaves no receipt, no mark and no audit event behind."""

import pytest

from council import services
from council.models import Ballot, BallotMark, BallotReceipt, OpenVote
from dossiers.models import VoteMethod
from tests.council.conftest import A, D, X
from workflow.exceptions import ActionNotAllowed, Conflict, GuardFailed
from workflow.models import AuditEvent

HUONG, QUANG = "Nguyễn Thị Thu Hương", "Trần Văn Quang"


def _nothing_stored(before_events):
    assert not BallotReceipt.objects.exists()
    assert not Ballot.objects.exists() and not BallotMark.objects.exists() and not OpenVote.objects.exists()
    assert AuditEvent.objects.count() == before_events


def test_member_can_cast_one_ballot_with_secret_and_open_items(council):
    session = council.opened(council.dossier(HUONG), council.dossier(QUANG, award=council.lao_dong_tien_tien))
    receipt = council.ballot(session, council.hoidong1, {HUONG: A, QUANG: D})
    assert receipt.member == council.hoidong1
    assert Ballot.objects.count() == 1
    assert list(BallotMark.objects.values_list("choice", flat=True)) == [A]
    assert list(OpenVote.objects.values_list("member__username", "choice")) == [("hoidong1", D)]
    event = AuditEvent.objects.get(action="ballot_cast")
    assert (event.stream, event.actor_username, event.object_id, event.data) == (
        f"user:{council.hoidong1.pk}", "hoidong1", str(session.pk), {"session": "01/2025"})


def test_member_cannot_vote_twice(council):
    session = council.opened(council.dossier(HUONG))
    council.ballot(session, council.hoidong1, {HUONG: A})
    events = AuditEvent.objects.count()
    with pytest.raises(Conflict) as refused:
        council.ballot(session, council.hoidong1, {HUONG: D})
    assert refused.value.reasons == ["Đồng chí đã bỏ phiếu trong phiên họp này; mỗi thành viên chỉ bỏ phiếu một lần."]
    assert BallotReceipt.objects.count() == 1 and Ballot.objects.count() == 1
    assert list(BallotMark.objects.values_list("choice", flat=True)) == [A]
    assert AuditEvent.objects.count() == events


def test_the_database_refuses_a_second_receipt_for_a_member(council):
    """The double-vote guard is a constraint, not only a check in Python (DESIGN §8)."""
    from django.db import IntegrityError, transaction
    from django.utils import timezone

    session = council.opened(council.dossier(HUONG))
    council.ballot(session, council.hoidong1, {HUONG: A})
    with pytest.raises(IntegrityError), transaction.atomic():
        BallotReceipt.objects.create(session=session, member=council.hoidong1, cast_at=timezone.now())


def test_non_member_cannot_vote(council):
    session = council.opened(council.dossier(HUONG))
    events = AuditEvent.objects.count()
    for outsider in (council.canbovhxh, council.kiemtra, council.quantri, council.thcs):
        with pytest.raises(ActionNotAllowed) as refused:
            council.ballot(session, outsider, {HUONG: A})
        assert refused.value.reasons == ["Đồng chí không phải thành viên Hội đồng của phiên họp này."]
    _nothing_stored(events)


def test_absent_member_cannot_vote(council):
    session = council.opened(council.dossier(HUONG), absent={"hoidong6"})
    events = AuditEvent.objects.count()
    with pytest.raises(ActionNotAllowed) as refused:
        council.ballot(session, council.hoidong6, {HUONG: A})
    assert "được ghi nhận vắng mặt" in refused.value.message
    _nothing_stored(events)


def test_member_cannot_vote_before_opening(council):
    session = council.prepared(council.dossier(HUONG))
    events = AuditEvent.objects.count()
    with pytest.raises(GuardFailed) as refused:
        council.ballot(session, council.hoidong1, {HUONG: A})
    assert refused.value.reasons == ["Phiên họp chưa mở biểu quyết."]
    _nothing_stored(events)


def test_member_cannot_vote_after_closing(council):
    session = council.opened(council.dossier(HUONG))
    council.close(session)
    with pytest.raises(GuardFailed) as refused:
        council.ballot(session, council.hoidong1, {HUONG: A})
    assert refused.value.reasons == ["Phiên họp đã kết thúc: không thể thay đổi hay biểu quyết thêm."]
    assert not BallotReceipt.objects.exists()


def test_member_cannot_cast_a_ballot_missing_an_item(council):
    session = council.opened(council.dossier(HUONG, "Lê Thị Minh Nguyệt"))
    events = AuditEvent.objects.count()
    with pytest.raises(GuardFailed) as refused:
        council.ballot(session, council.hoidong1, {HUONG: A})
    assert refused.value.reasons == ["Chưa chọn ý kiến đối với «Lê Thị Minh Nguyệt — Chiến sĩ thi đua cơ sở»."]
    _nothing_stored(events)


def test_member_cannot_cast_an_unknown_choice_or_item(council):
    session = council.opened(council.dossier(HUONG))
    item = council.items(session)[HUONG]
    events = AuditEvent.objects.count()
    with pytest.raises(GuardFailed) as refused:
        services.ballot_cast(session=session, actor=council.hoidong1, choices={item.pk: "maybe", 999999: A})
    assert set(refused.value.reasons) == {"Phiếu có nội dung không thuộc chương trình phiên họp.",
                                          "Chưa chọn ý kiến đối với «Nguyễn Thị Thu Hương — Chiến sĩ thi đua cơ sở»."}
    _nothing_stored(events)


def test_member_named_in_a_nomination_cannot_mark_it(council):
    """Recusal (DESIGN §4): hoidong2 is nominated; the ballot marking their own item is refused whole."""
    dossier = council.dossier(HUONG, "Ngô Quang Vinh", accounts={"Ngô Quang Vinh": council.hoidong2})
    session = council.opened(dossier)
    events = AuditEvent.objects.count()
    with pytest.raises(GuardFailed) as refused:
        council.ballot(session, council.hoidong2, {HUONG: A, "Ngô Quang Vinh": A})
    assert refused.value.reasons == [
        "Không được biểu quyết nội dung «Ngô Quang Vinh — Chiến sĩ thi đua cơ sở»: thành viên là người được đề nghị."
    ]
    _nothing_stored(events)


def test_member_named_in_a_nomination_can_vote_on_the_other_items(council):
    dossier = council.dossier(HUONG, "Ngô Quang Vinh", accounts={"Ngô Quang Vinh": council.hoidong2})
    session = council.opened(dossier)
    council.ballot(session, council.hoidong2, {HUONG: X})
    items = council.items(session)
    assert items["Ngô Quang Vinh"].recused == council.hoidong2
    assert list(BallotMark.objects.values_list("item_id", "choice")) == [(items[HUONG].pk, X)]


def test_recused_member_is_not_counted_on_their_item(council):
    """Every other present member agrees: on a "present" base the recused member is out of the base."""
    council.chien_si.threshold_base, council.chien_si.threshold_percent = "present", 100
    council.chien_si.save()
    dossier = council.dossier("Ngô Quang Vinh", accounts={"Ngô Quang Vinh": council.hoidong2})
    session = council.opened(dossier)
    council.everyone_votes(session, {"Ngô Quang Vinh": A})
    council.close(session)
    item = council.items(session)["Ngô Quang Vinh"]
    assert (item.agree, item.base, item.required, item.result) == (8, 8, 8, "passed")


def test_chair_mark_is_named_where_the_rule_needs_the_chair_to_agree(council):
    """Chair must agree (DOMAIN §4.2, Bộ TN&MT 2019: "≥ 90% incl. the Chair"): the Chair's mark on that item
    is the one named mark of a secret item; without the Chair's agreement the nominee fails."""
    council.chien_si.chair_must_agree = True
    council.chien_si.save()
    session = council.opened(council.dossier(HUONG))
    for member in council.members:
        council.ballot(session, member, {HUONG: D if member == council.chutich else A})
    assert list(OpenVote.objects.values_list("member__username", "choice")) == [("chutich", D)]
    assert BallotMark.objects.count() == 8
    council.close(session)
    item = council.items(session)[HUONG]
    assert (item.agree, item.chair_agreed, item.result) == (8, False, "failed")
    assert item.vote_method == VoteMethod.SECRET
