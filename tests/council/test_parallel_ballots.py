"""Ballots cast at the same moment on PostgreSQL, from real threads on separate connections (DESIGN §8:
"the database keeps a BallotReceipt(session, member) (unique) to prevent double voting"). Transactional,
so it lives in a module of its own (see tests/workflow/fixtures.py).
"""

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.db.models import Count

from council.models import Ballot, BallotMark, BallotReceipt, SessionState
from council.services import ballot_cast
from council.services.ballots import _voter
from tests.council.conftest import A, D, X
from workflow.exceptions import Conflict, GuardFailed
from workflow.models import AuditEvent

pytestmark = pytest.mark.postgres

NOMINEES = ("Nguyễn Thị Thu Hương", "Lê Thị Minh Nguyệt", "Trần Văn Quang")


def _in_parallel(calls):
    """Run each call in its own thread and connection, all released at once; return their outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            call()
            outcomes[index] = "ok"
        except Conflict:
            outcomes[index] = "conflict"
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below, not swallowed
            outcomes[index] = repr(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_one_member_submitting_twice_at_the_same_moment_counts_one_ballot(parallel_council):
    council = parallel_council
    session = council.opened(council.dossier(*NOMINEES))
    items = list(session.agenda.order_by("position"))

    def cast(choice):
        return lambda: ballot_cast(session=session, actor=council.hoidong1, choices={i.pk: choice for i in items})

    outcomes = _in_parallel([cast(A), cast(D)])
    assert sorted(outcomes) == ["conflict", "ok"]
    assert BallotReceipt.objects.filter(session=session).count() == 1
    assert Ballot.objects.filter(session=session).count() == 1
    marks = BallotMark.objects.filter(item__session=session)
    assert marks.count() == len(items) and len(set(marks.values_list("choice", flat=True))) == 1
    assert AuditEvent.objects.filter(action="ballot_cast", object_id=str(session.pk)).count() == 1


def test_thirty_members_voting_at_once_are_each_counted_exactly_once(parallel_council):
    council = parallel_council
    council.add_members(21)
    members = council.members
    assert len(members) == 30
    session = council.opened(council.dossier(*NOMINEES))
    items = list(session.agenda.order_by("position"))
    choices = [A, D, X]

    def cast(index, member):
        marks = {item.pk: choices[(index + k) % 3] for k, item in enumerate(items)}
        return lambda: ballot_cast(session=session, actor=member, choices=marks)

    outcomes = _in_parallel([cast(i, m) for i, m in enumerate(members)])
    assert outcomes == ["ok"] * 30
    assert BallotReceipt.objects.filter(session=session).count() == 30
    assert Ballot.objects.filter(session=session).count() == 30
    per_item = dict(BallotMark.objects.filter(item__session=session).values_list("item").annotate(n=Count("id")))
    assert per_item == {item.pk: 30 for item in items}
    council.close(session)
    for k, item in enumerate(session.agenda.order_by("position")):
        expected = [sum(1 for i in range(30) if choices[(i + k) % 3] == c) for c in (A, D, X)]
        assert [item.agree, item.disagree, item.abstain] == expected
        assert item.agree + item.disagree + item.abstain == BallotReceipt.objects.filter(session=session).count()


def test_closing_waits_for_a_ballot_in_flight_and_a_later_ballot_is_refused(parallel_council):
    """The ballot's gate query holds the session row under FOR SHARE until the ballot commits: closing
    (FOR UPDATE) waits for it, and a ballot that starts once closing has committed reads the closed state."""
    council = parallel_council
    session = council.opened(council.dossier(*NOMINEES))
    gate_taken, release, closed = threading.Event(), threading.Event(), []

    def ballot_in_flight():
        try:
            with transaction.atomic():
                _voter(session.pk, council.hoidong1.pk)
                gate_taken.set()
                release.wait(30)
        finally:
            connections.close_all()

    def close():
        try:
            closed.append(council.close(session).state)
        finally:
            connections.close_all()

    voter = threading.Thread(target=ballot_in_flight)
    voter.start()
    assert gate_taken.wait(30)
    closer = threading.Thread(target=close)
    closer.start()
    try:
        assert _a_backend_waits_on_a_lock(), "closing did not wait for the ballot in flight"
        assert closed == []
    finally:
        release.set()
        voter.join(30)
        closer.join(30)
    assert closed == [SessionState.CLOSED]
    with pytest.raises(GuardFailed):
        ballot_cast(session=session, actor=council.hoidong2, choices={i.pk: A for i in session.agenda.all()})
    assert not BallotReceipt.objects.filter(session=session).exists()


def _a_backend_waits_on_a_lock() -> bool:
    """Poll pg_stat_activity (up to 30 s) for another backend of this database waiting on a lock."""
    with connection.cursor() as cursor:
        for _ in range(300):
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.1)
    return False
