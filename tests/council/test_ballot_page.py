"""The member's ballot page (issue 4 benchmark: what a member waits for) keeps every rule while it stays cheap:
the confirming POST hands the posted choices to `ballot_cast`, which checks each of them against the agenda
(DESIGN §8, DOMAIN §4.2), and the form of the whole agenda is built only to show the page again after a
refusal, with what the member ticked and the Vietnamese reason. Reading and posting the page run a fixed
number of queries, whatever the length of the agenda."""

from django.test import Client
from django.urls import reverse

from council.models import AgendaItem, BallotMark, BallotReceipt, OpenVote
from tests.council.conftest import A, D, X
from tests.web.a11y import problems_of
from workflow.models import AuditEvent

HUONG, VINH, QUANG = "Nguyễn Thị Thu Hương", "Ngô Quang Vinh", "Trần Văn Quang"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _url(session):
    return reverse("council_ballot", kwargs={"pk": session.pk})


def _ticked(item, choice) -> str:
    """The radio of `choice` on `item`, checked (the options are agree, disagree, abstain, in that order)."""
    n = [A, D, X].index(choice)
    return f'name="item_{item.pk}" value="{choice}" id="id_item_{item.pk}_{n}" required checked'


def _nothing_stored(events: int) -> bool:
    return (not BallotReceipt.objects.exists() and not BallotMark.objects.exists() and not OpenVote.objects.exists()
            and AuditEvent.objects.count() == events)


def test_ballot_page_reads_and_posts_in_a_fixed_number_of_queries(council, django_assert_max_num_queries):
    """3 items or 60: the same queries; the confirming POST reads the agenda once, inside `ballot_cast`."""
    small = council.opened(council.dossier(HUONG, VINH, QUANG))
    large = council.opened(*[council.dossier(*[f"Người được đề nghị {d}-{n}" for n in range(20)]) for d in range(3)])
    assert AgendaItem.objects.filter(session=large).count() == 60
    client = _client(council.hoidong1)
    budget = {}
    for session in (small, large):
        marks = {f"item_{pk}": A for pk in AgendaItem.objects.filter(session=session).values_list("pk", flat=True)}
        steps = [("get", {}), ("review", marks), ("confirm", {**marks, "confirm": "1"})]
        for step, data in steps:
            with django_assert_max_num_queries(budget.get(step, 30)) as captured:
                response = client.post(_url(session), data) if data else client.get(_url(session))
            budget.setdefault(step, len(captured.captured_queries))
            assert response.status_code == (302 if step == "confirm" else 200), step
        agenda_reads = [q for q in captured.captured_queries if "council_agendaitem" in q["sql"]]
        assert len(agenda_reads) == 1, agenda_reads  # the service's own read, not the page's
    assert BallotReceipt.objects.filter(member=council.hoidong1).count() == 2


