"""Production settings (issue 2, item 9): `check --deploy` is clean, and nothing starts half-configured."""

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "p" * 20 + "-production-secret-that-is-long-and-random-0123456789",
    "ALLOWED_HOSTS": "vinhdanh.example.vn",
    "AUDIT_SIGNING_KEY": base64.b64encode(bytes(range(32))).decode(),
    "DATABASE_URL": "sqlite:////tmp/vinhdanh-deploy-check.sqlite3",
}


def manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_with_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_without_audit_signing_key():
    result = manage("check", "--deploy", **{**PRODUCTION_ENV, "AUDIT_SIGNING_KEY": ""})
    assert result.returncode != 0
    assert "vinhdanh.E001" in result.stderr


def test_production_refuses_to_start_without_secret_key():
    result = manage("check", **{**PRODUCTION_ENV, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_turn_on_https_protections():
    script = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0,"
        " s.SECURE_SSL_REDIRECT, s.DEBUG)"
    )
    result = manage("shell", "--no-imports", "-c", script, **PRODUCTION_ENV)
    assert result.stdout.split() == ["True", "True", "True", "True", "False"], result.stderr


def test_a_missing_secret_key_is_named_plainly_for_any_command():
    result = manage("makemigrations", "--check", "--dry-run", **{**PRODUCTION_ENV, "SECRET_KEY": ""})
    assert result.returncode == 1
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr
    assert "Models aren't loaded yet" not in result.stderr and "Traceback" not in result.stderr


def test_collectstatic_hashes_every_file_the_pages_use(tmp_path):
    # Production serves static files through whitenoise's hashing storage, which fails on any CSS that
    # names a missing file; the pages then need each file they load to be in its manifest.
    result = manage("collectstatic", "--noinput", **PRODUCTION_ENV, STATIC_ROOT=str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    assert {"css/app.css", "django_htmx/htmx.min.js", "fonts/LiberationSerif-Regular.ttf"} <= manifest.keys()
