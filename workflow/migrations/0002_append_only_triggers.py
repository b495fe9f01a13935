"""Make the audit tables append-only in the database itself (DESIGN §10).

UPDATE and DELETE are refused on PostgreSQL and SQLite, TRUNCATE too on PostgreSQL (SQLite has
none). Triggers are defence in depth; the hash chain and signed checkpoints are the proof.
"""

from django.db import migrations

TABLES = ("workflow_auditevent", "workflow_auditcheckpoint")
MESSAGE = "audit log is append-only"

POSTGRES_FUNCTION = f"""
CREATE OR REPLACE FUNCTION vinhdanh_refuse_audit_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{MESSAGE}: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def install(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute(POSTGRES_FUNCTION)
            for table in TABLES:
                cursor.execute(
                    f"CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION vinhdanh_refuse_audit_change()"
                )
                cursor.execute(
                    f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION vinhdanh_refuse_audit_change()"
                )
        elif schema_editor.connection.vendor == "sqlite":
            for table in TABLES:
                for operation in ("UPDATE", "DELETE"):
                    cursor.execute(
                        f"CREATE TRIGGER {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
                        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}: {operation} on {table} refused'); END"
                    )
        else:  # pragma: no cover
            raise NotImplementedError(f"no audit triggers for {schema_editor.connection.vendor}")


class Migration(migrations.Migration):
    dependencies = [("workflow", "0001_initial")]

    # No reverse: a migration must never be the way to lift the protection.
    operations = [migrations.RunPython(install, migrations.RunPython.noop, elidable=False)]
