"""OpenAPI 3 at /api/schema/ (issue 7 §3): it generates without a single warning and validates; every
operation documents its errors in the one error format; Swagger UI and Redoc are served from local
assets under the site's Content-Security-Policy (no CDN: DESIGN §2 "static")."""

import re

from django.contrib.staticfiles import finders
from django.core.management import call_command
from rest_framework.test import APIClient

from api.views.docs import REDOC_POLICY


def test_schema_generates_without_warnings_and_validates(tmp_path):
    # --fail-on-warn turns any drf-spectacular warning (unresolvable field, missing type) into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3.0")


def test_every_operation_documents_its_errors_in_the_error_format(db):
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    operations = [(path, method, op) for path, methods in schema["paths"].items() for method, op in methods.items()]
    assert len(operations) >= 30
    for path, method, operation in operations:
        errors = {code for code in operation["responses"] if code.startswith(("4", "5"))}
        assert {"401", "403", "404", "429"} <= errors, (method, path)
        if method in ("post", "patch", "delete"):
            assert {"400", "409", "412"} <= errors, (method, path)
        for code in errors:
            content = operation["responses"][code]["content"]["application/json"]["schema"]
            assert content == {"$ref": "#/components/schemas/Error"}, (method, path, code)
        assert operation.get("summary"), (method, path)
    assert set(schema["components"]["securitySchemes"]) == {"tokenAuth", "cookieAuth"}


def test_swagger_ui_is_served_from_local_assets_under_the_site_policy(db, settings):
    response = APIClient().get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(a.startswith("/") for a in assets)  # same origin only
    for asset in assets:
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/")), asset
    assert "<script>" not in html  # no inline script: script-src 'self' holds
    assert response["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    init = APIClient().get("/api/docs/", {"script": ""})
    assert init["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in init.content.decode()


def test_redoc_is_served_from_local_assets_with_only_styles_and_workers_relaxed(db):
    response = APIClient().get("/api/docs/redoc/")
    html = response.content.decode()
    assert "googleapis" not in html and "cdn" not in html.lower()
    assert finders.find("drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js")
    assert response["Content-Security-Policy"] == REDOC_POLICY
    assert "script-src 'self';" in REDOC_POLICY


def test_unknown_api_address_answers_in_the_error_format(db):
    response = APIClient().get("/api/v1/khong-co/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_framework_refusals_read_in_vietnamese(world, api_as):
    """DRF's own messages (missing field, wrong type, bad credentials) are Vietnamese too (api/locale/vi)."""
    client = api_as(world.thcs)
    refused = client.post("/api/v1/dossiers/", {"unit": "mười", "campaign": 10**30}, format="json").json()
    assert refused["fields"]["title"] == ["Trường này là bắt buộc."]
    assert refused["fields"]["unit"] == ["Giá trị phải là số nguyên."]
    assert refused["fields"]["campaign"] == [f"Mã «{10**30}» không hợp lệ: không có đối tượng này."]
    anonymous = APIClient().get("/api/v1/dossiers/").json()
    assert anonymous["message"].startswith("Chưa xác thực")
