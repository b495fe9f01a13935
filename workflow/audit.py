"""The append-only, hash-chained audit log (DESIGN §10): the one append function and the chain rules.

An event's hash is SHA-256 over its canonical JSON: every field except the database id and the hash
itself, keys sorted, UTF-8, no spaces, times in ISO 8601 UTC with microseconds. `data` is stored as
canonical JSON text and embedded verbatim, so verifying never re-serialises it.
"""

import datetime
import functools
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring as _json_str  # the C-accelerated encoder

from django.db import connection, transaction
from django.utils import timezone

from workflow import context, statements
from workflow.models import AuditEvent, AuditStreamHead

GENESIS_HASH = "0" * 64
SYSTEM_USERNAME = "system"

# Field order is alphabetical, which is the canonical (sorted-keys) order.
_TEMPLATE = (
    '{"action":%s,"actor_id":%s,"actor_username":%s,"client_address":%s,"data":%s,"from_state":%s,'
    '"object_id":%s,"object_type":%s,"occurred_at":"%s","on_behalf_of_id":%s,"on_behalf_of_username":%s,'
    '"prev_hash":"%s","request_id":%s,"role":%s,"stream":%s,"stream_seq":%d,"to_state":%s}'
)
_UTC = datetime.UTC


def canonical_json(value) -> str:
    """Serialise a JSON value canonically: sorted keys, no spaces, non-ASCII kept as UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default)


def _json_default(value):
    if isinstance(value, datetime.datetime):
        return format_time(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"audit data must be JSON values, not {type(value).__name__}")


def format_time(moment: datetime.datetime) -> str:
    """ISO 8601 in UTC with microseconds and "Z" (isoformat: twice as fast as strftime, same bytes)."""
    return moment.astimezone(_UTC).isoformat(timespec="microseconds")[:-6] + "Z"


def _int_or_null(value) -> str:
    return "null" if value is None else str(int(value))


def canonical_bytes(
    action, actor_id, actor_username, client_address, data_json, from_state, object_id, object_type,
    occurred_at, on_behalf_of_id, on_behalf_of_username, prev_hash, request_id, role, stream, stream_seq,
    to_state,
) -> bytes:
    """The exact bytes an event's hash covers (arguments in canonical key order)."""
    return (
        _TEMPLATE
        % (
            _json_str(action), _int_or_null(actor_id), _json_str(actor_username), _json_str(client_address),
            data_json, _json_str(from_state), _json_str(object_id), _json_str(object_type),
            format_time(occurred_at), _int_or_null(on_behalf_of_id), _json_str(on_behalf_of_username),
            prev_hash, _json_str(request_id), _json_str(role), _json_str(stream), stream_seq, _json_str(to_state),
        )
    ).encode()


# The columns, in canonical_bytes' argument order; the verifier reads them in this order too.
CANONICAL_COLUMNS = (
    "action", "actor_id", "actor_username", "client_address", "data_json", "from_state", "object_id",
    "object_type", "occurred_at", "on_behalf_of_id", "on_behalf_of_username", "prev_hash", "request_id",
    "role", "stream", "stream_seq", "to_state",
)


def event_hash(event: AuditEvent) -> str:
    return hashlib.sha256(canonical_bytes(*(getattr(event, c) for c in CANONICAL_COLUMNS))).hexdigest()


@dataclass(frozen=True)
class Actor:
    """Who an event is attributed to: a user, or the system."""

    id: int | None
    username: str

    @classmethod
    def of(cls, user) -> "Actor":
        if user is None or getattr(user, "pk", None) is None:
            return cls(None, SYSTEM_USERNAME)
        return cls(user.pk, user.get_username())


