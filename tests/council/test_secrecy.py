"""Secrecy of the ballot (DESIGN §8, §10; issue 4 item 2; SCENARIO "what must never happen"): no model
field, no audit event and no page links a member to a secret choice, and nobody sees partial results
before closing. Threat model and what holds: docs/council.md.

The page and audit checks are a non-interference test: two sessions identical in everything but *who*
disagreed (hoidong3 in one, hoidong4 in the other) must look the same, byte for byte once ids, times
and CSRF tokens are masked, to every persona, on every page, in the log and in the minutes. Before
closing, two sessions whose choices differ altogether must look the same too.
"""

import re
import uuid

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import models
from django.test import Client
from django.urls import reverse

from council.models import Ballot, BallotMark, BallotReceipt, OpenVote
from tests.council.conftest import A, D, X
from workflow.models import AuditEvent

HUONG, NGUYET = "Nguyễn Thị Thu Hương", "Lê Thị Minh Nguyệt"
PERSONAS = ["vhxh", "chutich", "phochutich", "hoidong1", "hoidong3", "hoidong4", "kiemtra", "canbovhxh", "quantri"]


def _mask(text: str) -> str:
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', text)
    text = re.sub(r"[0-9a-f]{64}", "<sha256>", text)  # the minutes' files differ by their number and time
    # Ids in links: on PostgreSQL the sequences run on across tests, so one session may be 99 and the next 100.
    text = re.sub(r"/\d+/", "/N/", text)
    return re.sub(r"\d", "#", text)


def _session(council, dissenter, *, close=True, choice_of_others=A):
    dossier = council.dossier(HUONG, NGUYET)
    session = council.opened(dossier, absent={"hoidong6"})
    for member in council.members:
        if member.username == "hoidong6":
            continue
        mine = D if member.username == dissenter else choice_of_others
        council.ballot(session, member, {HUONG: mine, NGUYET: X if member.username == dissenter else A})
    if close:
        council.close(session)
    return session


def _pages(council, session) -> dict:
    """Every council page each persona can open about this session, masked."""
    seen = {}
    for username in PERSONAS:
        client = Client()
        client.force_login(getattr(council, username))
        for name in ("council_session", "council_results", "council_ballot", "council_receipt",
                     "council_written_opinion"):
            response = client.get(reverse(name, kwargs={"pk": session.pk}), follow=True)
            seen[(username, name)] = (response.status_code, _mask(response.content.decode()))
    return seen


def _log(session) -> list:
    """The session's own events and every ballot_cast of it, in order, masked."""
    events = AuditEvent.objects.filter(object_type="council_session", object_id=str(session.pk)).order_by("id")
    return [(e.action, e.actor_username, _mask(e.data_json)) for e in events]


def test_ballots_and_marks_carry_no_member_no_time_and_no_sequential_key():
    user_model = get_user_model()
    for model in (Ballot, BallotMark):
        for field in model._meta.get_fields():
            assert not (field.is_relation and field.related_model is user_model), (model, field)
            assert not isinstance(field, (models.DateTimeField, models.DateField, models.TimeField)), (model, field)
        assert isinstance(model._meta.pk, models.UUIDField) and model._meta.pk.default is uuid.uuid4
        assert model._meta.ordering == ["id"]  # listed in random-key order, never in the order cast
    # Marks are not grouped under a ballot (a ballot's shape could name its voter), and nothing points at
    # a ballot or a mark: no receipt, no audit row, no other model can lead from a member to a choice.
    assert {f.name for f in BallotMark._meta.concrete_fields} == {"id", "item", "choice"}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            assert field.related_model not in (Ballot, BallotMark), (model, field)


def test_no_administrator_page_shows_ballots(council):
    assert not admin.site.is_registered(Ballot) and not admin.site.is_registered(BallotMark)
    client = Client()
    client.force_login(council.quantri)
    assert client.get("/admin/council/ballot/").status_code == 404
    assert client.get("/admin/council/ballotmark/").status_code == 404


def test_nothing_tells_who_disagreed_after_closing(council):
    first = _session(council, "hoidong3")
    second = _session(council, "hoidong4")
    # Same count, so the same results; only who disagreed differs.
    assert [(i.agree, i.disagree, i.abstain) for i in first.agenda.order_by("position")] == \
        [(i.agree, i.disagree, i.abstain) for i in second.agenda.order_by("position")] == [(7, 1, 0), (7, 0, 1)]
    assert _pages(council, first) == _pages(council, second)
    assert _log(first) == _log(second)
    first.minutes.refresh_from_db()
    second.minutes.refresh_from_db()
    assert _mask(str(first.minutes.content)) == _mask(str(second.minutes.content))
    # The only named facts: who voted (receipts) and, for named (open) votes, nothing here: both items are secret.
    assert not OpenVote.objects.exists()
    assert BallotReceipt.objects.filter(session=first).count() == 8
    ballot_events = AuditEvent.objects.filter(action="ballot_cast", object_id=str(first.pk))
    assert {e.data_json for e in ballot_events} == {'{"session":"01/2025"}'}


def test_nobody_sees_partial_results_before_closing(council):
    agreeing = _session(council, "nobody", close=False, choice_of_others=A)
    disagreeing = _session(council, "nobody", close=False, choice_of_others=D)
    assert _pages(council, agreeing) == _pages(council, disagreeing)
    assert _log(agreeing) == _log(disagreeing)
    for username in ("vhxh", "chutich", "kiemtra"):
        client = Client()
        client.force_login(getattr(council, username))
        response = client.get(reverse("council_results", kwargs={"pk": agreeing.pk}))
        assert response.status_code == 409
        assert "Kết quả chỉ được công bố sau khi phiên họp kết thúc." in response.content.decode()
        page = client.get(reverse("council_session", kwargs={"pk": agreeing.pk})).content.decode()
        assert "8 trên 8 thành viên có mặt đã bỏ phiếu." in page


@pytest.mark.parametrize("username", ["vhxh", "chutich", "kiemtra", "quantri"])
def test_minutes_cannot_be_downloaded_before_closing(council, username):
    session = _session(council, "hoidong3", close=False)
    client = Client()
    client.force_login(getattr(council, username))
    assert client.get(reverse("council_minutes", kwargs={"pk": session.pk, "fmt": "pdf"})).status_code == 404


def test_the_api_tells_who_voted_never_how(council):
    """The API an auditor or an integrated system reads: ballot events carry the session number only, and
    before closing the nominees' outcomes show no partial result."""
    session = _session(council, "hoidong3", close=False)
    auditor = Client()
    auditor.force_login(council.kiemtra)
    events = auditor.get("/api/v1/audit/events/", {"action": "ballot_cast"})
    assert events.status_code == 200
    body = events.content.decode()
    assert body.count("ballot_cast") >= 8
    for word in ("agree", "disagree", "abstain", "Đồng ý", "Không đồng ý"):
        assert word not in body
    dossier_id = session.agenda.first().dossier_id
    nominations = auditor.get(f"/api/v1/dossiers/{dossier_id}/nominations/")
    assert nominations.status_code == 200
    text = nominations.content.decode()
    assert "eligible" in text and "passed" not in text and "failed" not in text
