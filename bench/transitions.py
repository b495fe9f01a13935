#!/usr/bin/env python
"""How fast `engine.perform` moves dossiers, work items included, next to the floor: a bare Django
transaction doing the least any state change must do (lock a row, update it, insert one row).

Work items are always on (issue 3): each transition also opens, claims or closes the dossier's viewflow
task, copies its due date onto the dossier, and writes the in-app notifications of the people who act next.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_bench_tr \
        .venv/bin/python bench/transitions.py --dossiers 100 --repeat 3

Creates a throw-away database (the test database of DATABASE_URL: ``test_<name>``), seeds one commune,
then, with 1 and with 4 worker processes (each its own connection), walks N dossiers per worker through
submit -> take -> return_for_revision -> submit -> take -> forward_to_chair (an award that needs no
Council vote: Giấy khen, đột xuất), and runs the floor the same number of times on the same rows and
tables. Each (engine, floor) pair runs --repeat times (default 3), alternating, because a shared machine
is noisy; the median is reported. Prints one JSON object: transitions per second, p50 and p95 latency
(ms), the ratio engine/floor per worker count, and the queries each action costs. Drops the database
at the end. Not a test: nothing here asserts a time (DESIGN §15).
"""

import argparse
import json
import multiprocessing
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection, connections, transaction  # noqa: E402
from django.db.models import F  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

from dossiers import services as dossier_services  # noqa: E402
from dossiers.models import CommendationKind, Dossier  # noqa: E402
from roles import services as role_services  # noqa: E402
from roles.models import Role  # noqa: E402
from tests.factories.commune import (  # noqa: E402
    AwardTypeFactory,
    CampaignFactory,
    CommuneFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
)
from workflow.engine import Action, perform  # noqa: E402
from workflow.models import AuditEvent  # noqa: E402

WORKER_COUNTS = (1, 4)
WARMUP = 5  # dossiers per worker walked before the clock starts (imports, query compilation)
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PATH = [
    (Action.SUBMIT, "officer", {}),
    (Action.TAKE, "reviewer", {}),
    (Action.RETURN_FOR_REVISION, "reviewer", {"reason": "Bổ sung tóm tắt thành tích"}),
    (Action.SUBMIT, "officer", {}),
    (Action.TAKE, "reviewer", {}),
    (Action.FORWARD_TO_CHAIR, "reviewer", {}),
]


class Cast:
    """The commune, its people and the award of the benchmark (primary keys only, to cross processes)."""

    def __init__(self):
        start = timezone.localdate().replace(month=1, day=1)
        commune = CommuneFactory(name="UBND xã Bench", code="UBND")
        unit = UnitFactory(commune=commune, name="Trường THCS Bench", code="THCS")
        officer = UserFactory(username="bench_thcs")
        reviewer = UserFactory(username="bench_canbo")
        role_services.membership_grant(user=officer, organization=unit, role=Role.UNIT_OFFICER, valid_from=start,
                                       actor=None)
        role_services.membership_grant(user=reviewer, organization=commune, role=Role.REVIEWER, valid_from=start,
                                       actor=None)
        award = AwardTypeFactory(code="GKCT", name="Giấy khen của Chủ tịch UBND xã", category="form",
                                 vote_exempt_kinds=[CommendationKind.AD_HOC], valid_from=start)
        campaign = CampaignFactory(commune=commune, name="Khen thưởng đột xuất", kind=CommendationKind.AD_HOC,
                                   award_types=[award], opens_on=start, year=start.year)
        self.unit_id, self.officer_id, self.reviewer_id = unit.pk, officer.pk, reviewer.pk
        self.award_id, self.campaign_id = award.pk, campaign.pk


def _users(cast):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.in_bulk([cast.officer_id, cast.reviewer_id])
    return {"officer": users[cast.officer_id], "reviewer": users[cast.reviewer_id]}


def seed(cast, count: int, tag: str) -> list[int]:
    """Ready-to-submit dossiers, built through the services (one nominee, its documents)."""
    from dossiers.models import AwardType, Campaign
    from roles.models import Organization

    officer = _users(cast)["officer"]
    unit = Organization.objects.get(pk=cast.unit_id)
    award = AwardType.objects.get(pk=cast.award_id)
    campaign = Campaign.objects.get(pk=cast.campaign_id)
    ids = []
    for i in range(count):
        dossier = dossier_services.dossier_create(actor=officer, unit=unit, campaign=campaign,
                                                  title=f"Đề nghị khen thưởng đột xuất {tag}-{i}")
        person = PersonFactory(full_name=f"Nguyễn Văn An {tag}-{i}", organization=unit)
        nomination = dossier_services.nomination_add(dossier=dossier, actor=officer, award_type=award, person=person)
        dossier_services.attachment_upload(dossier=dossier, actor=officer, kind="to_trinh",
                                           upload=SimpleUploadedFile("to-trinh.pdf", MINIMAL_PDF))
        dossier_services.attachment_upload(dossier=dossier, actor=officer, kind="tom_tat_thanh_tich",
                                           upload=SimpleUploadedFile("tom-tat.pdf", MINIMAL_PDF), nomination=nomination)
        ids.append(dossier.pk)
    return ids


def walk_engine(dossier_ids, users, latencies=None):
    for pk in dossier_ids:
        dossier = Dossier.objects.get(pk=pk)
        for action, who, data in PATH:
            started = time.perf_counter()
            perform(dossier, action, users[who], **data)
            if latencies is not None:
                latencies.append(time.perf_counter() - started)


