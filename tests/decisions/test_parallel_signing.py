"""Twenty decisions signed at the same moment get the numbers 01 to 20 of the year, each once, with no gap:
the series row lock queues the signers (NĐ 30/2020 Art. 15; DESIGN §9). Needs real parallel connections:
PostgreSQL only; transactional, so it lives in a module of its own (see tests/workflow/fixtures.py)."""

import threading

import pytest
from django.db import connection, connections

from decisions.models import Decision, DecisionStatus
from decisions.signing import decision_sign
from documents.models import DocumentSeries
from tests.decisions import helpers

SIGNERS = 20


@pytest.mark.postgres
def test_twenty_parallel_signings_take_numbers_01_to_20_without_gap(committed_world):
    if connection.vendor != "postgresql":
        pytest.skip("needs real parallel connections (PostgreSQL)")
    world = committed_world
    drafts = [helpers.draft(world, helpers.awaiting(world, nominees=(f"Nguyễn Văn {i:02d}",))) for i in range(SIGNERS)]
    barrier = threading.Barrier(SIGNERS)
    failures = []

    def sign(pk):
        try:
            decision = Decision.objects.get(pk=pk)
            barrier.wait()
            decision_sign(decision=decision, actor=world.chutich)
        except Exception as exc:  # noqa: BLE001 - reported below, with the thread's error
            failures.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(d.pk,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    signed = Decision.objects.filter(status=DecisionStatus.SIGNED)
    assert sorted(signed.values_list("number", flat=True)) == list(range(1, SIGNERS + 1))
    assert sorted(signed.values_list("number_text", flat=True))[:2] == ["01/QĐ-UBND", "02/QĐ-UBND"]
    assert DocumentSeries.objects.get().last_number == SIGNERS
