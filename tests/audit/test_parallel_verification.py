"""Verifying in parallel processes finds exactly what one process finds (DESIGN §10).

`verify_audit` splits a large log on PostgreSQL into stream ranges walked by forked processes, each on
its own connection. The rows must be committed for other connections to see them: transactional tests.
"""

import pytest
from django.db import connection

from tests.audit.tampering import run_command, stream_events, tamper
from workflow import verification
from workflow.models import AuditEvent

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel verification runs on PostgreSQL only"),
    pytest.mark.django_db(transaction=True),
]


def summary(report):
    return (report.event_count, report.stream_count, report.checkpoint_count, sorted(map(str, report.problems)))


def test_parallel_verification_passes_untouched_log(transactional_db, decided_dossier):
    """An intact log is intact in every range, and the counts add up."""
    run_command("audit_checkpoint")
    assert len(verification._stream_ranges(2)) == 2  # the log really is split
    one, two = verification.verify(workers=1), verification.verify(workers=2)
    assert two.intact
    assert summary(two) == summary(one)
    assert two.event_count == AuditEvent.objects.count()
    assert run_command("verify_audit", "--workers", "2")[0] == 0


def test_parallel_verification_names_same_first_problem_as_one_process(transactional_db, decided_dossier):
    """Problems in both ranges, a changed event and a cut tail, are all found and ordered the same way."""
    run_command("audit_checkpoint")
    chain = stream_events(decided_dossier.audit_stream)
    grant = AuditEvent.objects.filter(stream__startswith="user:").order_by("id").first()
    tamper("UPDATE workflow_auditevent SET role = 'chair' WHERE id = %s", [chain[3].pk])
    tamper("DELETE FROM workflow_auditevent WHERE id = %s", [grant.pk])
    one, two = verification.verify(workers=1), verification.verify(workers=2)
    assert summary(two) == summary(one)
    assert len(two.problems) == 2
    assert two.first_problem == one.first_problem
    assert two.first_problem.event_id == chain[3].pk
    code, out = run_command("verify_audit", "--workers", "2", "--all")
    assert code == 1
    assert f"#{chain[3].pk} ({chain[3].stream}, thứ tự 4): nội dung đã bị sửa" in out
    assert f"- {grant.stream}, thứ tự 1: thiếu sự kiện thứ 1" in out
