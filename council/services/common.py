"""What the council services share: the right check, the session lock, the session's audit stream and
the plain-SQL writes of the hot paths (a ballot's marks, the results at closing)."""

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from council.events import OBJECT_TYPE
from council.models import CouncilSession, SessionState
from workflow import audit, authority
from workflow.exceptions import ActionNotAllowed, Conflict, GuardFailed


def require(actor, commune_id: int, permission: str, message: str) -> str:
    """The role by which `actor` holds `permission` on the commune today, or ActionNotAllowed(message)."""
    power = authority.resolve(actor, [commune_id], timezone.localdate())
    if not power.has(commune_id, permission):
        raise ActionNotAllowed(message)
    return power.role_for(commune_id, permission)


def lock(session: CouncilSession, expected_version=None) -> CouncilSession:
    """Lock the session row for a change of the session itself; refuse a stale form."""
    locked = CouncilSession.objects.select_for_update().select_related("commune").get(pk=session.pk)
    if expected_version not in (None, "") and int(expected_version) != locked.version:
        raise Conflict(_("Phiên họp vừa được người khác thay đổi. Vui lòng tải lại trang rồi thao tác lại."))
    return locked


def require_state(session: CouncilSession, *states: str) -> None:
    if session.state in states:
        return
    messages = {
        SessionState.DRAFT: _("Phiên họp chưa mở biểu quyết."),
        SessionState.OPEN: _("Phiên họp đang biểu quyết: không thể thay đổi chương trình, điểm danh."),
        SessionState.CLOSED: _("Phiên họp đã kết thúc: không thể thay đổi hay biểu quyết thêm."),
    }
    raise GuardFailed(messages[session.state])


def record(session: CouncilSession, action: str, actor, role: str, data: dict, **extra):
    """Append an event to the session's stream, inside the caller's transaction."""
    return audit.append(
        stream=session.audit_stream,
        action=action,
        actor=actor,
        role=role,
        object_type=OBJECT_TYPE,
        object_id=session.pk,
        data=data,
        **extra,
    )


def bump(session: CouncilSession, *fields: str) -> None:
    session.version += 1
    session.save(update_fields=["version", *fields])


def _batches(columns: tuple[str, ...], rows: list[tuple]):
    """`rows` in slices the backend takes in one statement (SQLite: 999 parameters; PostgreSQL: all)."""
    size = max(1, connection.ops.bulk_batch_size(columns, rows))
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def insert_rows(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Multi-row INSERTs of values already in database form. A ballot's 200 marks as model instances
    through bulk_create cost more CPU than the rest of the ballot together (bench/council.py)."""
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) VALUES "
    row_marks = f"({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        for chunk in _batches(columns, rows):
            cursor.execute(head + ", ".join([row_marks] * len(chunk)), [value for row in chunk for value in row])


def update_rows(model, columns: tuple[str, ...], rows: list[tuple], casts: dict[str, str]) -> None:
    """Set `columns` of many rows, each row given as (pk, *values), in one UPDATE … FROM (VALUES …) per
    batch: one UPDATE per row is a round trip each (200 at closing), Django's bulk_update a CASE per
    column and row that costs more to build than to run. `casts` names the SQL type of each column
    whose values may all be NULL (a VALUES column of NULLs has no type on PostgreSQL)."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ("pk", *columns)
    listed = ", ".join(f"v{i}" for i in range(len(names)))
    row_marks = f"({', '.join(['%s'] * len(names))})"
    assignments = ", ".join(
        f"{quote(column)} = " + (f"CAST(v.v{i} AS {casts[column]})" if column in casts else f"v.v{i}")
        for i, column in enumerate(columns, start=1)
    )
    pk = quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        for chunk in _batches(names, rows):
            values = ", ".join([row_marks] * len(chunk))
            cursor.execute(
                f"WITH v ({listed}) AS (VALUES {values}) UPDATE {table} SET {assignments} FROM v "
                f"WHERE {table}.{pk} = v.v0",
                [value for row in chunk for value in row],
            )
