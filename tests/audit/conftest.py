"""Fixtures of the audit tests: a log written by a real lifecycle, through the engine only."""

import pytest

from dossiers.models import DossierState
from workflow.engine import SYSTEM, Action, perform


@pytest.fixture
def decided_dossier(world):
    """A dossier carried from draft to decision: 13 events in `dossier:<pk>`, plus the role grants."""
    dossier = world.ready(nominees=("Nguyễn Thị Hoa", "Trần Văn Bình"))
    world.advance(dossier, DossierState.COUNCIL)
    world.close_vote(dossier)
    awarded = [n.pk for n in dossier.nominations.order_by("pk")][:1]
    perform(dossier, Action.DECIDE, SYSTEM, signer=world.chutich, awarded=awarded, decision="246/QĐ-UBND")
    return dossier
