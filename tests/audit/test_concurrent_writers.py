"""Concurrent writers keep every chain whole (DESIGN §5, §10), with real parallel connections.

PostgreSQL only: the row locks (`select_for_update` on the dossier, then on the stream head) are what
serialise writers, and SQLite's in-memory test database cannot hold two writing connections. Each thread
has its own connection (Django connections are per thread) and closes it when done.
"""

import threading

import pytest
from django.db import connection

from dossiers.models import Dossier, DossierState
from roles.models import Role
from tests.conftest import World, grant
from tests.factories.commune import UserFactory
from workflow import audit, verification
from workflow.engine import Action, Conflict, perform
from workflow.models import AuditEvent, AuditStreamHead

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs parallel connections to PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def committed_world(transactional_db):
    """The usual cast, committed so that other connections see it."""
    world = World()
    world.canbovhxh2 = grant(UserFactory(username="canbovhxh2"), world.commune, Role.REVIEWER)
    return world


def run_together(*jobs, timeout=30):
    """Run each job in its own thread and connection; jobs meet at a barrier first. Return outcomes."""
    barrier = threading.Barrier(len(jobs), timeout=timeout)
    outcomes: list = [None] * len(jobs)

    def run(index, job):
        try:
            outcomes[index] = job(barrier)
        except Exception as error:  # noqa: BLE001 - the outcome under test, asserted by the caller
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a writer is stuck"
    return outcomes


def act(dossier_id, action, actor, **data):
    """Load the dossier, wait until every writer has loaded it too, then act on what was loaded."""

    def job(barrier):
        dossier = Dossier.objects.get(pk=dossier_id)
        barrier.wait()
        return perform(dossier, action, actor, **data)

    return job


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ((Action.TAKE, "canbovhxh", {}), (Action.TAKE, "canbovhxh2", {})),
        ((Action.WITHDRAW, "thcs_head", {"reason": "Rút để bổ sung hồ sơ"}), (Action.TAKE, "canbovhxh", {})),
    ],
    ids=["two_reviewers_take", "unit_head_withdraws_while_reviewer_takes"],
)
def test_second_of_two_simultaneous_actions_on_one_dossier_gets_conflict(committed_world, first, second):
    """Both writers load the submitted dossier; one action wins, the other is refused with Conflict.

    The loser waits on the dossier's row lock and then finds its state changed: a stale action, not a
    second transition, and exactly one new audit event.
    """
    world = committed_world
    dossier = world.ready()
    perform(dossier, Action.SUBMIT, world.thcs)
    stream = dossier.audit_stream
    before = AuditEvent.objects.filter(stream=stream).count()

    outcomes = run_together(
        *(act(dossier.pk, action, getattr(world, actor), **data) for action, actor, data in (first, second))
    )

    winners = [o for o in outcomes if isinstance(o, AuditEvent)]
    losers = [o for o in outcomes if not isinstance(o, AuditEvent)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert isinstance(losers[0], Conflict), outcomes
    assert "vừa được người khác thay đổi" in losers[0].message
    dossier.refresh_from_db()
    assert dossier.state == winners[0].to_state
    assert dossier.state in (DossierState.IN_REVIEW, DossierState.WITHDRAWN)
    events = list(AuditEvent.objects.filter(stream=stream).order_by("stream_seq"))
    assert len(events) == before + 1
    assert events[-1].pk == winners[0].pk
    assert verification.verify().intact


def test_many_writers_appending_to_one_stream_keep_it_gap_free(transactional_db):
    """Writers of one stream queue on its head row: sequence 1..n without gaps or forks, chain intact."""
    writers, each = 8, 6

    def writer(number):
        def job(barrier):
            barrier.wait()
            for i in range(each):
                audit.record(
                    stream="system", action="export", actor=None, object_type="report",
                    object_id=f"{number}-{i}", data={"writer": number, "row": i, "note": "Xuất báo cáo tổng hợp"},
                )
            return number

        return job

    outcomes = run_together(*(writer(n) for n in range(writers)))

    assert outcomes == list(range(writers))
    events = list(AuditEvent.objects.filter(stream="system").order_by("stream_seq"))
    assert [e.stream_seq for e in events] == list(range(1, writers * each + 1))
    assert all(e.prev_hash == p.hash for p, e in zip(events, events[1:], strict=False))
    assert len({e.object_id for e in events}) == writers * each
    head = AuditStreamHead.objects.get(stream="system")
    assert (head.last_seq, head.last_hash) == (events[-1].stream_seq, events[-1].hash)
    report = verification.verify()
    assert report.intact, report.problems
    assert report.event_count == writers * each


def test_engine_and_plain_writers_of_one_dossier_stream_keep_its_head_in_step(committed_world):
    """The engine moves the stream head in the statement that inserts its event (with the dossier and task
    writes); the deadline reminders append to the same stream without locking the dossier. Interleaved, the
    chain stays gap-free and the head (a cache, never trusted by the verifier) names the last event."""
    world = committed_world
    dossier = world.ready()
    perform(dossier, Action.SUBMIT, world.thcs)
    stream, rounds = dossier.audit_stream, 5

    def engine(barrier):
        mine = Dossier.objects.get(pk=dossier.pk)
        barrier.wait()
        for _ in range(rounds):
            perform(mine, Action.TAKE, world.canbovhxh)
            perform(mine, Action.UNASSIGN, world.canbovhxh)
        return "engine"

    def reminders(barrier):
        barrier.wait()
        for i in range(rounds * 2):
            audit.record(stream=stream, action="deadline_reminder", actor=None, object_type="dossier",
                         object_id=dossier.pk, data={"round": i})
        return "reminders"

    assert run_together(engine, reminders) == ["engine", "reminders"]
    events = list(AuditEvent.objects.filter(stream=stream).order_by("stream_seq"))
    assert [e.stream_seq for e in events] == list(range(1, len(events) + 1))
    assert all(e.prev_hash == p.hash for p, e in zip(events, events[1:], strict=False))
    assert sum(e.action == "deadline_reminder" for e in events) == rounds * 2
    head = AuditStreamHead.objects.get(stream=stream)
    assert (head.last_seq, head.last_hash) == (events[-1].stream_seq, events[-1].hash)
    dossier.refresh_from_db()
    assert dossier.state == DossierState.SUBMITTED and dossier.assignee_id is None
    report = verification.verify()
    assert report.intact, report.problems
