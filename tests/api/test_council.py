"""Council sessions through the API (issue 7): the secretary prepares, opens and closes a session, members
vote once each from their own login, with the same rules and secrecy as the pages (council.services)."""

import re

import pytest
from rest_framework.test import APIClient

from council.models import BallotMark, BallotReceipt, CouncilSession, SessionState
from tests.api.conftest import body_reasons
from tests.conftest import pdf_upload
from tests.council.conftest import MEETING_DAY, A, D, X
from workflow.models import AuditEvent

HUONG, NGUYET = "Nguyễn Thị Thu Hương", "Lê Thị Minh Nguyệt"
SESSIONS = "/api/v1/council/sessions/"


def client_of(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def items_by_name(body) -> dict:
    return {item["nominee_name"]: item["id"] for item in body["agenda"]}


def prepare(council, *dossiers, absent=("hoidong6",)) -> tuple[APIClient, int]:
    """The secretary (vhxh) creates a session, puts the dossiers on the agenda and records attendance."""
    secretary = client_of(council.vhxh)
    created = secretary.post(SESSIONS, {"title": "Phiên họp xét khen thưởng năm 2025",
                                        "meeting_date": MEETING_DAY.isoformat(), "place": "Hội trường UBND xã"},
                             format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    for dossier in dossiers:
        added = secretary.post(f"{SESSIONS}{pk}/agenda/", {"dossier": dossier.pk}, format="json")
        assert added.status_code == 200, added.json()
    present = [m.pk for m in council.members if m.username not in absent]
    recorded = secretary.post(f"{SESSIONS}{pk}/attendance/", {"present": present}, format="json")
    assert recorded.status_code == 200, recorded.json()
    return secretary, pk


def opened(council, *dossiers, absent=("hoidong6",)) -> tuple[APIClient, int]:
    secretary, pk = prepare(council, *dossiers, absent=absent)
    response = secretary.post(f"{SESSIONS}{pk}/open/", {}, format="json")
    assert response.status_code == 200, response.json()
    return secretary, pk


def vote(member, pk, by_name: dict):
    client = client_of(member)
    form = client.get(f"{SESSIONS}{pk}/ballot/").json()
    ids = {item["nominee_name"]: item["id"] for item in form["items"]}
    return client.post(f"{SESSIONS}{pk}/ballot/", {"choices": {ids[n]: c for n, c in by_name.items()}},
                       format="json")


def test_a_session_from_creation_to_minutes(council):
    dossier = council.dossier(HUONG, NGUYET)
    secretary, pk = prepare(council, dossier)
    candidates = secretary.get(f"{SESSIONS}{pk}/candidates/").json()
    assert dossier.pk not in [c["id"] for c in candidates]  # already on this session's agenda
    detail = secretary.get(f"{SESSIONS}{pk}/")
    assert detail["ETag"] == f'"session-{pk}-v{detail.json()["version"]}"'
    assert set(items_by_name(detail.json())) == {HUONG, NGUYET}

    # A stale ETag is refused before anything changes; the current one opens the vote.
    stale = secretary.post(f"{SESSIONS}{pk}/open/", {}, format="json", HTTP_IF_MATCH='"session-1-v1"')
    assert stale.status_code == 412
    response = secretary.post(f"{SESSIONS}{pk}/open/", {}, format="json", HTTP_IF_MATCH=detail["ETag"])
    assert response.status_code == 200 and response.json()["state"] == SessionState.OPEN

    assert vote(council.hoidong1, pk, {HUONG: A, NGUYET: D}).status_code == 201
    again = vote(council.hoidong1, pk, {HUONG: D, NGUYET: D})
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    assert "chỉ bỏ phiếu một lần" in body_reasons(again)
    assert BallotReceipt.objects.filter(session_id=pk).count() == 1

    # While open: who has voted, never how; no results, no minutes.
    progress = secretary.get(f"{SESSIONS}{pk}/").json()["progress"]
    assert (progress["voted"], progress["expected"]) == (1, 8)
    assert len(progress["not_yet"]) == 7
    for path in ("results/", "minutes/pdf/"):
        early = secretary.get(f"{SESSIONS}{pk}/{path}")
        assert early.status_code == 409
        assert "sau khi phiên họp kết thúc" in body_reasons(early)

    receipt = client_of(council.hoidong1).get(f"{SESSIONS}{pk}/receipt/").json()
    assert set(receipt) == {"session", "member", "cast_at"}

    for member in council.members:
        if member.username not in ("hoidong1", "hoidong6"):
            assert vote(member, pk, {HUONG: A, NGUYET: A}).status_code == 201

    unconfirmed = secretary.post(f"{SESSIONS}{pk}/close/", {"confirm": False}, format="json")
    assert unconfirmed.status_code == 400
    assert "xác nhận" in body_reasons(unconfirmed)
    assert CouncilSession.objects.get(pk=pk).state == SessionState.OPEN
    closed = secretary.post(f"{SESSIONS}{pk}/close/", {"confirm": True}, format="json")
    assert closed.status_code == 200 and closed.json()["state"] == SessionState.CLOSED

    results = client_of(council.kiemtra).get(f"{SESSIONS}{pk}/results/").json()
    counts = {i["nominee_name"]: (i["agree"], i["disagree"], i["abstain"], i["named"]) for i in results["items"]}
    assert counts == {HUONG: (8, 0, 0, None), NGUYET: (7, 1, 0, None)}
    dossier.refresh_from_db()
    assert dossier.state == "awaiting_decision"
    pdf = client_of(council.chutich).get(f"{SESSIONS}{pk}/minutes/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert client_of(council.chutich).get(f"{SESSIONS}{pk}/minutes/docx/").status_code == 200


def test_only_the_secretary_prepares_and_closes(council):
    dossier = council.dossier(HUONG)
    reviewer = client_of(council.canbovhxh)  # office reviewer: reads sessions, does not run them
    refused = reviewer.post(SESSIONS, {"title": "Phiên họp", "meeting_date": "2025-12-22", "place": "Xã"},
                            format="json")
    assert refused.status_code == 403 and "Thư ký Hội đồng" in body_reasons(refused)
    secretary, pk = prepare(council, dossier)
    before = AuditEvent.objects.count()
    for path, body in (("open/", {}), ("close/", {"confirm": True}), ("attendance/", {"present": []}),
                       ("agenda/", {"dossier": dossier.pk})):
        response = client_of(council.hoidong1).post(f"{SESSIONS}{pk}/{path}", body, format="json")
        assert response.status_code == 403, (path, response.json())
        assert response.json()["code"] == "not_allowed"
    assert AuditEvent.objects.count() == before
    # Outside the commune's roles a session does not exist.
    assert client_of(council.thcs).get(f"{SESSIONS}{pk}/").status_code == 404
    assert client_of(council.other_reviewer).get(SESSIONS).json()["count"] == 0


def test_ballot_form_names_recusals_and_refuses_a_recused_mark(council):
    dossier = council.dossier(HUONG, NGUYET, accounts={HUONG: council.hoidong2})
    _secretary, pk = opened(council, dossier)
    form = client_of(council.hoidong2).get(f"{SESSIONS}{pk}/ballot/").json()
    recusal = {item["nominee_name"]: (item["recused"], item["recusal_reason"]) for item in form["items"]}
    assert recusal[HUONG][0] is True and "người được đề nghị" in recusal[HUONG][1]
    assert recusal[NGUYET] == (False, "")
    assert form["can_vote"] is True

    refused = vote(council.hoidong2, pk, {HUONG: A, NGUYET: A})
    assert refused.status_code == 409 and refused.json()["code"] == "guard_failed"
    assert HUONG in body_reasons(refused)
    assert not BallotReceipt.objects.filter(session_id=pk).exists() and not BallotMark.objects.exists()
    assert vote(council.hoidong2, pk, {NGUYET: A}).status_code == 201

    missing = vote(council.hoidong3, pk, {HUONG: A})
    assert missing.status_code == 409 and "Chưa chọn ý kiến" in body_reasons(missing)
    absent = vote(council.hoidong6, pk, {HUONG: A, NGUYET: A})
    assert absent.status_code == 403 and "vắng mặt" in body_reasons(absent)
    outsider = client_of(council.canbovhxh).get(f"{SESSIONS}{pk}/ballot/")
    assert outsider.status_code == 403 and "không phải thành viên" in body_reasons(outsider)


def test_written_opinion_of_an_absent_member_with_its_scan(council):
    dossier = council.dossier(HUONG)
    secretary, pk = opened(council, dossier)
    items = items_by_name(secretary.get(f"{SESSIONS}{pk}/").json())

    response = secretary.post(f"{SESSIONS}{pk}/written-opinions/", {
        "member": council.hoidong6.pk, "received_on": "2025-12-22", "scan": pdf_upload("y-kien.pdf"),
        "choices": f'{{"{items[HUONG]}": "agree"}}',
    }, format="multipart")
    assert response.status_code == 201, response.json()
    opinion = response.json()
    listed = secretary.get(f"{SESSIONS}{pk}/written-opinions/").json()
    assert [o["member"] for o in listed] == ["hoidong6"]
    scan = secretary.get(f"{SESSIONS}{pk}/written-opinions/{opinion['id']}/file/")
    assert scan.status_code == 200 and scan["X-Content-SHA256"] == opinion["sha256"]
    assert client_of(council.hoidong1).get(f"{SESSIONS}{pk}/written-opinions/").status_code == 403
    twice = secretary.post(f"{SESSIONS}{pk}/written-opinions/", {
        "member": council.hoidong6.pk, "received_on": "2025-12-22", "scan": pdf_upload("y-kien.pdf"),
        "choices": f'{{"{items[HUONG]}": "agree"}}',
    }, format="multipart")
    assert twice.status_code == 409


# Secrecy ------------------------------------------------------------------------------------------------

READERS = ["vhxh", "chutich", "hoidong1", "hoidong3", "hoidong4", "kiemtra", "canbovhxh"]


def _mask(text: str) -> str:
    """Ids, times, hashes and request ids differ between any two sessions; nothing else may."""
    text = re.sub(r"[0-9a-f]{64}", "<sha256>", text)
    text = re.sub(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", "<uuid>", text)
    return re.sub(r"\d+", "#", text)


def _unordered(value):
    """`value` masked, its dicts as sorted lists of masked pairs."""
    if isinstance(value, dict):
        return sorted(str((_mask(str(key)), _unordered(item))) for key, item in value.items())
    if isinstance(value, list):
        return [_unordered(item) for item in value]
    return _mask(str(value))


def _audit_of(client, pk: int, dossier_id: int) -> list:
    """The auditor's view of the log, narrowed to this session's and its dossier's events. Keys of `data`
    that are ids sort differently once ids cross a power of ten: compare the entries as a sorted list."""
    events, url = [], "/api/v1/audit/events/"
    while url:
        page = client.get(url).json()
        events += [{**e, "data_json": None, "data": _unordered(e["data"])}
                   for e in page["results"]
                   if (e["object_type"], str(e["object_id"])) in {("council_session", str(pk)),
                                                                  ("dossier", str(dossier_id))}]
        url = page["next"]
    return events


def _secret_session(council, dissenter) -> dict:
    """A session voted by API where only `dissenter` disagrees; every API output about it, masked."""
    dossier = council.dossier(HUONG, NGUYET)
    secretary, pk = opened(council, dossier)
    for member in council.members:
        if member.username != "hoidong6":
            mine = D if member.username == dissenter else A
            assert vote(member, pk, {HUONG: mine, NGUYET: X if member.username == dissenter else A}).status_code == 201
    assert secretary.post(f"{SESSIONS}{pk}/close/", {"confirm": True}, format="json").status_code == 200
    seen = {}
    for username in READERS:
        client = client_of(getattr(council, username))
        for path in ("", "results/", "ballot/", "receipt/"):
            response = client.get(f"{SESSIONS}{pk}/{path}")
            seen[username, path] = (response.status_code, _mask(response.content.decode()))
    auditor = client_of(council.kiemtra)
    seen["audit"] = _mask(str(_audit_of(auditor, pk, dossier.pk)))
    return seen


@pytest.mark.parametrize("dissenters", [("hoidong3", "hoidong4")])
def test_api_output_after_a_secret_session_never_links_a_member_to_a_mark(council, dissenters):
    """Non-interference: two secret sessions that differ only in *who* disagreed look the same through the
    API to every reader (details, results, ballot forms, receipts, the audit log); and no object in any
    output pairs a member with a choice."""
    first, second = (_secret_session(council, dissenter) for dissenter in dissenters)
    assert first.keys() == second.keys()
    for key in first:
        assert first[key] == second[key], key
    closed = client_of(council.kiemtra).get(f"{SESSIONS}?state=closed").json()
    assert closed["count"] == 2
    for session in closed["results"]:
        results = client_of(council.kiemtra).get(f"{SESSIONS}{session['id']}/results/").json()
        assert all(item["vote_method"] == "secret" and item["named"] is None for item in results["items"])


def test_a_token_reaches_sessions_and_decisions_only_within_its_organisation(council, token_client):
    """A token issued for a unit never uses its account's commune rights (docs/api.md "Tokens")."""
    dossier = council.dossier(HUONG)
    _secretary, pk = prepare(council, dossier)
    unit_token = token_client(council.quantri, council.vhxh, council.thcs_unit)
    assert unit_token.get(SESSIONS).json()["count"] == 0
    assert unit_token.get(f"{SESSIONS}{pk}/").status_code == 404
    assert unit_token.post(f"{SESSIONS}{pk}/open/", {}, format="json").status_code == 404
    refused = unit_token.post(SESSIONS, {"title": "Phiên họp", "meeting_date": "2025-12-22", "place": "Xã"},
                              format="json")
    assert refused.status_code == 403
    assert unit_token.post("/api/v1/decisions/", {"award_type": council.chien_si.pk, "nominations": [1]},
                           format="json").status_code == 403
    assert CouncilSession.objects.get(pk=pk).state == SessionState.DRAFT
    commune_token = token_client(council.quantri, council.vhxh, council.commune)
    assert commune_token.post(f"{SESSIONS}{pk}/open/", {}, format="json").status_code == 200
