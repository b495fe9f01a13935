"""Fixtures of the API specification: the module-cached World of the workflow suite, clients signed in
as a persona (session) or carrying an integration's token, and a clean rate-limit cache per test. The council
of tests/council (`council`, `module_council`) is available too; its `world` fixture is not, so `world` here
stays the workflow suite's."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from api import tokens
from tests.council.conftest import council, module_council  # noqa: F401 (fixtures)
from tests.workflow.fixtures import module_world, world  # noqa: F401


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_as():
    """A client signed in with the browser session of `user` (CSRF is checked by test_session_csrf)."""

    def make(user):
        client = APIClient()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def token_client():
    """A client carrying a fresh token issued by `admin` for `user` within `organization`."""

    def make(admin, user, organization, name="Hệ thống quản lý văn bản"):
        token, key = tokens.token_create(actor=admin, user=user, organization=organization, name=name)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        client.token = token
        return client

    return make


def body_reasons(response) -> str:
    return " ".join(response.json()["reasons"])
