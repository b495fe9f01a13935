"""Two reviewers take the same dossier at the same moment: the row lock lets one win; the other gets
Conflict, and the audit log records one take (DESIGN §5 "locks the dossier row", "Conflict (stale or
concurrent change)"). Needs real parallel connections: PostgreSQL only. Transactional, so it lives in
a module of its own (see fixtures.py).
"""

import threading

import pytest
from django.db import connection, connections

from dossiers.models import Dossier, DossierState
from tests.workflow import helpers
from workflow.engine import Action, Conflict, perform
from workflow.models import AuditEvent

S = DossierState


@pytest.mark.postgres
def test_second_reviewer_cannot_take_dossier_taken_at_the_same_moment(committed_world):
    world = committed_world
    if connection.vendor != "postgresql":
        pytest.skip("needs real parallel connections (PostgreSQL)")
    dossier = helpers.to_state(world, helpers.make(world), S.SUBMITTED)
    barrier = threading.Barrier(2)
    outcomes = {}

    def take(reviewer):
        copy = Dossier.objects.get(pk=dossier.pk)
        barrier.wait()
        try:
            perform(copy, Action.TAKE, reviewer)
            outcomes[reviewer.username] = "ok"
        except Conflict:
            outcomes[reviewer.username] = "conflict"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(r,)) for r in (world.canbovhxh, world.vhxh)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["conflict", "ok"]
    assert AuditEvent.objects.filter(stream=dossier.audit_stream, action="take").count() == 1