def walk_floor(dossier_ids, worker: int, latencies=None):
    """The same number of transactions on the same rows: lock, update, insert one row, commit."""
    for pk in dossier_ids:
        for step in range(len(PATH)):
            started = time.perf_counter()
            with transaction.atomic():
                row = Dossier.objects.select_for_update(of=("self",)).get(pk=pk)
                Dossier.objects.filter(pk=row.pk).update(version=F("version") + 1)
                AuditEvent.objects.create(
                    stream=f"floor:{worker}:{pk}", stream_seq=step + 1, occurred_at=timezone.now(), actor_id=None,
                    actor_username="floor", action="floor", object_type="dossier", object_id=str(pk),
                    data_json="{}", prev_hash="0" * 64, hash="0" * 64,
                )
            if latencies is not None:
                latencies.append(time.perf_counter() - started)


def _worker(kind, cast, worker, count, rows, barrier, results):
    connections.close_all()  # never share the parent's socket
    users = _users(cast)
    if kind == "engine":
        warm, timed = seed(cast, WARMUP, f"w{worker}-{count}"), seed(cast, count, f"{worker}-{count}")
        walk_engine(warm, users)
    else:
        warm, timed = rows  # the floor works on the rows the engine just moved
        walk_floor(warm, worker)
    latencies = []
    barrier.wait()
    started, cpu_started = time.perf_counter(), time.process_time()
    if kind == "engine":
        walk_engine(timed, users, latencies)
    else:
        walk_floor(timed, worker, latencies)
    finished, cpu = time.perf_counter(), time.process_time() - cpu_started
    connections.close_all()
    results.put((worker, started, finished, latencies, (warm, timed), cpu))


def run(kind, cast, workers: int, count: int, rows=None):
    """Walk `count` dossiers per worker with `workers` processes; return the figures and the rows used."""
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(workers)
    results = context.Queue()
    connections.close_all()
    processes = [
        context.Process(target=_worker, args=(kind, cast, w, count, rows[w] if rows else None, barrier, results))
        for w in range(workers)
    ]
    for process in processes:
        process.start()
    collected = [results.get() for _ in processes]
    for process in processes:
        process.join()
        if process.exitcode != 0:
            raise SystemExit(f"{kind} worker failed with exit code {process.exitcode}")
    latencies = sorted(x for c in collected for x in c[3])
    wall = max(c[2] for c in collected) - min(c[1] for c in collected)
    figures = {
        "transitions": len(latencies),
        "seconds": round(wall, 3),
        "transitions_per_second": round(len(latencies) / wall, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p95_ms": round(latencies[max(0, int(len(latencies) * 0.95) - 1)] * 1000, 2),
        # This process's CPU (Python and the driver), not the server's: steadier than wall time on a busy machine.
        "python_cpu_ms_per_transition": round(sum(c[5] for c in collected) / len(latencies) * 1000, 3),
    }
    return figures, {c[0]: c[4] for c in collected}


def query_profile(cast) -> dict:
    """Queries each action of the path issues, counted on one dossier (DESIGN §5: one transaction each)."""
    users = _users(cast)
    (pk,) = seed(cast, 1, "profile")
    dossier = Dossier.objects.get(pk=pk)
    profile = {}
    for i, (action, who, data) in enumerate(PATH):
        with CaptureQueriesContext(connection) as queries:
            perform(dossier, action, users[who], **data)
        profile[f"{i + 1}:{action}"] = len(queries)
    with CaptureQueriesContext(connection) as queries:
        walk_floor([pk], worker=99)
    profile["floor (each)"] = len(queries) // len(PATH)
    return profile


def _median_run(runs: list[dict]) -> dict:
    """The repetition with the median throughput (its own p50 and p95 kept together)."""
    ordered = sorted(runs, key=lambda r: r["transitions_per_second"])
    return {**ordered[len(ordered) // 2], "tps_of_each_repetition": [r["transitions_per_second"] for r in runs]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=200, help="dossiers per worker (default 200)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="repetitions of each (engine, floor) pair, alternating; the median is reported")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Run on PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_transitions")

    old_config = setup_databases(verbosity=0, interactive=False)
    media = settings.MEDIA_ROOT
    try:
        cast = Cast()
        profile = query_profile(cast)
        runs = {kind: {w: [] for w in WORKER_COUNTS} for kind in ("engine", "floor")}
        ratios = {w: [] for w in WORKER_COUNTS}
        for _ in range(args.repeat):
            for workers in WORKER_COUNTS:
                engine, rows = run("engine", cast, workers, args.dossiers)
                floor, _ = run("floor", cast, workers, args.dossiers, rows)
                runs["engine"][workers].append(engine)
                runs["floor"][workers].append(floor)
                ratios[workers].append(engine["transitions_per_second"] / floor["transitions_per_second"])
        print(json.dumps({
            "database": connection.vendor,
            "dossiers_per_worker": args.dossiers,
            "repetitions": args.repeat,
            "path": [str(action) for action, _, _ in PATH],
            "cpus": os.cpu_count(),
            "engine": {str(w): _median_run(r) for w, r in runs["engine"].items()},
            "floor": {str(w): _median_run(r) for w, r in runs["floor"].items()},
            "ratio_engine_over_floor": {str(w): round(statistics.median(r), 3) for w, r in ratios.items()},
            "ratio_of_each_repetition": {str(w): [round(x, 3) for x in r] for w, r in ratios.items()},
            "work_items": True,
            "target_ratio_at_4_workers": {"issue 2 (engine)": 0.6, "issue 3 (work items included)": 0.5},
            "queries_per_transaction": profile,
        }, indent=2, ensure_ascii=False))
    finally:
        connections.close_all()
        teardown_databases(old_config, verbosity=0)
        shutil.rmtree(media, ignore_errors=True)


if __name__ == "__main__":
    main()
