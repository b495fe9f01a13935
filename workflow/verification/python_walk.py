"""The walk in Python: raw event rows in (stream, stream_seq) order, hashed with audit.canonical_bytes."""

import datetime
import hashlib

from django.db import connection
from django.utils.translation import gettext as _

from workflow import audit
from workflow.models import AuditEvent

from .report import Problem, _Part, witness_name

_SELECT = "SELECT id, hash, {columns} FROM {table} {{where}} ORDER BY stream, stream_seq".format(
    columns=", ".join(audit.CANONICAL_COLUMNS), table=AuditEvent._meta.db_table
)
# Positions in a selected row (id and hash come first, then CANONICAL_COLUMNS).
_OCCURRED_AT = 2 + audit.CANONICAL_COLUMNS.index("occurred_at")
_PREV_HASH = 2 + audit.CANONICAL_COLUMNS.index("prev_hash")
_STREAM = 2 + audit.CANONICAL_COLUMNS.index("stream")
_SEQ = 2 + audit.CANONICAL_COLUMNS.index("stream_seq")


def _walk(low: str | None, high: str | None, chunk_size: int, committed) -> _Part:
    """Recompute hashes and links of the streams in [low, high) and compare them with what was committed."""
    problems: list[Problem] = []
    last_seen: dict[str, tuple[int, int]] = {}
    sha256 = hashlib.sha256
    canonical = audit.canonical_bytes
    stream = None
    expected_seq, prev_hash, prev_id = 1, audit.GENESIS_HASH, None
    events = streams = 0
    for row in _rows(low, high, chunk_size):
        event_id, stored_hash = row[0], row[1]
        seq = row[_SEQ]
        if row[_STREAM] != stream:
            if stream is not None:
                last_seen[stream] = (expected_seq - 1, prev_id)
            stream, expected_seq, prev_hash = row[_STREAM], 1, audit.GENESIS_HASH
            streams += 1
        events += 1
        if seq != expected_seq:
            if seq > expected_seq:
                missing = f"{expected_seq}" if seq == expected_seq + 1 else f"{expected_seq}–{seq - 1}"
                problems.append(
                    Problem(stream, expected_seq, None,
                            _("thiếu sự kiện thứ %(missing)s (đã bị xóa)") % {"missing": missing}, (event_id, -1))
                )
            else:  # pragma: no cover - the unique (stream, stream_seq) constraint forbids it unless dropped
                problems.append(
                    Problem(stream, seq, event_id, _("số thứ tự bị lặp (sự kiện bị chèn)"), (event_id, 0))
                )
        if row[_PREV_HASH] != prev_hash:
            problems.append(
                Problem(
                    stream, seq, event_id,
                    _("không nối tiếp sự kiện liền trước (bị chèn, xóa hoặc đảo thứ tự)"), (event_id, 0),
                )
            )
        try:
            body = canonical(*row[2:])
        except (TypeError, ValueError, AttributeError):
            body = None  # a NULL or mistyped value where the schema allows none
        if body is None or sha256(body).hexdigest() != stored_hash:
            problems.append(
                Problem(stream, seq, event_id, _("nội dung đã bị sửa: mã băm không khớp"), (event_id, 0))
            )
        pending = committed.get((stream, seq))
        if pending is not None and pending[0] != stored_hash:
            problems.append(
                Problem(stream, seq, event_id,
                        _("khác với sự kiện mà %(witness)s đã cam kết") % {"witness": witness_name(pending[1])},
                        (event_id, 0))
            )
        expected_seq, prev_hash, prev_id = seq + 1, stored_hash, event_id
    if stream is not None:
        last_seen[stream] = (expected_seq - 1, prev_id)
    return _Part(events, streams, problems, last_seen)


def _rows(low: str | None, high: str | None, chunk_size: int):
    """Yield raw event rows of streams in [low, high), in (stream, stream_seq) order, a chunk at a time."""
    # A raw cursor, not the ORM: per-row model or converter overhead would dominate the walk.
    where = " AND ".join(
        condition
        for condition, bound in (("stream >= %s", low), ("stream < %s", high))
        if bound is not None
    )
    sql = _SELECT.format(where=f"WHERE {where}" if where else "")
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, [bound for bound in (low, high) if bound is not None])
        naive_times = connection.vendor == "sqlite"  # SQLite hands back naive UTC datetimes
        while rows := cursor.fetchmany(chunk_size):
            if naive_times:
                rows = [_aware(row) for row in rows]
            yield from rows


def _aware(row: tuple) -> tuple:
    moment = row[_OCCURRED_AT]
    if isinstance(moment, datetime.datetime) and moment.tzinfo is None:
        return (*row[:_OCCURRED_AT], moment.replace(tzinfo=datetime.UTC), *row[_OCCURRED_AT + 1 :])
    return row
