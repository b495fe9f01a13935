"""Recompute every audit chain and checkpoint and name what was changed, deleted, inserted or reordered.

The walk reads the events with a raw cursor in (stream, stream_seq) order, in chunks, and hashes each with
`workflow.audit.canonical_bytes`, the same function that wrote it: one canonical form, never a second copy.
What the log is compared against, besides its own links: every signed checkpoint, and the stream heads
(an unsigned cache, but written in the same transaction as each event, so a cut tail that left the head
behind shows too). Checkpoints are read first, heads second, events last: anything committed meanwhile
only adds events after what was committed to, so a live log verifies without locking anyone out.

The package: report.py (Problem, Report), commitments.py (checkpoints and stream heads), python_walk.py and
database_walk.py (the two engines), parallel.py (the worker fork split); this module picks and runs them.

On PostgreSQL the walk runs in the database by default (engine "database", see database_walk.py);
engine="python" keeps the Python walk selectable.
"""

import multiprocessing

from django.db import connection

from .commitments import _checkpoint_commitments, _head_commitments, _report_cut_tails
from .database_walk import _NEEDS_ESCAPE, _walk_in_database, canonical_text_sql  # noqa: F401 (_NEEDS_ESCAPE: for tests)
from .parallel import _can_fork, _stream_ranges, _walk_in_child, workers_for_this_log
from .python_walk import _walk
from .report import Problem, Report

__all__ = [
    "ENGINES", "Problem", "Report", "canonical_text_sql", "engine_for_this_database", "verify",
    "workers_for_this_log",
]

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

