"""check_workflow passes on the demo data of seed_demo (DESIGN §7, §12). A module of its own: it seeds."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from dossiers.models import Dossier, DossierState
from workflow.consistency import disagreements

S = DossierState


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = io.StringIO()
            call_command("seed_demo", force=True, stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_passes_on_the_demo_data(seeded, db):
    states = set(Dossier.objects.values_list("state", flat=True))
    assert {S.SUBMITTED, S.IN_REVIEW, S.AWAITING_DECISION, S.DECIDED} <= states, seeded
    assert disagreements() == []
    out = io.StringIO()
    call_command("check_workflow", stdout=out)  # exits 1 (SystemExit) on any disagreement
    assert "khớp" in out.getvalue()
