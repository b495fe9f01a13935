"""The audit log for auditors through the API: filtered, paged by cursor, exported as CSV (the export is
itself an audit event), and verified (`GET /api/v1/audit/verify/`, which names the first tampered event).
Other roles are refused (DESIGN §10, issue 7)."""

import pytest

from tests.conftest import bypass_audit_protection
from tests.workflow import helpers
from workflow.models import AuditEvent


@pytest.mark.parametrize("persona", ["thcs", "canbovhxh", "chutich", "quantri"])
def test_only_auditors_read_the_log(world, api_as, persona):
    for url in ("/api/v1/audit/events/", "/api/v1/audit/events/export/", "/api/v1/audit/verify/"):
        response = api_as(getattr(world, persona)).get(url)
        assert response.status_code == 403
        assert response.json()["message"] == "Chỉ cán bộ kiểm tra, giám sát mới được xem nhật ký."


def test_auditor_filters_and_pages_by_cursor(world, api_as):
    dossier = helpers.make(world)
    helpers.make(world, unit=world.other_unit)
    client = api_as(world.kiemtra)
    expected = list(AuditEvent.objects.filter(stream=dossier.audit_stream).order_by("-id")
                    .values_list("id", flat=True))
    seen, url = [], f"/api/v1/audit/events/?dossier={dossier.pk}"
    while url:
        page = client.get(url).json()
        seen += [e["id"] for e in page["results"]]
        url = page["next"]
    assert seen == expected
    by_action = client.get("/api/v1/audit/events/", {"action": "attachment_uploaded"}).json()["results"]
    assert by_action and {e["action"] for e in by_action} == {"attachment_uploaded"}
    unfiltered = {e["object_id"] for e in client.get("/api/v1/audit/events/").json()["results"]}
    assert str(dossier.pk) in unfiltered
    assert client.get("/api/v1/audit/events/", {"date_from": "hôm qua"}).status_code == 400


def test_auditor_does_not_see_another_communes_dossiers(world, api_as):
    other = helpers.make(world, unit=world.other_unit)
    events = api_as(world.kiemtra).get("/api/v1/audit/events/", {"dossier": other.pk}).json()["results"]
    assert events == []


def test_csv_export_is_itself_audited(world, api_as):
    dossier = helpers.make(world)
    response = api_as(world.kiemtra).get("/api/v1/audit/events/export/", {"dossier": dossier.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + AuditEvent.objects.filter(stream=dossier.audit_stream).count()
    recorded = AuditEvent.objects.get(action="audit_exported")
    assert recorded.actor_id == world.kiemtra.pk
    assert recorded.data["filters"] == {"dossier": dossier.pk}


def test_verify_reports_an_intact_log_and_is_audited(world, api_as):
    helpers.make(world)
    body = api_as(world.kiemtra).get("/api/v1/audit/verify/").json()
    assert body["intact"] is True
    assert body["first_problem"] is None
    assert body["events"] >= 1
    assert AuditEvent.objects.filter(action="audit_verified", actor_id=world.kiemtra.pk).exists()


def test_verify_names_the_first_tampered_event(world, api_as):
    dossier = helpers.make(world)
    event = AuditEvent.objects.filter(stream=dossier.audit_stream).order_by("stream_seq")[1]
    with bypass_audit_protection():
        AuditEvent.objects.filter(pk=event.pk).update(actor_username="ke-gian")
    body = api_as(world.kiemtra).get("/api/v1/audit/verify/").json()
    assert body["intact"] is False
    assert body["first_problem"]["event_id"] == event.pk
