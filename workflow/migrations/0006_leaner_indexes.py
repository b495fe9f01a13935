"""Fewer indexes to write on every state change (bench/transitions.py).

- `AuditEvent.action`: a named Meta index instead of `db_index=True`, which on PostgreSQL also made a
  LIKE-only index (`…_like`) that no query uses. The old indexes are dropped by name, found by
  introspection, rather than by AlterField: on SQLite AlterField rebuilds the whole table, and the rebuilt
  audit table would lose its append-only triggers. No row is touched.
- `Notification.recipient`: not indexed alone; both (recipient, read_at) and (recipient, -created_at)
  start with it.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

NEW_INDEX = "auditevent_action_idx"


def drop_old_action_indexes(apps, schema_editor):
    event = apps.get_model("workflow", "AuditEvent")
    table = event._meta.db_table
    with schema_editor.connection.cursor() as cursor:
        constraints = schema_editor.connection.introspection.get_constraints(cursor, table)
    for name, details in constraints.items():
        if details["index"] and not details["unique"] and details["columns"] == ["action"] and name != NEW_INDEX:
            schema_editor.execute(schema_editor._delete_index_sql(event, name))


class Migration(migrations.Migration):

    dependencies = [
        ("workflow", "0005_deadline_notice"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["action"], name=NEW_INDEX),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="action",
                    field=models.CharField(max_length=64),
                ),
            ],
            database_operations=[migrations.RunPython(drop_old_action_indexes, migrations.RunPython.noop)],
        ),
        migrations.AlterField(
            model_name="notification",
            name="recipient",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="notifications",
                to=settings.AUTH_USER_MODEL,
                verbose_name="người nhận",
            ),
        ),
    ]
