"""Recompute every audit chain and checkpoint and name what was changed, deleted, inserted or reordered.

The walk reads the events with a raw cursor in (stream, stream_seq) order, in chunks, and hashes each with
`workflow.audit.canonical_bytes`, the same function that wrote it: one canonical form, never a second copy.
What the log is compared against, besides its own links: every signed checkpoint, and the stream heads
(an unsigned cache, but written in the same transaction as each event, so a cut tail that left the head
behind shows too). Checkpoints are read first, heads second, events last: anything committed meanwhile
only adds events after what was committed to, so a live log verifies without locking anyone out.

On PostgreSQL the walk runs in the database by default (engine "database"): one query rebuilds each
event's canonical bytes from `audit._TEMPLATE`, hashes them with sha256(), checks links and sequence
numbers with window functions and returns only the rows that are wrong (plus each stream's last event and
the events a checkpoint or head commits to), which become the same Problems, in the same order, as the
Python walk finds. Strings are written as '"' || value || '"' when they contain nothing JSON escapes, else
with to_json(), whose escaping is byte-identical to `json.encoder.encode_basestring` (tests/audit/
test_database_verification.py compares them). engine="python" keeps the Python walk selectable.
"""

import datetime
import hashlib
import multiprocessing
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Sum

from workflow import audit, checkpoints
from workflow.models import AuditCheckpoint, AuditEvent, AuditStreamHead

_SELECT = "SELECT id, hash, {columns} FROM {table} {{where}} ORDER BY stream, stream_seq".format(
    columns=", ".join(audit.CANONICAL_COLUMNS), table=AuditEvent._meta.db_table
)
_PARALLEL_FROM = 100_000  # events; below this, forking costs more than it saves
# Positions in a selected row (id and hash come first, then CANONICAL_COLUMNS).
_OCCURRED_AT = 2 + audit.CANONICAL_COLUMNS.index("occurred_at")
_PREV_HASH = 2 + audit.CANONICAL_COLUMNS.index("prev_hash")
_STREAM = 2 + audit.CANONICAL_COLUMNS.index("stream")
_SEQ = 2 + audit.CANONICAL_COLUMNS.index("stream_seq")
_LAST = float("inf")


@dataclass(frozen=True)
class Problem:
    stream: str
    seq: int
    event_id: int | None
    message: str
    # Where the problem sits in the log's write order: the event's id, or for missing events a place
    # beside their surviving neighbour, so a deletion is reported before the broken link it causes.
    order: tuple = field(default=(_LAST,), compare=False, repr=False)

    def __str__(self):
        if self.event_id:
            where = f"sự kiện #{self.event_id} ({self.stream}, thứ tự {self.seq})"
        else:
            where = f"{self.stream}, thứ tự {self.seq}"
        return f"{where}: {self.message}"


@dataclass
class Report:
    event_count: int = 0
    stream_count: int = 0
    checkpoint_count: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems

    def ordered_problems(self) -> list[Problem]:
        """Problems in the order their events were written; checkpoint problems last."""
        return sorted(self.problems, key=lambda p: (p.order, p.stream, p.seq))

    @property
    def first_problem(self) -> Problem | None:
        return min(self.problems, key=lambda p: (p.order, p.stream, p.seq), default=None)


ENGINES = ("auto", "python", "database")


