"""Helpers that play the attacker with database access, and run `verify_audit` as an operator would."""

import io

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests.conftest import bypass_audit_protection
from workflow.models import AuditEvent


def run_command(name: str, *args: str) -> tuple[int, str]:
    """Run a management command; return (exit status, everything it printed)."""
    out = io.StringIO()
    try:
        call_command(name, *args, stdout=out)
    except CommandError as error:
        return error.returncode, f"{out.getvalue()}{error}"
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


def tamper(sql: str, params=()) -> None:
    """Run raw SQL on the audit tables with the append-only triggers lifted."""
    with bypass_audit_protection(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def stream_events(stream: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(stream=stream).order_by("stream_seq"))
