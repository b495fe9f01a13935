"""The walk in PostgreSQL: one query rebuilds, hashes and checks every event and returns only what is wrong.

On PostgreSQL the walk runs in the database by default (engine "database"): one query rebuilds each
event's canonical bytes from `audit._TEMPLATE`, hashes them with sha256(), checks links and sequence
numbers with window functions and returns only the rows that are wrong (plus each stream's last event and
the events a checkpoint or head commits to), which become the same Problems, in the same order, as the
Python walk finds. Strings are written as '"' || value || '"' when they contain nothing JSON escapes, else
with to_json(), whose escaping is byte-identical to `json.encoder.encode_basestring` (tests/audit/
test_database_verification.py compares them). engine="python" keeps the Python walk selectable.
"""

import re

from django.db import connection, transaction
from django.utils.translation import gettext as _

from workflow import audit
from workflow.models import AuditEvent

from .report import Problem, _Part, witness_name

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
                    Problem(stream, expected_seq, None,
                            _("thiếu sự kiện thứ %(missing)s (đã bị xóa)") % {"missing": missing}, (event_id, -1))
                )
            else:  # pragma: no cover - the unique (stream, stream_seq) constraint forbids it unless dropped
                problems.append(
                    Problem(stream, seq, event_id, _("số thứ tự bị lặp (sự kiện bị chèn)"), (event_id, 0))
                )
        if not link_ok:
            problems.append(
                Problem(
                    stream, seq, event_id,
                    _("không nối tiếp sự kiện liền trước (bị chèn, xóa hoặc đảo thứ tự)"), (event_id, 0),
                )
            )
        if not hash_ok:
            problems.append(
                Problem(stream, seq, event_id, _("nội dung đã bị sửa: mã băm không khớp"), (event_id, 0))
            )
        if commitment_broken:
            problems.append(
                Problem(
                    stream, seq, event_id, _("khác với sự kiện mà %(witness)s đã cam kết")
                    % {"witness": witness_name(committed[(stream, seq)][1])},
                    (event_id, 0),
                )
            )
        if is_last:
            last_seen[stream] = (seq, event_id)
            events += n
    return _Part(events, len(last_seen), problems, last_seen)
