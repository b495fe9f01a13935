"""The permission matrix of the council and decision endpoints, replayed over HTTP for every persona of the
World: who may prepare, open and close a session, vote, draft, sign and send back. As for dossier actions
(test_permission_matrix.py): outside the caller's scope the object answers 404; inside it, a refusal is
403 `not_allowed` with a Vietnamese reason and changes nothing (no audit event, no state change)."""

import datetime

import pytest
from rest_framework.test import APIClient

from council import services as council
from council.models import AgendaItem, CouncilSession
from decisions.models import Decision
from tests.decisions.conftest import key_dir, signing_keys  # noqa: F401 (fixtures: real signing keys)
from tests.decisions.helpers import awaiting, draft
from tests.workflow import helpers
from workflow.models import AuditEvent

PERSONAS = ["thcs", "thcs_head", "doantn", "canbovhxh", "vhxh", "chutich", "phochutich", "vanthu", "kiemtra",
            "hoidong1", "quantri", "other_reviewer", "other_officer"]
# Who sees the commune's sessions (a commune role) and its decisions (the roles that work with decisions).
# A Vice-Chair reads neither without a delegation from the Chair (tests/decisions/test_signers.py).
SESSION_READERS = {"canbovhxh", "vhxh", "chutich", "vanthu", "kiemtra", "hoidong1"}
DECISION_READERS = SESSION_READERS - {"hoidong1"}
DAY = datetime.date(2025, 12, 22)


def _session(world, *, dossier=None, state="draft"):
    session = council.session_create(actor=world.vhxh, commune=world.commune, title="Phiên họp", meeting_date=DAY,
                                      place="Hội trường")
    if dossier is not None:
        council.agenda_add(session=session, actor=world.vhxh, dossier=dossier)
    if state in ("open", "voted"):
        council.attendance_record(session=session, actor=world.vhxh, present_user_ids=[world.hoidong1.pk])
        council.session_open(session=session, actor=world.vhxh)
    if state == "voted":
        items = AgendaItem.objects.filter(session=session)
        council.ballot_cast(session=session, actor=world.hoidong1, choices={i.pk: "agree" for i in items})
    return session


def _in_council(world):
    return helpers.to_state(world, helpers.make(world), helpers.S.COUNCIL)


def create_session(world):
    body = {"title": "Phiên họp cuối năm", "meeting_date": DAY.isoformat(), "place": "Hội trường"}
    return "/api/v1/council/sessions/", body, None


def add_to_agenda(world):
    dossier = _in_council(world)
    return f"/api/v1/council/sessions/{_session(world).pk}/agenda/", {"dossier": dossier.pk}, dossier


def record_attendance(world):
    session = _session(world, dossier=_in_council(world))
    return f"/api/v1/council/sessions/{session.pk}/attendance/", {"present": [world.hoidong1.pk]}, None


def open_session(world):
    session = _session(world, dossier=_in_council(world))
    council.attendance_record(session=session, actor=world.vhxh, present_user_ids=[world.hoidong1.pk])
    return f"/api/v1/council/sessions/{session.pk}/open/", {}, None


def cast_ballot(world):
    session = _session(world, dossier=_in_council(world), state="open")
    choices = {item.pk: "agree" for item in AgendaItem.objects.filter(session=session)}
    return f"/api/v1/council/sessions/{session.pk}/ballot/", {"choices": choices}, None


def close_session(world):
    dossier = _in_council(world)
    session = _session(world, dossier=dossier, state="voted")
    return f"/api/v1/council/sessions/{session.pk}/close/", {"confirm": True}, dossier


def draft_decision(world):
    dossier = awaiting(world)
    body = {"award_type": dossier.nominations.first().award_type_id,
            "nominations": list(dossier.nominations.values_list("pk", flat=True))}
    return "/api/v1/decisions/", body, dossier


def sign_decision(world):
    dossier = awaiting(world)
    return f"/api/v1/decisions/{draft(world, dossier).pk}/sign/", {"confirm": True}, dossier


def edit_draft(world):
    dossier = awaiting(world)
    return f"/api/v1/decisions/{draft(world, dossier).pk}/", {"summary": "Về việc tặng danh hiệu"}, dossier


def send_back(world):
    dossier = awaiting(world)
    body = {"dossier": dossier.pk, "reason": "Bổ sung xác nhận thành tích"}
    return f"/api/v1/decisions/{draft(world, dossier).pk}/send-back/", body, dossier


# endpoint: (arrange, who may, who sees the object; None: a collection everyone reaches, refusals are 403)
MATRIX = {
    "create_session": (create_session, {"vhxh"}, None),
    "add_to_agenda": (add_to_agenda, {"vhxh"}, SESSION_READERS),
    "record_attendance": (record_attendance, {"vhxh"}, SESSION_READERS),
    "open_session": (open_session, {"vhxh"}, SESSION_READERS),
    "cast_ballot": (cast_ballot, {"hoidong1"}, SESSION_READERS),
    "close_session": (close_session, {"vhxh"}, SESSION_READERS),
    "draft_decision": (draft_decision, {"canbovhxh", "vhxh"}, None),
    "edit_draft": (edit_draft, {"canbovhxh", "vhxh"}, DECISION_READERS),
    "sign_decision": (sign_decision, {"chutich"}, DECISION_READERS),
    "send_back": (send_back, {"chutich"}, DECISION_READERS),
}
# Another commune's reviewer may draft, but not with this commune's nominees: 400, without naming them.
MALFORMED = {("draft_decision", "other_reviewer")}
CELLS = [pytest.param(endpoint, persona, id=f"{endpoint}-{persona}") for endpoint in MATRIX for persona in PERSONAS]


def _state(dossier):
    return None if dossier is None else type(dossier).objects.get(pk=dossier.pk).state


@pytest.mark.parametrize(("endpoint", "persona"), CELLS)
def test_council_and_decision_matrix_through_the_api(world, endpoint, persona):
    helpers.extend(world)
    arrange, allowed, readers = MATRIX[endpoint]
    path, body, dossier = arrange(world)
    client = APIClient()
    client.force_login(getattr(world, persona))
    before = (AuditEvent.objects.count(), CouncilSession.objects.count(), Decision.objects.count(), _state(dossier))

    response = (client.patch if endpoint == "edit_draft" else client.post)(path, body, format="json")

    after = (AuditEvent.objects.count(), CouncilSession.objects.count(), Decision.objects.count(), _state(dossier))
    if persona in allowed:
        assert response.status_code in (200, 201), response.json()
        assert after[0] > before[0]
        return
    if (endpoint, persona) in MALFORMED:
        assert response.status_code == 400 and "nominations" in response.json()["fields"]
    elif readers is not None and persona not in readers:
        assert response.status_code == 404, response.json()
    else:
        assert response.status_code == 403, response.json()
        assert response.json()["code"] == "not_allowed" and response.json()["reasons"][0]
    assert after == before
