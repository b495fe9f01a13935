"""Splitting the walk over forked processes: how many, over which stream ranges, and the child's entry point."""

import os

from django.db import connection
from django.db.models import Sum

from workflow.models import AuditStreamHead

from .report import _Part

_PARALLEL_FROM = 100_000  # events; below this, forking costs more than it saves


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


def _walk_in_child(walk, low, high, chunk_size, committed) -> _Part:
    try:
        return walk(low, high, chunk_size, committed)
    finally:
        connection.close()
