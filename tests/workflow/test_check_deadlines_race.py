"""Two check_deadlines runs at the same moment (a cron run and a manual one): each notice is still sent once
(DESIGN §11). Real parallel connections: PostgreSQL only; transactional, so in a module of its own."""

import datetime
import threading

import pytest
from django.db import connection, connections

from dossiers.models import DossierState
from tests.workflow import helpers
from workflow import calendar, deadlines
from workflow.models import AuditEvent, DeadlineNotice, Notification

S = DossierState


@pytest.mark.postgres
def test_two_runs_at_once_send_each_notice_once(committed_world):
    world = committed_world
    if connection.vendor != "postgresql":
        pytest.skip("needs real parallel connections (PostgreSQL)")
    dossier = helpers.to_state(world, helpers.make(world), S.IN_REVIEW)
    day = dossier.due_on
    while calendar.working_days_between(dossier.due_on, day, commune=dossier.commune_id) < 5:
        day += datetime.timedelta(days=1)
    Notification.objects.all().delete()
    barrier = threading.Barrier(2)
    reports = []

    def run():
        barrier.wait()
        try:
            reports.append(deadlines.check(day))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(r.sent["office_head"] for r in reports) == 1
    assert sum(r.sent["chair"] for r in reports) == 1
    assert DeadlineNotice.objects.filter(dossier=dossier).count() == 2
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == ["chutich", "vhxh"]
    assert AuditEvent.objects.filter(stream=dossier.audit_stream, action="deadline_escalated").count() == 2
