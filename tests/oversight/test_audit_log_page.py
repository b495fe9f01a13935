"""The auditor's audit log: scope, filters, paging, CSV export (itself audited), and who may open it."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from council.services.sessions import session_create
from dossiers import services
from oversight import audit_log
from tests.oversight.conftest import body
from workflow.engine import Action
from workflow.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_auditor_reads_the_communes_events_and_not_another_communes(world, client_for):
    ours = world.ready()
    world.advance(ours, "submitted")
    theirs = world.draft(unit=world.other_unit, officer=world.other_officer)

    response = client_for(world.kiemtra).get(reverse("audit_log"))

    assert response.status_code == 200
    shown = {(e.object_type, e.object_id) for e in response.context["page"].events}
    assert ("dossier", str(ours.pk)) in shown
    assert ("dossier", str(theirs.pk)) not in shown
    assert "Trình hồ sơ" in body(response)


@pytest.mark.parametrize("persona", ["thcs", "canbovhxh", "chutich", "hoidong1", "quantri", "other_reviewer"])
def test_only_auditors_may_open_the_audit_pages(world, client_for, persona):
    client = client_for(getattr(world, persona))
    for name in ("audit_log", "audit_export", "audit_verify"):
        assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse("audit_verify")).status_code == 403


def test_a_signed_out_visitor_is_sent_to_the_login_page(client):
    response = client.get(reverse("audit_log"))
    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"] or "login" in response["Location"]


def test_filters_by_action_actor_unit_dossier_and_dates(world, client_for):
    first = world.ready()
    world.advance(first, "in_review")
    second = world.ready(unit=world.doantn_unit, officer=world.doantn)
    client = client_for(world.kiemtra)

    def shown(**params):
        response = client.get(reverse("audit_log"), params)
        assert response.status_code == 200
        return response.context["page"].events

    assert {e.action for e in shown(action=Action.TAKE)} == {Action.TAKE}
    assert {e.actor_username for e in shown(actor="CANBOVHXH")} == {"canbovhxh"}
    assert {e.object_id for e in shown(unit=world.doantn_unit.pk)} == {str(second.pk)}
    assert {e.object_id for e in shown(dossier=first.pk)} == {str(first.pk)}
    today = timezone.localdate()
    assert shown(date_from=today.isoformat(), date_to=today.isoformat())
    assert shown(date_to=(today - datetime.timedelta(days=1)).isoformat()) == []


def test_a_reversed_date_range_is_refused_in_vietnamese_and_lists_nothing(world, client_for):
    world.draft()
    response = client_for(world.kiemtra).get(reverse("audit_log"), {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert response.context["page"].events == []
    assert "«Từ ngày» phải trước hoặc trùng «Đến ngày»." in body(response)


def test_pages_run_newest_first_and_older_pages_follow_by_event_id(world, client_for, monkeypatch):
    monkeypatch.setattr(audit_log, "PAGE_SIZE", 3)
    dossier = world.draft()
    for i in range(4):
        services.dossier_update(dossier=dossier, actor=world.thcs, title=f"Tiêu đề {i}")
    client = client_for(world.kiemtra)
    first = client.get(reverse("audit_log"), {"dossier": dossier.pk}).context["page"]
    second = client.get(reverse("audit_log"), {"dossier": dossier.pk, "before": first.next_before}).context["page"]
    ids = [e.pk for e in first.events + second.events]
    assert ids == sorted(ids, reverse=True)
    assert len(ids) == 5 and second.next_before is None


@pytest.mark.parametrize("count", [1, 20])
def test_the_log_page_runs_a_constant_number_of_queries(world, client_for, django_assert_max_num_queries, count):
    for i in range(count):
        world.draft(title=f"Hồ sơ {i}")
    client = client_for(world.kiemtra)
    with django_assert_max_num_queries(8):
        client.get(reverse("audit_log"), {"unit": world.thcs_unit.pk, "action": "dossier_created"})


def test_the_csv_export_holds_the_filtered_events_and_is_itself_recorded(world, client_for):
    dossier = world.ready()
    world.advance(dossier, "submitted")
    response = client_for(world.kiemtra).get(reverse("audit_export"), {"dossier": dossier.pk})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body(response))))
    header, events = rows[0], rows[1:]
    assert header[0] == "Mã sự kiện" and "Mã băm" in header
    stored = AuditEvent.objects.filter(stream=dossier.audit_stream).order_by("pk")
    assert [row[0] for row in events] == [str(e.pk) for e in stored]
    assert "Trình hồ sơ" in {row[header.index("Thao tác")] for row in events}
    export = AuditEvent.objects.get(action="audit_exported")
    assert export.actor_username == "kiemtra"
    assert export.data == {"filters": {"dossier": dossier.pk}, "rows": len(events), "format": "csv"}


def test_council_session_events_belong_to_their_communes_auditor(world):
    session = session_create(actor=world.vhxh, commune=world.commune, title="Phiên họp xét khen thưởng",
                             meeting_date=datetime.date(2026, 12, 1), place="Hội trường UBND xã")

    def shown(commune):
        events = audit_log.page([commune.pk], audit_log.AuditFilters()).events
        return {(e.object_type, e.object_id) for e in events}

    assert ("council_session", str(session.pk)) in shown(world.commune)
    assert ("council_session", str(session.pk)) not in shown(world.other_commune)
