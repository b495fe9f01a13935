"""Helpers of the page tests: a signed-in client per persona (force_login: axes needs a request to
authenticate, which `Client.login` does not give), and readers of the rendered pages."""

import pytest
from django.test import Client
from django.urls import reverse

from workflow.models import AuditEvent


@pytest.fixture
def client_for():
    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


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
