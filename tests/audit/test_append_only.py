"""The database itself refuses UPDATE, DELETE and TRUNCATE on the audit tables (DESIGN §10).

Triggers on both backends (workflow/migrations/0002); TRUNCATE exists only on PostgreSQL. psycopg2
reports a trigger's exception as InternalError, psycopg 3 as ProgrammingError: catch DatabaseError
(STACK.md). On PostgreSQL a refused statement aborts the transaction, so each attempt runs in its own
savepoint, and the row is read back after the refusal.
"""

import pytest
from django.db import DatabaseError, connection, transaction

from workflow import checkpoints
from workflow.models import AuditCheckpoint, AuditEvent

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="TRUNCATE and its trigger exist only on PostgreSQL"
)


def attempt(sql: str, params=()) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def snapshot(model) -> list[dict]:
    return list(model.objects.order_by("pk").values())


@pytest.fixture
def log(decided_dossier):
    """A real log with one signed checkpoint, and its rows as they were."""
    checkpoints.checkpoint_create()
    return {AuditEvent: snapshot(AuditEvent), AuditCheckpoint: snapshot(AuditCheckpoint)}


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE workflow_auditevent SET actor_username = 'chutich' WHERE id = %s",
        "UPDATE workflow_auditevent SET data_json = '{}', hash = prev_hash WHERE id = %s",
        "DELETE FROM workflow_auditevent WHERE id = %s",
    ],
)
def test_database_cannot_change_audit_event_by_raw_sql(log, statement):
    """UPDATE and DELETE of an audit event are refused by a trigger; the row stays as written."""
    event = AuditEvent.objects.filter(stream__startswith="dossier:").order_by("id")[5]
    with pytest.raises(DatabaseError, match="append-only"):
        attempt(statement, [event.pk])
    assert snapshot(AuditEvent) == log[AuditEvent]


def test_database_cannot_delete_whole_audit_log_by_raw_sql(log):
    """A DELETE without WHERE is refused at its first row; nothing is deleted."""
    with pytest.raises(DatabaseError, match="append-only"):
        attempt("DELETE FROM workflow_auditevent")
    assert snapshot(AuditEvent) == log[AuditEvent]


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE workflow_auditcheckpoint SET merkle_root = %s WHERE id IN (SELECT id FROM workflow_auditcheckpoint)",
        "DELETE FROM workflow_auditcheckpoint WHERE merkle_root <> %s",
    ],
)
def test_database_cannot_change_audit_checkpoint_by_raw_sql(log, statement):
    """Checkpoints are append-only too: they anchor the log outside the database."""
    with pytest.raises(DatabaseError, match="append-only"):
        attempt(statement, ["0" * 64])
    assert snapshot(AuditCheckpoint) == log[AuditCheckpoint]


@postgresql_only
@pytest.mark.parametrize("table", ["workflow_auditevent", "workflow_auditcheckpoint"])
def test_database_cannot_truncate_audit_tables(log, table):
    """TRUNCATE bypasses row triggers, so a statement trigger refuses it (PostgreSQL)."""
    with pytest.raises(DatabaseError, match="append-only"):
        attempt(f"TRUNCATE {table}")
    assert snapshot(AuditEvent) == log[AuditEvent]
    assert snapshot(AuditCheckpoint) == log[AuditCheckpoint]


def test_orm_cannot_update_audit_events(log):
    """A queryset .update() is an UPDATE: refused, nothing changed."""
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(stream__startswith="dossier:").update(actor_username="chutich")
    assert snapshot(AuditEvent) == log[AuditEvent]


def test_orm_cannot_delete_audit_events(log):
    """A queryset .delete() is a DELETE: refused, nothing deleted."""
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(action="submit").delete()
    assert snapshot(AuditEvent) == log[AuditEvent]


def test_orm_cannot_save_or_delete_one_audit_event(log):
    """Saving a loaded event issues an UPDATE and deleting it a DELETE: both refused."""
    event = AuditEvent.objects.get(action="take")
    event.actor_username = "chutich"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        event.save()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.get(action="take").delete()
    assert snapshot(AuditEvent) == log[AuditEvent]


def test_orm_cannot_change_or_delete_audit_checkpoints(log):
    """The same holds for checkpoints through the ORM."""
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditCheckpoint.objects.update(signature="00" * 64)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditCheckpoint.objects.all().delete()
    assert snapshot(AuditCheckpoint) == log[AuditCheckpoint]


def test_database_can_append_audit_events(decided_dossier):
    """The paired positive: appending through the one append function still works after refusals."""
    before = AuditEvent.objects.count()
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(action="submit").delete()
    checkpoints.checkpoint_create()
    assert AuditEvent.objects.count() == before + 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("run", [1, 2])
def test_database_refuses_audit_change_after_a_transactional_flush(run):
    """The suite lifts the triggers only for the flush that ends a transactional test: the second run
    starts after the first one's flush and must still be refused."""
    from django.db import DatabaseError, connection, transaction

    from workflow import audit

    event = audit.record(stream="system", action="probe", actor=None, object_type="probe", object_id=run)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE workflow_auditevent SET action = 'forged' WHERE id = %s", [event.pk])
    event.refresh_from_db()
    assert event.action == "probe"
