"""Helpers of the page tests: addresses and readers of the rendered pages (the signed-in client per
persona, `client_for`, is in tests/conftest.py)."""

from django.urls import reverse

from workflow.models import AuditEvent


def detail_url(dossier):
    return reverse("dossier_detail", kwargs={"pk": dossier.pk})


def action_url(dossier, action):
    return reverse("dossier_action", kwargs={"pk": dossier.pk, "action": action})


def text(response) -> str:
    return response.content.decode()


def audit_count(dossier) -> int:
    return AuditEvent.objects.filter(stream=dossier.audit_stream).count()


def listed_ids(response) -> set[int]:
    return {d.pk for d in response.context["page_obj"]}