def verify(*, chunk_size: int = 5000, workers: int = 1, engine: str = "auto") -> Report:
    """Walk every stream in order, recomputing hashes and links, then check every checkpoint.

    With `workers` > 1 on PostgreSQL, outside a transaction, streams are split into that many ranges
    walked by forked processes, each on its own connection (the hashing is CPU-bound).
    `engine`: "python" hashes in this process, "database" lets PostgreSQL hash and compare (PostgreSQL
    only), "auto" picks "database" where it can.
    """
    walk = _walker(engine)
    report = Report()
    committed = _checkpoint_commitments(report)
    _head_commitments(committed)
    ranges = _stream_ranges(workers) if workers > 1 and _can_fork() else [(None, None)]
    if len(ranges) == 1:
        parts = [walk(None, None, chunk_size, committed)]
    else:
        connection.close()  # a forked child must never share the parent's socket
        with multiprocessing.get_context("fork").Pool(len(ranges)) as pool:
            parts = pool.starmap(
                _walk_in_child, [(walk, low, high, chunk_size, committed) for low, high in ranges]
            )
    last_seen: dict[str, tuple[int, int]] = {}
    for part in parts:
        report.event_count += part.events
        report.stream_count += part.streams
        report.problems.extend(part.problems)
        last_seen.update(part.last_seen)
    _report_cut_tails(committed, last_seen, report.problems)
    return report


def engine_for_this_database(engine: str = "auto") -> str:
    """The engine `verify(engine=...)` will use: "database" on a UTF-8 PostgreSQL, else "python"."""
    if engine not in ENGINES:
        raise ValueError(f"unknown verification engine {engine!r}; choose one of {', '.join(ENGINES)}")
    usable = connection.vendor == "postgresql" and _server_encoding() == "UTF8"
    if engine == "database" and not usable:
        raise ValueError("the database engine needs PostgreSQL with UTF8 server encoding")
    if engine == "auto":
        return "database" if usable else "python"
    return engine


def _walker(engine: str):
    return _walk_in_database if engine_for_this_database(engine) == "database" else _walk


def _server_encoding() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_encoding")
        return cursor.fetchone()[0]


def workers_for_this_log() -> int:
    """How many processes are worth it: one per CPU (at most four) for a large log on PostgreSQL."""
    if not _can_fork():
        return 1
    events = AuditStreamHead.objects.aggregate(total=Sum("last_seq"))["total"] or 0
    return max(1, min(4, os.cpu_count() or 1)) if events >= _PARALLEL_FROM else 1


def _can_fork() -> bool:
    # Rows of an open transaction are invisible to other connections; SQLite is verified in process.
    return connection.vendor == "postgresql" and not connection.in_atomic_block and connection.get_autocommit()


def _stream_ranges(workers: int) -> list[tuple[str | None, str | None]]:
    """Split the stream names into `workers` ranges of about equal event counts, in database order.

    The heads only balance the work: the first range is open below and the last open above, so every
    event is walked whatever the heads say.
    """
    heads = list(AuditStreamHead.objects.order_by("stream").values_list("stream", "last_seq"))
    total = sum(seq for _, seq in heads)
    bounds, running = [], 0
    for stream, seq in heads:
        if running >= total * (len(bounds) + 1) / workers and len(bounds) < workers - 1:
            bounds.append(stream)
        running += seq
    edges = [None, *bounds, None]
    return list(zip(edges, edges[1:], strict=False))


@dataclass
class _Part:
    events: int
    streams: int
    problems: list[Problem]
    last_seen: dict[str, tuple[int, int]]  # stream -> (last seq, its event id)


