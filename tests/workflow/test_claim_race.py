"""Two reviewers claim the same dossier from the queue at the same moment: exactly one gets its review task
(DESIGN §7). Real parallel connections: PostgreSQL only; transactional, so in a module of its own."""

import threading

import pytest
from django.db import connection, connections
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from dossiers.models import Dossier, DossierState
from dossiers.selectors import claim_queue_for
from tests.workflow import helpers
from workflow.consistency import disagreements
from workflow.engine import Action, Conflict, perform
from workflow.models import AuditEvent
from workflow.workitems import OPEN_STATUSES

S = DossierState


@pytest.mark.postgres
def test_exactly_one_of_two_reviewers_claiming_at_once_gets_the_task(committed_world):
    world = committed_world
    if connection.vendor != "postgresql":
        pytest.skip("needs real parallel connections (PostgreSQL)")
    dossier = helpers.to_state(world, helpers.make(world), S.SUBMITTED)
    reviewers = (world.canbovhxh, world.vhxh)
    assert all(dossier.pk in claim_queue_for(actor=r).values_list("pk", flat=True) for r in reviewers)
    barrier = threading.Barrier(2)
    outcomes = {}

    def claim(reviewer):
        copy = Dossier.objects.get(pk=dossier.pk)
        barrier.wait()
        try:
            perform(copy, Action.TAKE, reviewer)
            outcomes[reviewer.pk] = "ok"
        except Conflict:
            outcomes[reviewer.pk] = "conflict"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim, args=(r,)) for r in reviewers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["conflict", "ok"]
    (winner,) = [pk for pk, outcome in outcomes.items() if outcome == "ok"]
    dossier.refresh_from_db()
    tasks = list(Task.objects.filter(process_id=dossier.process_id, status__in=OPEN_STATUSES))
    assert [(t.status, t.owner_id) for t in tasks] == [(STATUS.ASSIGNED, winner)]
    assert dossier.assignee_id == winner
    assert AuditEvent.objects.filter(stream=dossier.audit_stream, action="take").count() == 1
    assert not any(dossier.pk in claim_queue_for(actor=r).values_list("pk", flat=True) for r in reviewers)
    assert disagreements() == []
