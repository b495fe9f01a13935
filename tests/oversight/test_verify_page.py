"""The "verify integrity" page runs the real verifier and says what it found; each run is recorded."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.conftest import bypass_audit_protection
from tests.oversight.conftest import body
from workflow.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_an_intact_log_is_reported_intact_and_the_check_is_recorded(world, client_for):
    world.draft()
    response = client_for(world.kiemtra).post(reverse("audit_verify"))
    assert response.status_code == 200
    assert response.context["report"].intact
    assert "Nhật ký toàn vẹn" in body(response)
    recorded = AuditEvent.objects.get(action="audit_verified")
    assert recorded.data["intact"] is True and recorded.actor_username == "kiemtra"


def test_a_changed_event_is_named_on_the_page(world, client_for):
    dossier = world.draft()
    event = AuditEvent.objects.filter(stream=dossier.audit_stream).first()
    with bypass_audit_protection(), connection.cursor() as cursor:
        cursor.execute("UPDATE workflow_auditevent SET actor_username = 'ke_gian' WHERE id = %s", [event.pk])

    response = client_for(world.kiemtra).post(reverse("audit_verify"))

    assert not response.context["report"].intact
    page = body(response)
    assert "Phát hiện" in page and f"sự kiện #{event.pk}" in page
    assert AuditEvent.objects.get(action="audit_verified").data["intact"] is False


def test_a_plain_visit_does_not_run_the_check(world, client_for):
    response = client_for(world.kiemtra).get(reverse("audit_verify"))
    assert response.status_code == 200 and "report" not in response.context
    assert not AuditEvent.objects.filter(action="audit_verified").exists()
