"""The locking read of `engine.perform` (workflow.rows): one statement locks the dossier and its audit stream's
head and, on PostgreSQL, reads the actor's grants and memberships, so an action's round trips stay few and
fixed (bench/transitions.py); what it reads is what the separate reads would give."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dossiers.models import DossierState
from roles import services as role_services
from roles.models import Membership, Role
from tests.conftest import bypass_audit_protection
from tests.workflow import helpers
from workflow import authority, rows, verification
from workflow.engine import Action, perform
from workflow.models import AuditEvent, AuditStreamHead

pytestmark = pytest.mark.django_db
S = DossierState

# Statements per action, the locking read included. On PostgreSQL every write of the action goes with the
# event in one statement; SQLite runs them one by one (and moves the stream head in one more).
ROUND_TRIPS = {
    "postgresql": {Action.SUBMIT: 8, Action.TAKE: 4, Action.RETURN_FOR_REVISION: 5},
    "sqlite": {Action.SUBMIT: 14, Action.TAKE: 8, Action.RETURN_FOR_REVISION: 11},
}


def counted(dossier, action, actor, **data) -> int:
    with CaptureQueriesContext(connection) as queries:
        perform(dossier, action, actor, **data)
    return len(queries)


def test_each_action_costs_a_fixed_number_of_statements_the_head_read_with_the_dossier_lock(world):
    def walk(dossier):
        officer, reviewer = helpers.officer_of(world, dossier), helpers.reviewer_of(world, dossier)
        return {
            Action.SUBMIT: counted(dossier, Action.SUBMIT, officer),
            Action.TAKE: counted(dossier, Action.TAKE, reviewer),
            Action.RETURN_FOR_REVISION: counted(dossier, Action.RETURN_FOR_REVISION, reviewer, reason="Bổ sung"),
        }

    walk(helpers.make(world))  # once first, whatever ran before: Django's per-process caches (content types)
    assert walk(helpers.make(world)) == ROUND_TRIPS[connection.vendor]


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


@pytest.mark.parametrize("days_later", [0, 1])
def test_the_rights_read_with_the_lock_are_those_resolve_reads(world, days_later):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite reads the rights with resolve itself")
    dossier = helpers.make(world)
    # One membership that ends today, so that tomorrow differs from today.
    membership = Membership.objects.get(user=world.canbovhxh, role=Role.REVIEWER)
    role_services.membership_end(membership=membership, valid_to=timezone.localdate(), actor=world.quantri)
    day = timezone.localdate() + datetime.timedelta(days=days_later)
    users = [world.thcs, world.canbovhxh, world.vhxh, world.chutich, world.quantri]
    for user in users:
        with transaction.atomic():
            locked = rows.lock_dossier(dossier.pk, {}, False, lists=authority.dossier_lists(user, day))
        read = authority.from_dossier_lists(user, day, locked)
        resolved = authority.resolve(user, [dossier.unit_id, dossier.commune_id], day)
        assert (read.held, read.roles, read.full_roles) == (resolved.held, resolved.roles, resolved.full_roles)
    assert authority.resolve(world.canbovhxh, [dossier.commune_id], day).held == (set() if days_later else {
        (dossier.commune_id, permission) for permission in authority.permissions_of(Role.REVIEWER)
    })
