#!/usr/bin/env python
"""How fast `verify_audit` checks the log, next to bare SHA-256 over the same canonical bytes (DESIGN §10).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_audit .venv/bin/python bench/verify_audit.py --events 1000000

Creates a throw-away database (the test database of DATABASE_URL: ``test_<name>``), loads N events with real
chained hashes over N/20 streams by bulk insert, signs a checkpoint, times `workflow.verification.verify()`,
then times a plain loop of ``hashlib.sha256(b).hexdigest()`` over the very same canonical bytes, and drops
the database. Prints one JSON object. Not a test: nothing here asserts a time (DESIGN §15).
"""

import argparse
import datetime
import gc
import hashlib
import io
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

from workflow import audit, checkpoints, verification  # noqa: E402

CHUNK = 50_000
BASE_TIME = datetime.datetime(2025, 1, 2, 1, 30, tzinfo=datetime.UTC)
# A window of streams written at the same time, so the events of one stream are spread over the table
# as they are in real use (many dossiers moving in parallel), not stored side by side.
ACTIVE_STREAMS = 1000
STEPS = [
    ("submit", "unit_officer", "draft", "submitted", "thcs"),
    ("take", "reviewer", "submitted", "in_review", "canbovhxh"),
    ("return_for_revision", "reviewer", "in_review", "returned", "canbovhxh"),
    ("submit", "unit_officer", "returned", "submitted", "doantn"),
    ("take", "reviewer", "submitted", "in_review", "vhxh"),
    ("forward_to_council", "reviewer", "in_review", "council", "canbovhxh"),
    ("close_vote", "system", "council", "awaiting_decision", "system"),
    ("decide", "system", "awaiting_decision", "decided", "system"),
]
REASONS = [
    "Bổ sung báo cáo thành tích",
    'Thiếu biên bản bình xét "đợt 1"',
    "Đề nghị ghi rõ chức vụ\nvà đơn vị công tác",
]


def stream_lengths(events: int, per_stream: int) -> list[int]:
    streams = max(1, events // per_stream)
    base, extra = divmod(events, streams)
    return [base + (1 if i < extra else 0) for i in range(streams)]


def generate(events: int, per_stream: int):
    """Yield (column values in CANONICAL_COLUMNS order, hash, canonical bytes) in insertion order."""
    rnd = random.Random(20250102)
    lengths = stream_lengths(events, per_stream)
    canonical = audit.canonical_bytes
    sha256 = hashlib.sha256
    index = 0
    for first in range(0, len(lengths), ACTIVE_STREAMS):
        window = range(first, min(first + ACTIVE_STREAMS, len(lengths)))
        last_hash = {s: audit.GENESIS_HASH for s in window}
        for seq in range(1, max(lengths[s] for s in window) + 1):
            for s in window:
                if seq > lengths[s]:
                    continue
                action, role, from_state, to_state, username = STEPS[(seq - 1) % len(STEPS)]
                system = username == "system"
                data = {}
                if action == "return_for_revision":
                    data = {"reason": rnd.choice(REASONS), "return_count": 1}
                elif action == "forward_to_council":
                    data = {"nominations": {str(s * 3 + k): "eligible" for k in range(rnd.randint(1, 3))}}
                elif action == "decide":
                    data = {"decision": f"{s % 900 + 1:02d}/QĐ-UBND", "signer": "chutich"}
                values = (
                    action,
                    None if system else 10 + rnd.randrange(40),
                    username,
                    "" if system else f"10.0.{rnd.randrange(256)}.{rnd.randrange(256)}",
                    audit.canonical_json(data),
                    from_state,
                    str(s + 1),
                    "dossier",
                    BASE_TIME + datetime.timedelta(microseconds=index * 1_237_411),
                    None,
                    "",
                    last_hash[s],
                    "" if system else f"{rnd.getrandbits(128):032x}",
                    role,
                    f"dossier:{s + 1}",
                    seq,
                    to_state,
                )
                body = canonical(*values)
                digest = sha256(body).hexdigest()
                last_hash[s] = digest
                index += 1
                yield values, digest, body


def _copy_text(value) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def load(events: int, per_stream: int) -> tuple[int, float]:
    """Bulk-insert the events and their stream heads; return (streams, seconds)."""
    started = time.perf_counter()
    columns = ("hash", *audit.CANONICAL_COLUMNS)
    heads: dict[str, tuple[int, str]] = {}
    batch = []

    def flush():
        if not batch:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY is an INSERT as far as the append-only triggers are concerned.
                text = "".join("\t".join(map(_copy_text, row)) + "\n" for row in batch)
                cursor.copy_expert(f"COPY workflow_auditevent ({', '.join(columns)}) FROM STDIN", io.StringIO(text))
            else:
                adapt = connection.ops.adapt_datetimefield_value
                rows = [tuple(adapt(v) if isinstance(v, datetime.datetime) else v for v in row) for row in batch]
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO workflow_auditevent ({', '.join(columns)}) VALUES ({marks})", rows)
        batch.clear()

    for values, digest, _ in generate(events, per_stream):
        batch.append((digest, *values))
        heads[values[14]] = (values[15], digest)
        if len(batch) >= CHUNK:
            flush()
    flush()
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO workflow_auditstreamhead (stream, last_seq, last_hash) VALUES (%s, %s, %s)",
            [(stream, seq, digest) for stream, (seq, digest) in heads.items()],
        )
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE workflow_auditevent")
    return len(heads), time.perf_counter() - started


