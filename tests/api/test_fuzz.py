"""Fuzzing the API from its own OpenAPI schema (issue 7): with a signed-in user of every role, no request
that schemathesis generates gets a 5xx, and every response matches the schema (status code, content
type, headers, body). Fixed seed; the run's numbers are printed (run with -s to see them).

Requests go straight to the WSGI application, inside the test's transaction (real database, real files).
Each role fuzzes every operation twice: once with ids generated freely (mostly "not found") and once with
the ids of real dossiers, nominees and documents, council sessions (draft and open) and decisions (draft
and signed), so the write paths, the engine, the council's and the decisions' services are reached too.
"""

import collections
import datetime
import time

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import load_all_checks
from schemathesis.specs.openapi import checks as openapi_checks

from council import services as council
from council.models import AgendaItem
from decisions import signing
from dossiers.models import DossierState
from tests.decisions import helpers as decision_helpers
from tests.decisions.conftest import key_dir, signing_keys  # noqa: F401 (fixtures: real signing keys)
from tests.workflow import helpers

SEED = 20251222
EXAMPLES = 3  # per role, operation and mode: 3,830 requests in all (62 operations, 10 roles)
MINIMUM_REQUESTS = 1000
CHECKS = [
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_headers_conformance,
    openapi_checks.response_schema_conformance,
]
ROLES = {
    "unit_officer": "thcs",
    "unit_head": "thcs_head",
    "reviewer": "canbovhxh",
    "office_head": "vhxh",
    "chair": "chutich",
    "vice_chair": "phochutich",
    "clerk": "vanthu",
    "auditor": "kiemtra",
    "council_member": "hoidong1",
    "administrator": "quantri",
}


def _session(user) -> tuple[dict, dict]:
    """The browser's credentials: a session cookie and the double-submitted CSRF token (cookies, headers)."""
    client = Client()
    client.force_login(user)
    csrf = _get_new_csrf_string()
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": csrf}, {"X-CSRFToken": csrf}


@pytest.fixture
def wsgi_app():
    """The real WSGI application, minus what Django's own test client also switches off: closing the
    database connection at the end of each request would end the test's transaction (PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_world(world, settings):
    # schemathesis's WSGI client calls the application as host "localhost".
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]
    # The write rate limit is specified elsewhere (test_rate_limits); here it would only turn requests into 429s.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "api_writes": "100000/minute"},
    }
    draft = helpers.make(world)
    submitted = helpers.to_state(world, helpers.make(world, route="chair"), DossierState.SUBMITTED)
    in_review = helpers.to_state(world, helpers.make(world, route="posting"), DossierState.IN_REVIEW)
    decided = helpers.to_state(world, helpers.make(world, route="chair"), DossierState.DECIDED)
    return world, [draft, submitted, in_review, decided], _sessions(world), _decisions(world)


def _sessions(world) -> list:
    """A session in preparation and one open for voting, each with a dossier on its agenda."""
    sessions = []
    for state in ("draft", "open"):
        dossier = helpers.to_state(world, helpers.make(world), DossierState.COUNCIL)
        session = council.session_create(actor=world.vhxh, commune=world.commune, title=f"Phiên họp ({state})",
                                          meeting_date=datetime.date(2025, 12, 22), place="Hội trường")
        council.agenda_add(session=session, actor=world.vhxh, dossier=dossier)
        if state == "open":
            council.attendance_record(session=session, actor=world.vhxh, present_user_ids=[world.hoidong1.pk])
            session = council.session_open(session=session, actor=world.vhxh)
        sessions.append(session)
    return sessions


def _decisions(world) -> list:
    """A draft decision waiting for the Chair and a signed one (its PDF and DOCX to download)."""
    waiting = decision_helpers.draft(world, decision_helpers.awaiting(world, nominees=("Lê Văn Chờ",)))
    signed = decision_helpers.draft(world, decision_helpers.awaiting(world, nominees=("Trần Thị Ký",)))
    signing.decision_sign(decision=signed, actor=world.chutich)
    return [waiting, signed]


def test_fuzz_every_operation_as_every_role(fuzz_world, wsgi_app):
    world, dossiers, sessions, decisions = fuzz_world
    load_all_checks()
    app = wsgi_app
    # The caller's credentials are the persona's session; generated credentials would only test 401.
    config = schemathesis.Config.from_dict({"generation": {"with-security-parameters": False}})
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", app, config=config)
    operations = [result.ok() for result in schema.get_all_operations()]
    statuses = collections.Counter()
    per_role = collections.Counter()
    server_errors = []
    started = time.monotonic()

    def real_ids(operation, index):
        dossier = dossiers[index % len(dossiers)]
        nomination = dossier.nominations.order_by("pk").first()
        attachment = dossier.attachments.order_by("pk").first()
        values = {"id": dossier.pk, "nomination_pk": nomination.pk, "attachment_pk": attachment.pk}
        if operation.path.startswith("/api/v1/council/"):
            session = sessions[index % len(sessions)]
            on_agenda = AgendaItem.objects.filter(session=session).values_list("dossier_id", flat=True).first()
            values = {"id": session.pk, "dossier_pk": on_agenda or dossier.pk}
        elif operation.path.startswith("/api/v1/decisions/"):
            values = {"id": decisions[index % len(decisions)].pk}
        names = {p.name for p in operation.path_parameters}
        return {name: value for name, value in values.items() if name in names}

    def fuzz(operation, fixed, role, cookies, headers, mode=GenerationMode.POSITIVE):
        @settings(max_examples=EXAMPLES, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @seed(SEED)
        @given(case=operation.as_strategy(generation_mode=mode, path_parameters=fixed))
        def run(case):
            response = case.call(headers=headers, cookies=cookies)
            statuses[response.status_code] += 1
            per_role[role] += 1
            if response.status_code >= 500:
                server_errors.append(f"{case.method} {case.formatted_path} as {role}")
            case.validate_response(response, checks=CHECKS, headers=headers)

        try:
            run()
        except Unsatisfiable:
            # Negative mode on an operation with no input to malform (no parameters, no body): nothing to send.
            if mode is not GenerationMode.NEGATIVE:
                raise

    try:
        for role, persona in ROLES.items():
            cookies, headers = _session(getattr(world, persona))
            for index, operation in enumerate(operations):
                fuzz(operation, None, role, cookies, headers)
                fixed = real_ids(operation, index)
                if fixed:  # without path parameters the free pass already covered the operation
                    fuzz(operation, fixed, role, cookies, headers)
                # Malformed input (wrong types, missing fields, values out of range) on real objects.
                fuzz(operation, fixed or None, role, cookies, headers, GenerationMode.NEGATIVE)
    finally:
        total = sum(statuses.values())
        print(
            f"\nschemathesis {schemathesis.__version__}, seed {SEED}: {total} requests over {len(operations)} "
            f"operations and {len(ROLES)} roles in {time.monotonic() - started:.1f} s; "
            f"status codes {dict(sorted(statuses.items()))}; per role {dict(per_role)}; "
            f"server errors {len(server_errors)}"
        )
    assert not server_errors
    assert total >= MINIMUM_REQUESTS
