"""Administrators issue and revoke tokens in the admin too, through the same audited writes."""

import hashlib
import re

from django.contrib.messages import get_messages
from django.test import Client

from api.models import ApiToken
from workflow.models import AuditEvent


def test_administrator_issues_and_revokes_a_token_in_the_admin(world):
    client = Client()
    client.force_login(world.quantri)
    response = client.post("/admin/api/apitoken/add/", {
        "name": "Cổng dịch vụ công tỉnh", "user": world.vhxh.pk, "organization": world.commune.pk,
    })
    assert response.status_code == 302
    shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
    key = re.search(r"(vd_\S+)", shown).group(1)
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert AuditEvent.objects.filter(action="api_token_created", object_id=str(token.pk)).exists()

    client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action="api_token_revoked", object_id=str(token.pk)).exists()
