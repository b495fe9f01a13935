#!/usr/bin/env python
"""How fast a council votes: 50 members casting ballots at once on an agenda of 200 nominations, then the
secretary closes the session (count, 40 dossiers through `close_vote`, minutes in PDF and DOCX).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_council_bench .venv/bin/python bench/council.py

Creates a throw-away database (the test database of DATABASE_URL: ``test_<name>``). Each run seeds a
commune of its own (closing moves the dossiers on) with a council of --members members and --dossiers
dossiers of --per-dossier nominees waiting for the council (half under a secret-ballot rule, CSTĐ cơ sở;
half under an open vote, LĐTT), prepares and opens a session, then releases every member's `ballot_cast`
at the same instant, each from its own process and database connection (a barrier), and times each
ballot. Then it times `session_close` (the transaction: count, engine, minutes record; the PDF and DOCX
rendered just after its commit, in the same request, are timed apart), and the count alone on the same
rows. --repeat runs (default 3) report the median; one more run has the members vote one after another
(the uncontended cost of a ballot): half call `ballot_cast`, half post the ballot page through Django's
test client (what a member waits for: the view's reads, the form of every item, the service, the
redirect). Each ballot also reports its process's CPU time, the Python side of it. Prints one JSON
object. Not a test: nothing here asserts a time (DESIGN §15).
Targets (issue 4): p95 ballot <= 100 ms, close and tally <= 1 s.
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
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
    teardown_test_environment,
)
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from council import services  # noqa: E402
from council.counting import count_session  # noqa: E402
from council.forms import item_field_name  # noqa: E402
from council.models import AgendaItem, BallotMark, BallotReceipt, Choice, CouncilSession, OpenVote  # noqa: E402
from council.services import closing  # noqa: E402
from dossiers import services as dossier_services  # noqa: E402
from dossiers.models import ThresholdBase, VoteMethod  # noqa: E402
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

CHOICES = [Choice.AGREE, Choice.AGREE, Choice.DISAGREE, Choice.ABSTAIN]


class Cast:
    """The commune, its council and the dossiers waiting for it (primary keys only, to cross processes)."""

    def __init__(self, members: int, dossiers: int, per_dossier: int, tag: str):
        start = timezone.localdate().replace(month=1, day=1)

        def grant(user, organization, role):
            role_services.membership_grant(user=user, organization=organization, role=role, valid_from=start,
                                           actor=None)
            return user

        def user(name):
            return UserFactory(username=f"bench{tag}_{name}")

        commune = CommuneFactory(name=f"UBND xã Bench {tag}", code=f"UBND{tag}")
        unit = UnitFactory(commune=commune, name="Trường THCS Bench", code=f"THCS{tag}")
        officer = grant(user("thcs"), unit, Role.UNIT_OFFICER)
        reviewer = grant(user("canbo"), commune, Role.REVIEWER)
        secretary = grant(grant(user("thuky"), commune, Role.COUNCIL_SECRETARY), commune, Role.COUNCIL_MEMBER)
        chair = grant(grant(user("chutich"), commune, Role.CHAIR), commune, Role.COUNCIL_MEMBER)
        voters = [secretary, chair] + [grant(user(f"hoidong{n:02d}"), commune, Role.COUNCIL_MEMBER)
                                       for n in range(members - 2)]
        no_documents = {"required_documents": {}, "valid_from": start}
        secret = AwardTypeFactory(code=f"CSTDCS{tag}", name="Chiến sĩ thi đua cơ sở", vote_method=VoteMethod.SECRET,
                                  threshold_percent=80, threshold_base=ThresholdBase.TOTAL_MEMBERS,
                                  absentee_opinions_allowed=True, **no_documents)
        named = AwardTypeFactory(code=f"LDTT{tag}", name="Lao động tiên tiến", **no_documents)
        campaign = CampaignFactory(commune=commune, award_types=[secret, named], opens_on=start, year=start.year)
        self.dossier_ids = []
        for d in range(dossiers):
            dossier = dossier_services.dossier_create(actor=officer, unit=unit, campaign=campaign,
                                                      title=f"Đề nghị danh hiệu thi đua {d}")
            award = secret if d % 2 == 0 else named
            for n in range(per_dossier):
                person = PersonFactory(full_name=f"Nguyễn Văn An {d}-{n}", organization=unit)
                dossier_services.nomination_add(dossier=dossier, actor=officer, award_type=award, person=person)
            perform(dossier, Action.SUBMIT, officer)
            perform(dossier, Action.TAKE, reviewer)
            perform(dossier, Action.FORWARD_TO_COUNCIL, reviewer)
            self.dossier_ids.append(dossier.pk)
        self.commune_id, self.secretary_id = commune.pk, secretary.pk
        self.voter_ids = [v.pk for v in voters]


def prepare_session(cast: Cast, run: int) -> int:
    """A fresh open session with every dossier on the agenda and everyone present; return its id."""
    from django.contrib.auth import get_user_model

    from dossiers.models import Dossier
    from roles.models import Organization

    secretary = get_user_model().objects.get(pk=cast.secretary_id)
    commune = Organization.objects.get(pk=cast.commune_id)
    session = services.session_create(actor=secretary, commune=commune, title=f"Phiên họp bench {run}",
                                      meeting_date=timezone.localdate(), place="Hội trường")
    for dossier in Dossier.objects.filter(pk__in=cast.dossier_ids).order_by("pk"):
        services.agenda_add(session=session, actor=secretary, dossier=dossier)
    services.attendance_record(session=session, actor=secretary, present_user_ids=cast.voter_ids)
    services.session_open(session=session, actor=secretary)
    return session.pk


def cast_one(args):
    """One member's ballot, released with every other member's by the barrier; returns the seconds taken
    and the seconds of this process's CPU (the Python side of the ballot; PostgreSQL's work is elsewhere)."""
    session_id, voter_id, index, barrier = args
    from django.contrib.auth import get_user_model

    if barrier is not None:
        connections.close_all()  # a connection of our own, never the parent's
    voter = get_user_model().objects.get(pk=voter_id)
    session = CouncilSession.objects.get(pk=session_id)
    choices = {pk: choice for pk, choice in ballot_of(session_id, index)}
    if barrier is not None:
        barrier.wait()
    started, cpu = time.perf_counter(), time.process_time()
    services.ballot_cast(session=session, actor=voter, choices=choices)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if barrier is not None:
        connections.close_all()
    return elapsed, cpu


def ballot_of(session_id: int, index: int) -> list[tuple[int, str]]:
    items = AgendaItem.objects.filter(session_id=session_id).order_by("position").values_list("pk", flat=True)
    return [(pk, CHOICES[(index + k) % len(CHOICES)]) for k, pk in enumerate(items)]


def post_one(session_id: int, voter_id: int, index: int):
    """One member's ballot through the page, as the browser sends it on confirming: the view's reads, the
    form of every agenda item, `ballot_cast` and the redirect to the receipt. Returns (seconds, CPU seconds)."""
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(pk=voter_id))
    data = {item_field_name(AgendaItem(pk=pk)): choice for pk, choice in ballot_of(session_id, index)}
    data["confirm"] = "1"
    url = reverse("council_ballot", args=[session_id])
    started, cpu = time.perf_counter(), time.process_time()
    # The page's form is urlencoded (no file), not the test client's default multipart.
    response = client.post(url, urlencode(data), content_type="application/x-www-form-urlencoded")
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if response.status_code != 302:
        raise RuntimeError(f"the ballot page refused a ballot: HTTP {response.status_code}")
    return elapsed, cpu


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def one_run(cast: Cast, run: int, *, burst: bool) -> dict:
    session_id = prepare_session(cast, run)
    page, queries_per_ballot = [], None
    if burst:
        connections.close_all()
        context = multiprocessing.get_context("fork")
        with context.Manager() as manager:
            barrier = manager.Barrier(len(cast.voter_ids))
            with context.Pool(len(cast.voter_ids)) as pool:
                timed = pool.map(cast_one, [(session_id, v, i, barrier) for i, v in enumerate(cast.voter_ids)])
    else:  # one after another, from one connection: the cost of a ballot when nothing competes; half of
        # the members call the service, half post the ballot page (what a member waits for)
        half = len(cast.voter_ids) // 2
        with CaptureQueriesContext(connection) as queries:
            timed = [cast_one((session_id, cast.voter_ids[0], 0, None))]
        queries_per_ballot = len(queries.captured_queries)
        timed += [cast_one((session_id, v, i, None)) for i, v in enumerate(cast.voter_ids[1:half], start=1)]
        page = [post_one(session_id, v, i) for i, v in enumerate(cast.voter_ids[half:], start=half)]
    latencies = [seconds for seconds, _ in timed]
    session = CouncilSession.objects.get(pk=session_id)
    secretary = session.created_by
    rendering = []
    real_render = closing.minutes_render_safely

    def timed_render(minutes_id):  # closing renders the files right after its commit: time that part apart
        started = time.perf_counter()
        real_render(minutes_id)
        rendering.append(time.perf_counter() - started)

    closing.minutes_render_safely = timed_render
    try:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            services.session_close(session=session, actor=secretary)
            close_seconds = time.perf_counter() - started
    finally:
        closing.minutes_render_safely = real_render
    session.refresh_from_db()
    items = list(session.agenda.select_related("nomination__award_type").order_by("position"))
    started = time.perf_counter()
    count_session(session, items, list(session.members.all()),
                  set(session.written_opinions.values_list("member_id", flat=True)))
    tally_seconds = time.perf_counter() - started
    receipts = BallotReceipt.objects.filter(session=session).count()
    counted = {item.agree + item.disagree + item.abstain for item in items}
    return {
        "ballot_ms": [s * 1000 for s in latencies],
        "ballot_cpu_ms": [cpu * 1000 for _, cpu in timed],
        "queries_per_ballot": queries_per_ballot,
        "page_ms": [s * 1000 for s, _ in page],
        "page_cpu_ms": [cpu * 1000 for _, cpu in page],
        "close_and_tally_s": close_seconds - sum(rendering),
        "minutes_render_s": sum(rendering),
        "close_queries": len(queries.captured_queries),
        "tally_only_ms": tally_seconds * 1000,
        "receipts": receipts,
        "every_item_counts_every_ballot": counted == {receipts},
        "secret_marks": BallotMark.objects.filter(item__session=session).count(),
        "named_votes": OpenVote.objects.filter(item__session=session).count(),
        "minutes_pdf_kb": round(session.minutes.pdf.size / 1024, 1),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--dossiers", type=int, default=40)
    parser.add_argument("--per-dossier", type=int, default=5, help="nominees per dossier (default 5: 200 in all)")
    parser.add_argument("--repeat", type=int, default=3, help="runs, each on a fresh session; the median is reported")
    parser.add_argument("--no-sequential", dest="sequential", action="store_false",
                        help="skip the run where the members vote one after another (the uncontended cost)")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/council.py needs PostgreSQL: set DATABASE_URL=postgres://…/bench_council")
    setup_test_environment()  # the test client's host, for the ballot page
    old_config = setup_databases(verbosity=0, interactive=False)
    media = settings.MEDIA_ROOT
    try:
        runs, seed_seconds, alone = [], [], None
        for run in range(1, args.repeat + 1):
            # Closing moves the dossiers on: every run gets a commune and dossiers of its own.
            seeded = time.perf_counter()
            cast = Cast(args.members, args.dossiers, args.per_dossier, tag=str(run))
            seed_seconds.append(time.perf_counter() - seeded)
            runs.append(one_run(cast, run, burst=True))
        if args.sequential:
            alone = one_run(Cast(args.members, args.dossiers, args.per_dossier, tag="seq"), 0, burst=False)
        all_ballots = [ms for r in runs for ms in r["ballot_ms"]]
        per_run = [
            {
                "ballot_p50_ms": round(statistics.median(r["ballot_ms"]), 1),
                "ballot_p95_ms": round(percentile(r["ballot_ms"], 0.95), 1),
                "ballot_max_ms": round(max(r["ballot_ms"]), 1),
                "ballot_cpu_ms_p50": round(statistics.median(r["ballot_cpu_ms"]), 2),
                "close_and_tally_s": round(r["close_and_tally_s"], 3),
                "minutes_render_s": round(r["minutes_render_s"], 3),
                "tally_only_ms": round(r["tally_only_ms"], 1),
                "close_queries": r["close_queries"],
                "receipts": r["receipts"],
                "every_item_counts_every_ballot": r["every_item_counts_every_ballot"],
                "secret_marks": r["secret_marks"],
                "named_votes": r["named_votes"],
                "minutes_pdf_kb": r["minutes_pdf_kb"],
            }
            for r in runs
        ]
        print(json.dumps({
            "database": connection.vendor,
            "members": args.members,
            "nominations": args.dossiers * args.per_dossier,
            "dossiers": args.dossiers,
            "seed_s_per_run": round(statistics.median(seed_seconds), 1),
            "runs": per_run,
            "median": {
                "ballot_p50_ms": round(statistics.median(r["ballot_p50_ms"] for r in per_run), 1),
                "ballot_p95_ms": round(statistics.median(r["ballot_p95_ms"] for r in per_run), 1),
                "close_and_tally_s": round(statistics.median(r["close_and_tally_s"] for r in per_run), 3),
                "tally_only_ms": round(statistics.median(r["tally_only_ms"] for r in per_run), 1),
                "minutes_render_s": round(statistics.median(r["minutes_render_s"] for r in per_run), 3),
            },
            "ballots_p95_all_runs_ms": round(percentile(all_ballots, 0.95), 1),
            "one_at_a_time": {
                "ballot_p50_ms": round(statistics.median(alone["ballot_ms"]), 1),
                "ballot_p95_ms": round(percentile(alone["ballot_ms"], 0.95), 1),
                "ballot_cpu_ms_p50": round(statistics.median(alone["ballot_cpu_ms"]), 2),
                "queries_per_ballot": alone["queries_per_ballot"],
                "ballots_per_s": round(len(alone["ballot_ms"]) / (sum(alone["ballot_ms"]) / 1000), 1),
                "page_post_p50_ms": round(statistics.median(alone["page_ms"]), 1),
                "page_post_p95_ms": round(percentile(alone["page_ms"], 0.95), 1),
                "page_post_cpu_ms_p50": round(statistics.median(alone["page_cpu_ms"]), 2),
            } if alone else None,
            "targets": {"ballot_p95_ms": 100, "close_and_tally_s": 1.0},
        }, indent=2, ensure_ascii=False))
    finally:
        connections.close_all()
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()
        shutil.rmtree(media, ignore_errors=True)


if __name__ == "__main__":
    main()