def _walk_in_child(walk, low, high, chunk_size, committed) -> _Part:
    try:
        return walk(low, high, chunk_size, committed)
    finally:
        connection.close()


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
                    Problem(stream, expected_seq, None, f"thiếu sự kiện thứ {missing} (đã bị xóa)", (event_id, -1))
                )
            else:  # pragma: no cover - the unique (stream, stream_seq) constraint forbids it unless dropped
                problems.append(Problem(stream, seq, event_id, "số thứ tự bị lặp (sự kiện bị chèn)", (event_id, 0)))
        if row[_PREV_HASH] != prev_hash:
            problems.append(
                Problem(
                    stream, seq, event_id,
                    "không nối tiếp sự kiện liền trước (bị chèn, xóa hoặc đảo thứ tự)", (event_id, 0),
                )
            )
        try:
            body = canonical(*row[2:])
        except (TypeError, ValueError, AttributeError):
            body = None  # a NULL or mistyped value where the schema allows none
        if body is None or sha256(body).hexdigest() != stored_hash:
            problems.append(Problem(stream, seq, event_id, "nội dung đã bị sửa: mã băm không khớp", (event_id, 0)))
        pending = committed.get((stream, seq))
        if pending is not None and pending[0] != stored_hash:
            problems.append(
                Problem(stream, seq, event_id, f"khác với sự kiện mà {pending[1]} đã cam kết", (event_id, 0))
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


def _checkpoint_commitments(report: Report) -> dict[tuple[str, int], tuple[str, str]]:
    """Check each checkpoint's signature and root; return the (stream, seq) -> (hash, who) each commits to."""
    trusted = checkpoints.signing_key().public_key()
    committed: dict[tuple[str, int], tuple[str, str]] = {}
    for checkpoint in AuditCheckpoint.objects.order_by("id").iterator():
        report.checkpoint_count += 1
        where = f"checkpoint:{checkpoint.pk}"
        if checkpoints.merkle_root(checkpoint.heads) != checkpoint.merkle_root:
            report.problems.append(Problem(where, 0, None, "gốc Merkle không khớp với các đầu chuỗi đã ghi"))
        if not checkpoints.signature_valid(checkpoint, trusted):
            report.problems.append(Problem(where, 0, None, "chữ ký của điểm chốt không hợp lệ"))
        for stream, (seq, digest) in checkpoint.heads.items():
            if seq:
                committed.setdefault((stream, seq), (digest, f"điểm chốt #{checkpoint.pk}"))
    return committed


def _head_commitments(committed: dict[tuple[str, int], tuple[str, str]]) -> None:
    """Add what each stream head records: it is written with the event, so it must still name it."""
    heads = AuditStreamHead.objects.filter(last_seq__gt=0).values_list("stream", "last_seq", "last_hash")
    for stream, seq, digest in heads.iterator(chunk_size=5000):
        committed.setdefault((stream, seq), (digest, "bảng đầu chuỗi"))


def _report_cut_tails(committed, last_seen, problems) -> None:
    """Events committed to but gone: one problem per stream, at its first missing position."""
    # Commitments at or below a stream's last event were compared during the walk, or fall in a gap
    # already reported there; only those beyond it are a cut tail.
    gone: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (stream, seq), (_, who) in committed.items():
        if seq > last_seen.get(stream, (0, None))[0]:
            gone[stream].append((seq, who))
    for stream, commitments in sorted(gone.items()):
        last_seq, last_id = last_seen.get(stream, (0, None))
        highest = max(seq for seq, _ in commitments)
        witnesses = ", ".join(sorted({who for _, who in commitments}))
        missing = f"{last_seq + 1}" if highest == last_seq + 1 else f"{last_seq + 1}–{highest}"
        problems.append(
            Problem(
                stream, last_seq + 1, None,
                f"thiếu sự kiện thứ {missing}: {witnesses} đã cam kết nhưng chúng không còn (đuôi chuỗi bị cắt)",
                (last_id, 1) if last_id is not None else (_LAST,),
            )
        )


# --- The walk in PostgreSQL ------------------------------------------------------------------------------
#
# The canonical text is rebuilt from audit._TEMPLATE itself (its constant pieces, in order), with one SQL
# term per placeholder of the kind canonical_bytes gives it. NULL where Python would raise (a string
# column, the time, stream_seq) makes the whole text NULL, hence a hash mismatch, as in the Python walk;
# data_json and prev_hash go through "%s", which writes None as "None".

_KINDS = {
    "actor_id": "int_or_null", "on_behalf_of_id": "int_or_null", "data_json": "verbatim",
    "occurred_at": "time", "prev_hash": "verbatim", "stream_seq": "int",
}
_STRING_COLUMNS = tuple(c for c in audit.CANONICAL_COLUMNS if c not in _KINDS)
# Exactly what encode_basestring and PostgreSQL's escape_json escape (NUL cannot be stored in text).
_NEEDS_ESCAPE = r"""'[\x01-\x1f"\\]'"""
_TIME_SQL = """to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')"""


def _canonical_sql(escape_strings: bool) -> str:
    """The SQL expression of an event's canonical text; strings quoted plainly or with to_json()."""
    pieces = re.split(r"%[sd]", audit._TEMPLATE)
    markers = re.findall(r"%[sd]", audit._TEMPLATE)
    assert "%%" not in audit._TEMPLATE and len(markers) == len(audit.CANONICAL_COLUMNS)
    assert markers[audit.CANONICAL_COLUMNS.index("stream_seq")] == "%d"
    terms: list[tuple[bool, str]] = []  # (is a constant, text)

    def constant(text):
        if terms and terms[-1][0]:
            terms[-1] = (True, terms[-1][1] + text)
        elif text:
            terms.append((True, text))

    for piece, column in zip(pieces, audit.CANONICAL_COLUMNS, strict=False):
        constant(piece)
        kind = _KINDS.get(column, "string")
        if kind == "string" and not escape_strings:
            constant('"')
            terms.append((False, column))
            constant('"')
        elif kind == "string":
            terms.append((False, f"to_json({column})::text"))
        elif kind == "int_or_null":
            terms.append((False, f"COALESCE({column}::text, 'null')"))
        elif kind == "int":
            terms.append((False, f"{column}::text"))
        elif kind == "time":
            terms.append((False, _TIME_SQL))
        else:
            terms.append((False, f"COALESCE({column}, 'None')"))
    constant(pieces[-1])
    return " || ".join(("'" + text.replace("'", "''") + "'") if is_constant else text for is_constant, text in terms)


def canonical_text_sql() -> str:
    """An event's canonical text as SQL over workflow_auditevent's columns (exact, including escaping)."""
    strings = " || ".join(_STRING_COLUMNS)
    return (
        f"CASE WHEN ({strings}) ~ {_NEEDS_ESCAPE} THEN {_canonical_sql(True)} "
        f"ELSE {_canonical_sql(False)} END"
    )


_DATABASE_WALK = """
WITH walked AS (
    SELECT stream, stream_seq, id, hash_ok, link_ok, prev_seq, is_last, n
    FROM (
        SELECT stream, stream_seq, id, hash_ok,
               prev_hash IS NOT DISTINCT FROM
                   CASE WHEN row_number() OVER w = 1 THEN '{genesis}' ELSE lag(hash) OVER w END AS link_ok,
               lag(stream_seq) OVER w AS prev_seq,
               lead(id) OVER w IS NULL AS is_last,
               row_number() OVER w AS n
        FROM (
            -- Hashed below the sort, which OFFSET 0 keeps there, so that parallel workers do it.
            SELECT id, stream, stream_seq, hash, prev_hash,
                   COALESCE(hash = encode(sha256(convert_to({canonical}, 'UTF8')), 'hex'), false) AS hash_ok
            FROM {table} {{where}}
            ORDER BY stream COLLATE "C", stream_seq
            OFFSET 0
        ) hashed
        WINDOW w AS (PARTITION BY stream COLLATE "C" ORDER BY stream_seq)
    ) windowed
    WHERE NOT hash_ok OR NOT link_ok OR stream_seq IS DISTINCT FROM COALESCE(prev_seq, 0) + 1 OR is_last
),
broken AS (  -- events that differ from what a checkpoint or a stream head committed to
    SELECT e.stream, e.stream_seq, e.id
    FROM unnest(%s::text[], %s::bigint[], %s::text[]) AS c(committed_stream, committed_seq, committed_hash)
    CROSS JOIN LATERAL (  -- one index lookup per commitment, never a pass over the table
        SELECT stream, stream_seq, id, hash FROM {table}
        WHERE stream = c.committed_stream AND stream_seq = c.committed_seq {{and_where}}
        OFFSET 0
    ) e
    WHERE e.hash IS DISTINCT FROM c.committed_hash
)
SELECT COALESCE(w.stream, b.stream), COALESCE(w.stream_seq, b.stream_seq), COALESCE(w.id, b.id),
       COALESCE(w.hash_ok, true), COALESCE(w.link_ok, true),
       CASE WHEN w.id IS NULL THEN b.stream_seq - 1 ELSE w.prev_seq END,
       COALESCE(w.is_last, false), w.n, b.id IS NOT NULL
FROM walked w FULL JOIN broken b ON b.stream = w.stream AND b.stream_seq = w.stream_seq
ORDER BY 1, 2
""".format(
    genesis=audit.GENESIS_HASH,
    canonical=canonical_text_sql().replace("%", "%%").replace("{", "{{").replace("}", "}}"),
    table=AuditEvent._meta.db_table,
)
# Session settings for the walk, local to its transaction: a large sort in memory, no JIT (its compile
# time outweighs what it saves here), and parallel workers welcome.
_DATABASE_SETTINGS = {"work_mem": "256MB", "jit": "off", "parallel_setup_cost": "100", "parallel_tuple_cost": "0.001"}


def _walk_in_database(low: str | None, high: str | None, chunk_size: int, committed) -> _Part:
    """The same walk as `_walk`, computed by PostgreSQL: only wrong rows and stream ends come back."""
    conditions = [c for c, bound in (("stream >= %s", low), ("stream < %s", high)) if bound is not None]
    bounds = [bound for bound in (low, high) if bound is not None]
    sql = _DATABASE_WALK.format(
        where=f"WHERE {' AND '.join(conditions)}" if conditions else "",
        and_where="".join(f" AND {condition}" for condition in conditions),
    )
    keys = list(committed)
    params = [*bounds, [s for s, _ in keys], [seq for _, seq in keys], [committed[key][0] for key in keys], *bounds]
    problems: list[Problem] = []
    last_seen: dict[str, tuple[int, int]] = {}
    events = 0
    with transaction.atomic(), connection.cursor() as cursor:
        # Local to the transaction; put back afterwards in case it is the caller's (a savepoint keeps them).
        before = {}
        for name, value in _DATABASE_SETTINGS.items():
            cursor.execute("SELECT current_setting(%s)", [name])
            before[name] = cursor.fetchone()[0]
            cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        for name, value in before.items():
            cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
    for stream, seq, event_id, hash_ok, link_ok, prev_seq, is_last, n, commitment_broken in rows:
        # The same checks, in the same order, with the same messages as _walk.
        expected_seq = (prev_seq or 0) + 1
        if seq != expected_seq:
            if seq > expected_seq:
                missing = f"{expected_seq}" if seq == expected_seq + 1 else f"{expected_seq}–{seq - 1}"
                problems.append(
                    Problem(stream, expected_seq, None, f"thiếu sự kiện thứ {missing} (đã bị xóa)", (event_id, -1))
                )
            else:  # pragma: no cover - the unique (stream, stream_seq) constraint forbids it unless dropped
                problems.append(Problem(stream, seq, event_id, "số thứ tự bị lặp (sự kiện bị chèn)", (event_id, 0)))
        if not link_ok:
            problems.append(
                Problem(
                    stream, seq, event_id,
                    "không nối tiếp sự kiện liền trước (bị chèn, xóa hoặc đảo thứ tự)", (event_id, 0),
                )
            )
        if not hash_ok:
            problems.append(Problem(stream, seq, event_id, "nội dung đã bị sửa: mã băm không khớp", (event_id, 0)))
        if commitment_broken:
            problems.append(
                Problem(
                    stream, seq, event_id, f"khác với sự kiện mà {committed[(stream, seq)][1]} đã cam kết",
                    (event_id, 0),
                )
            )
        if is_last:
            last_seen[stream] = (seq, event_id)
            events += n
    return _Part(events, len(last_seen), problems, last_seen)