def append(
    *,
    stream: str,
    action: str,
    actor,
    object_type: str,
    object_id,
    role: str = "",
    on_behalf_of=None,
    from_state: str = "",
    to_state: str = "",
    data: dict | None = None,
    occurred_at: datetime.datetime | None = None,
    along: Sequence[tuple[str, list]] = (),
    head: tuple[int, str] | None = None,
) -> AuditEvent:
    """Append one event to a stream, inside the caller's transaction.

    The stream head row is locked first, so two writers of one stream queue up instead of forking the
    chain; writers of different streams never wait on each other. `along` are the caller's other writes
    (INSERT or UPDATE statements without RETURNING, as SQL and params: workflow.writes), sent in the same
    round trip as the event where the database allows it (PostgreSQL), else run just before it, in order.
    In one PostgreSQL statement they share one snapshot: none of them may touch a row another one writes.
    `head`: the stream head's last seq and hash, when the caller has already locked that row in this
    transaction and appended nothing since (workflow.rows.lock_dossier); it is then not read again.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("audit.append must run inside the writer's transaction")
    who = actor if isinstance(actor, Actor) else Actor.of(actor)
    behalf = Actor.of(on_behalf_of) if on_behalf_of is not None else Actor(None, "")
    where = context.current()
    last_seq, last_hash = head if head is not None else _lock_head(stream)
    event = AuditEvent(
        stream=stream,
        stream_seq=last_seq + 1,
        occurred_at=occurred_at or timezone.now(),
        actor_id=who.id,
        actor_username=who.username,
        on_behalf_of_id=behalf.id,
        on_behalf_of_username=behalf.username,
        role=role,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        from_state=from_state,
        to_state=to_state,
        data_json=canonical_json(data or {}),
        client_address=where.client_address,
        request_id=where.request_id,
        prev_hash=last_hash,
    )
    event.hash = event_hash(event)
    _insert(event, along)
    return event


# Hand-written, like workflow.authority's query: every state change appends, and building these statements
# with the ORM costs several times their round trips (bench/transitions.py).
_EVENT_COLUMNS = (*CANONICAL_COLUMNS, "hash")


@dataclass(frozen=True)
class _Statements:
    lock: str  # the head's last seq and hash, locked
    insert: str  # the event, returning its id; on PostgreSQL it also moves the head (params: head, then event)
    move: str | None  # the head, where the insert cannot move it in the same statement


@functools.cache
def _statements(vendor: str) -> _Statements:
    quote = connection.ops.quote_name
    event, head = quote(AuditEvent._meta.db_table), quote(AuditStreamHead._meta.db_table)
    insert = (
        f"INSERT INTO {event} ({', '.join(quote(c) for c in _EVENT_COLUMNS)}) "
        f"VALUES ({', '.join(['%s'] * len(_EVENT_COLUMNS))}) RETURNING {quote('id')}"
    )
    move = f"UPDATE {head} SET {quote('last_seq')} = %s, {quote('last_hash')} = %s WHERE {quote('stream')} = %s"
    lock = f"SELECT {quote('last_seq')}, {quote('last_hash')} FROM {head} WHERE {quote('stream')} = %s"
    if connection.features.has_select_for_update:
        lock += " FOR UPDATE"
    if vendor == "postgresql":
        # One round trip: the head moves in a data-modifying CTE of the INSERT (same transaction, row locked).
        return _Statements(lock, f"WITH moved AS ({move}) {insert}", None)
    return _Statements(lock, insert, move)


def _insert(event: AuditEvent, along) -> None:
    sql = _statements(connection.vendor)
    values = [getattr(event, c) for c in _EVENT_COLUMNS]
    values[CANONICAL_COLUMNS.index("occurred_at")] = connection.ops.adapt_datetimefield_value(event.occurred_at)
    head = [event.stream_seq, event.hash, event.stream]
    with connection.cursor() as cursor:
        if sql.move is None:
            writes = "".join(f"w{i} AS ({statement}), " for i, (statement, _params) in enumerate(along))
            params = [p for _statement, write_params in along for p in write_params]
            statements.execute(cursor, f"WITH {writes}{sql.insert.removeprefix('WITH ')}", params + head + values)
        else:
            for statement, params in along:
                cursor.execute(statement, params)
            statements.execute(cursor, sql.insert, values)
        event.pk = cursor.fetchone()[0]
        if sql.move is not None:
            statements.execute(cursor, sql.move, head)
    event._state.adding = False
    event._state.db = connection.alias


def _lock_head(stream: str) -> tuple[int, str]:
    """Lock the stream's head row (made with the stream's first event); return its last seq and hash."""
    lock = _statements(connection.vendor).lock
    with connection.cursor() as cursor:
        statements.execute(cursor, lock, [stream])
        row = cursor.fetchone()
        if row is None:
            # A concurrent first writer may insert the same head: ignore that conflict and lock the winner.
            AuditStreamHead.objects.bulk_create(
                [AuditStreamHead(stream=stream, last_seq=0, last_hash=GENESIS_HASH)], ignore_conflicts=True
            )
            statements.execute(cursor, lock, [stream])
            row = cursor.fetchone()
    return row[0], row[1]


@transaction.atomic
def record(**kwargs) -> AuditEvent:
    """Append one event in a transaction of its own (logins, exports: facts with no other write)."""
    return append(**kwargs)
