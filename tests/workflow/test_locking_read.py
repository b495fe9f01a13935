"""The locking read of `engine.perform` (workflow.rows): one statement locks the dossier and its audit stream's
head, so an action's round trips stay few and fixed (bench/transitions.py), and a dossier whose stream has
no head yet still moves."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dossiers.models import DossierState
from tests.conftest import bypass_audit_protection
from tests.workflow import helpers
from workflow import verification
from workflow.engine import Action, perform
from workflow.models import AuditEvent, AuditStreamHead

pytestmark = pytest.mark.django_db
S = DossierState

# Statements per action, the locking read included. On PostgreSQL every write of the action goes with the
# event in one statement; SQLite runs them one by one (and moves the stream head in one more).
ROUND_TRIPS = {
    "postgresql": {Action.SUBMIT: 12, Action.TAKE: 5, Action.RETURN_FOR_REVISION: 7},
    "sqlite": {Action.SUBMIT: 15, Action.TAKE: 8, Action.RETURN_FOR_REVISION: 11},
}


def counted(dossier, action, actor, **data) -> int:
    with CaptureQueriesContext(connection) as queries:
        perform(dossier, action, actor, **data)
    return len(queries)


def test_each_action_costs_a_fixed_number_of_statements_the_head_read_with_the_dossier_lock(world):
    dossier = helpers.make(world)
    expected = ROUND_TRIPS[connection.vendor]
    officer, reviewer = helpers.officer_of(world, dossier), helpers.reviewer_of(world, dossier)
    counts = {
        Action.SUBMIT: counted(dossier, Action.SUBMIT, officer),
        Action.TAKE: counted(dossier, Action.TAKE, reviewer),
        Action.RETURN_FOR_REVISION: counted(dossier, Action.RETURN_FOR_REVISION, reviewer, reason="Bổ sung"),
    }
    assert counts == expected


def test_a_dossier_whose_stream_has_no_head_yet_still_moves_and_its_chain_verifies(world):
    dossier = helpers.make(world)
    stream = dossier.audit_stream
    # As if the dossier had been made before the log existed: no events, no head.
    AuditStreamHead.objects.filter(stream=stream).delete()
    with bypass_audit_protection():
        AuditEvent.objects.filter(stream=stream).delete()
    perform(dossier, Action.SUBMIT, helpers.officer_of(world, dossier))
    assert dossier.state == S.SUBMITTED
    assert list(AuditEvent.objects.filter(stream=stream).values_list("stream_seq", "action")) == [(1, Action.SUBMIT)]
    assert AuditStreamHead.objects.get(stream=stream).last_seq == 1
    assert verification.verify().intact