def test_member_cannot_send_a_ballot_naming_an_item_of_another_session_from_the_page(council):
    ours = council.opened(council.dossier(HUONG, QUANG))
    other = council.opened(council.dossier("Lê Thị Minh Nguyệt"))
    items, forged = council.items(ours), council.items(other)["Lê Thị Minh Nguyệt"]
    events = AuditEvent.objects.count()
    response = _client(council.hoidong1).post(_url(ours), {
        f"item_{items[HUONG].pk}": D, f"item_{items[QUANG].pk}": X, f"item_{forged.pk}": A, "confirm": "1"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Phiếu có nội dung không thuộc chương trình phiên họp." in page
    # The member keeps what they ticked on this session's agenda, to send again without the stray mark.
    assert _ticked(items[HUONG], D) in page and _ticked(items[QUANG], X) in page
    assert f"item_{forged.pk}" not in page
    assert _nothing_stored(events)


def test_member_cannot_mark_the_item_naming_them_even_by_posting_it(council):
    """The page shows the item disabled; a hand-made POST that marks it anyway is refused, not trimmed."""
    session = council.opened(council.dossier(HUONG, VINH, accounts={VINH: council.hoidong2}))
    items = council.items(session)
    events = AuditEvent.objects.count()
    response = _client(council.hoidong2).post(_url(session), {
        f"item_{items[HUONG].pk}": A, f"item_{items[VINH].pk}": A, "confirm": "1"})
    assert response.status_code == 409
    page = response.content.decode()
    assert ("Không được biểu quyết nội dung «Ngô Quang Vinh — Chiến sĩ thi đua cơ sở»: thành viên là người được "
            "đề nghị.") in page
    assert "Đồng chí là người được đề nghị nên không biểu quyết nội dung này." in page
    assert _ticked(items[HUONG], A) in page
    assert f'name="item_{items[VINH].pk}" value="agree" id="id_item_{items[VINH].pk}_0" disabled>' in page
    assert _nothing_stored(events)


def test_member_cannot_send_an_incomplete_ballot_and_keeps_what_they_ticked(council):
    """A missing mark: the form's own message beside the item (400, as before the service is asked), the
    other marks still ticked, and the page stays accessible (each invalid group names its message)."""
    session = council.opened(council.dossier(HUONG, QUANG))
    items = council.items(session)
    events = AuditEvent.objects.count()
    for confirm in ({}, {"confirm": "1"}):
        response = _client(council.hoidong1).post(_url(session), {f"item_{items[HUONG].pk}": D, **confirm})
        assert response.status_code == 400
        page = response.content.decode()
        assert "Vui lòng chọn một ý kiến." in page and "Xác nhận gửi phiếu" not in page
        assert _ticked(items[HUONG], D) in page
        assert f'aria-invalid="true" aria-describedby="id_item_{items[QUANG].pk}_error"' in page
        assert problems_of(page, _url(session)) == []
    assert _nothing_stored(events)


def test_member_cannot_send_an_unknown_choice_from_the_page(council):
    session = council.opened(council.dossier(HUONG))
    item = council.items(session)[HUONG]
    events = AuditEvent.objects.count()
    response = _client(council.hoidong1).post(_url(session), {f"item_{item.pk}": "yes", "confirm": "1"})
    assert response.status_code == 400
    assert "Ý kiến không hợp lệ." in response.content.decode()
    assert _nothing_stored(events)


def test_member_cannot_vote_on_a_session_closed_since_the_page_was_drawn(council):
    session = council.opened(council.dossier(HUONG))
    item = council.items(session)[HUONG]
    client = _client(council.hoidong1)
    assert "Xác nhận gửi phiếu" in client.post(_url(session), {f"item_{item.pk}": A}).content.decode()
    council.everyone_votes(session, {HUONG: A}, skip={"hoidong1"})
    council.close(session)
    receipts, events = BallotReceipt.objects.count(), AuditEvent.objects.count()
    response = client.post(_url(session), {f"item_{item.pk}": A, "confirm": "1"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Phiên họp không trong thời gian biểu quyết." in page
    assert BallotReceipt.objects.count() == receipts and AuditEvent.objects.count() == events


def test_member_confirms_the_choices_the_page_showed_and_gets_a_receipt_without_them(council):
    """The confirmation step repeats each choice and carries it in hidden fields; the receipt names none."""
    session = council.opened(council.dossier(HUONG, QUANG))
    items = council.items(session)
    client = _client(council.hoidong1)
    review = client.post(_url(session), {f"item_{items[HUONG].pk}": D, f"item_{items[QUANG].pk}": X})
    page = review.content.decode()
    assert review.status_code == 200 and not BallotReceipt.objects.exists()
    assert f"1. {HUONG} — Chiến sĩ thi đua cơ sở: <strong>Không đồng ý</strong>" in page
    assert f"2. {QUANG} — Chiến sĩ thi đua cơ sở: <strong>Không có ý kiến</strong>" in page
    assert f'<input type="hidden" name="item_{items[HUONG].pk}" value="disagree">' in page
    done = client.post(_url(session), {f"item_{items[HUONG].pk}": D, f"item_{items[QUANG].pk}": X, "confirm": "1"})
    assert done.status_code == 302
    receipt = client.get(done.url).content.decode()
    assert "Không đồng ý" not in receipt and "Không có ý kiến" not in receipt
    assert sorted(BallotMark.objects.values_list("item_id", "choice")) == sorted(
        [(items[HUONG].pk, D), (items[QUANG].pk, X)])