def raw_hash_seconds(events: int, per_stream: int) -> float:
    """Time only the hashing loop over the same canonical bytes, regenerated chunk by chunk."""
    sha256 = hashlib.sha256
    total = 0.0
    chunk: list[bytes] = []

    def timed(chunk):
        started = time.perf_counter()
        for body in chunk:
            sha256(body).hexdigest()
        return time.perf_counter() - started

    for _, _, body in generate(events, per_stream):
        chunk.append(body)
        if len(chunk) >= CHUNK * 4:
            total += timed(chunk)
            chunk = []
    return total + timed(chunk)


def best_of(repeat: int, workers: int, engine: str = "auto"):
    """Time verify() `repeat` times; return the best time and its report, which must be intact."""
    best = None
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        report = verification.verify(workers=workers, engine=engine)
        seconds = time.perf_counter() - started
        if not report.intact:
            raise SystemExit(f"the generated log does not verify: {report.first_problem}")
        best = min(best or (seconds, report), (seconds, report), key=lambda pair: pair[0])
    return best


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--per-stream", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=1, help="time each walk this many times, keep the best")
    parser.add_argument("--engine", choices=verification.ENGINES, default="auto", help="what verify() uses")
    parser.add_argument(
        "--compare-python", action="store_true",
        help="on PostgreSQL also time the Python engine (engine=python), reported as python_*",
    )
    args = parser.parse_args(argv)

    old_config = setup_databases(verbosity=0, interactive=False, serialized_aliases=())
    try:
        _, load_seconds = load(args.events, args.per_stream)
        checkpoint = checkpoints.checkpoint_create()
        workers = verification.workers_for_this_log()  # what `manage.py verify_audit` would use
        engine = verification.engine_for_this_database(args.engine)
        seconds, report = best_of(args.repeat, workers, engine)
        one_seconds, _ = best_of(args.repeat, 1, engine) if workers > 1 else (seconds, report)
        python_seconds = None
        if args.compare_python and engine != "python":
            python_seconds, python_report = best_of(args.repeat, workers, "python")
            assert python_report == report
    finally:
        connection.close()
        teardown_databases(old_config, verbosity=0)

    raw_seconds = min(raw_hash_seconds(args.events, args.per_stream) for _ in range(args.repeat))
    events = report.event_count
    result = {
        "events": events,
        "streams": report.stream_count,
        "checkpoint_streams": checkpoint.stream_count,
        "workers": workers,
        "seconds": round(seconds, 3),
        "events_per_second": round(events / seconds),
        "raw_seconds": round(raw_seconds, 3),
        "raw_events_per_second": round(args.events / raw_seconds),
        "ratio": round((events / seconds) / (args.events / raw_seconds), 3),
        "seconds_one_process": round(one_seconds, 3),
        "ratio_one_process": round((events / one_seconds) / (args.events / raw_seconds), 3),
        "load_seconds": round(load_seconds, 1),
        "engine": engine,
        "vendor": connection.vendor,
        "cpus": os.cpu_count(),
    }
    if python_seconds is not None:
        result["python_seconds"] = round(python_seconds, 3)
        result["python_ratio"] = round((events / python_seconds) / (args.events / raw_seconds), 3)
    print(json.dumps(result))
    return result


if __name__ == "__main__":
    main()
