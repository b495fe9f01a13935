"""Tokens for integrated systems (issue 7, "Authentication"): created and revoked by administrators, one
per integration, scoped to an organisation, audited, stored hashed; a revoked or wrong token is refused,
and repeated failures from one address are rate limited."""

import hashlib

from rest_framework.test import APIClient

from api import tokens
from api.models import ApiToken
from tests.api.conftest import body_reasons
from tests.workflow import helpers
from workflow.models import AuditEvent


def test_administrator_can_issue_a_token_shown_once_and_stored_hashed(world, api_as):
    response = api_as(world.quantri).post("/api/v1/tokens/", {
        "name": "Hệ thống quản lý văn bản xã", "user": world.thcs.pk, "organization": world.thcs_unit.pk,
    }, format="json")
    assert response.status_code == 201
    key = response.json()["key"]
    token = ApiToken.objects.get(pk=response.json()["id"])
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {token.name, token.prefix, token.key_hash}
    assert "key" not in api_as(world.quantri).get("/api/v1/tokens/").json()["results"][0]
    event = AuditEvent.objects.get(action="api_token_created")
    assert (event.actor_id, event.stream, event.data["prefix"]) == (world.quantri.pk, f"user:{world.thcs.pk}",
                                                                    token.prefix)
    assert key not in event.data_json


def test_non_administrator_cannot_issue_a_token(world, api_as):
    response = api_as(world.vhxh).post("/api/v1/tokens/", {
        "name": "Tự cấp", "user": world.vhxh.pk, "organization": world.commune.pk,
    }, format="json")
    assert response.status_code == 403
    assert "quản trị hệ thống" in response.json()["message"]
    assert not ApiToken.objects.exists()


def test_token_reaches_only_its_organisation(world, token_client):
    own = helpers.make(world)
    other = helpers.to_state(world, helpers.make(world, unit=world.doantn_unit), "submitted")
    # The office head holds commune rights, but a token issued for the THCS unit reaches that unit only.
    helpers.grant(world.vhxh, world.thcs_unit, "unit_officer")
    unit_token = token_client(world.quantri, world.vhxh, world.thcs_unit)
    listed = {d["id"] for d in unit_token.get("/api/v1/dossiers/").json()["results"]}
    assert listed == {own.pk}
    assert unit_token.get(f"/api/v1/dossiers/{other.pk}/").status_code == 404
    before = other.state
    refused = unit_token.post(f"/api/v1/dossiers/{other.pk}/actions/take/", {}, format="json")
    assert refused.status_code == 404
    other.refresh_from_db()
    assert other.state == before
    commune_token = token_client(world.quantri, world.vhxh, world.commune)
    assert commune_token.post(f"/api/v1/dossiers/{other.pk}/actions/take/", {}, format="json").status_code == 200


def test_token_for_a_unit_cannot_use_a_commune_right_on_that_units_dossier(world, token_client):
    dossier = helpers.to_state(world, helpers.make(world), "submitted")
    helpers.grant(world.canbovhxh, world.thcs_unit, "unit_officer")
    client = token_client(world.quantri, world.canbovhxh, world.thcs_unit)
    assert client.get(f"/api/v1/dossiers/{dossier.pk}/actions/").json() == []
    response = client.post(f"/api/v1/dossiers/{dossier.pk}/actions/take/", {}, format="json")
    assert response.status_code == 403
    assert "Khóa API này chỉ dùng được trong phạm vi" in body_reasons(response)
    dossier.refresh_from_db()
    assert dossier.state == "submitted"


def test_revoked_token_is_refused(world, token_client, api_as):
    client = token_client(world.quantri, world.thcs, world.thcs_unit)
    assert client.get("/api/v1/dossiers/").status_code == 200
    revoked = api_as(world.quantri).post(f"/api/v1/tokens/{client.token.pk}/revoke/")
    assert revoked.status_code == 200
    assert revoked.json()["revoked_by"] == "quantri"
    response = client.get("/api/v1/dossiers/")
    assert response.status_code == 401
    assert response.json()["message"] == "Khóa API không hợp lệ hoặc đã bị thu hồi."
    assert response["WWW-Authenticate"] == "Bearer"
    assert AuditEvent.objects.filter(action="api_token_revoked", object_id=str(client.token.pk)).exists()
    again = api_as(world.quantri).post(f"/api/v1/tokens/{client.token.pk}/revoke/")
    assert again.status_code == 409
    assert "đã bị thu hồi" in again.json()["message"]


def test_repeated_wrong_tokens_are_rate_limited(world, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "api_auth_failures": "3/minute"}}
    good_key = tokens.token_create(actor=world.quantri, user=world.thcs, organization=world.thcs_unit,
                                   name="Cổng dịch vụ công")[1]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer vd_doan-bua")
    assert [client.get("/api/v1/dossiers/").status_code for _ in range(3)] == [401, 401, 401]
    locked = client.get("/api/v1/dossiers/")
    assert locked.status_code == 429
    assert "Retry-After" in locked
    # Even the right key waits from that address: guessing must not continue by luck.
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {good_key}")
    assert client.get("/api/v1/dossiers/").status_code == 429


def test_writes_are_rate_limited_per_user(world, api_as, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "api_writes": "2/minute"}}
    client = api_as(world.thcs)
    body = {"unit": world.thcs_unit.pk, "campaign": world.campaign.pk, "title": "Đề nghị"}
    codes = [client.post("/api/v1/dossiers/", body, format="json").status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert client.get("/api/v1/dossiers/").status_code == 200  # reads are not limited by the write rate


def test_session_writes_need_the_csrf_token(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.thcs)
    response = client.post("/api/v1/dossiers/", {"unit": world.thcs_unit.pk, "campaign": world.campaign.pk,
                                                 "title": "Đề nghị"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]
