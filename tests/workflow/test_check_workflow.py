"""check_workflow (DESIGN §7): the FSM state and the open task agree for every dossier, or the command says
which do not and exits 1. The data migration gives dossiers made before work items their process."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from dossiers.models import Dossier, DossierState
from tests.workflow import helpers
from workflow.consistency import disagreements
from workflow.flows import DossierFlow
from workflow.workitems import OPEN_STATUSES

S = DossierState
migration = __import__("dossiers.migrations.0005_give_dossiers_their_process", fromlist=["forwards"])


def check_workflow():
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("check_workflow", stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue() + err.getvalue()


@pytest.fixture
def every_state(world):
    made = {}
    for state in (S.DRAFT, S.SUBMITTED, S.IN_REVIEW, S.RETURNED, S.POSTED, S.SUSPENDED, S.COUNCIL,
                  S.AWAITING_DECISION, S.DECIDED, S.REJECTED):
        route = "posting" if state == S.POSTED else "council"
        made[state] = helpers.to_state(world, helpers.make(world, route=route), state, passed=state != S.REJECTED)
    return made


def test_passes_when_every_state_has_its_task(every_state):
    assert disagreements() == []
    assert check_workflow() == (0, "Trạng thái của mọi hồ sơ khớp với việc đang mở.\n")


def test_finds_a_review_task_held_by_someone_else(world, every_state):
    dossier = every_state[S.IN_REVIEW]
    Task.objects.filter(process_id=dossier.process_id, status=STATUS.ASSIGNED).update(owner=world.vhxh)
    code, output = check_workflow()
    assert code == 1
    assert f"Hồ sơ #{dossier.pk} (Đang thẩm định): người giữ việc (#{world.vhxh.pk}) khác người thụ lý" in output
    assert "1 hồ sơ có trạng thái và việc đang mở không khớp." in output


def test_finds_a_closed_task_of_a_waiting_dossier_and_a_wrong_step(every_state):
    waiting = every_state[S.AWAITING_DECISION]
    Task.objects.filter(process_id=waiting.process_id, status__in=OPEN_STATUSES).update(status=STATUS.DONE)
    council = every_state[S.COUNCIL]
    Task.objects.filter(process_id=council.process_id, status__in=OPEN_STATUSES).update(flow_task=DossierFlow.decision)
    found = {d.dossier_id: d.problem for d in disagreements()}
    assert found == {
        waiting.pk: "cần đúng một việc đang mở, có 0",
        council.pk: "việc đang mở là «decision», trạng thái cần «council»",
    }


def test_finds_an_open_task_on_a_closed_dossier(every_state):
    decided = every_state[S.DECIDED]
    Task.objects.filter(process_id=decided.process_id, flow_task=DossierFlow.decision).update(status=STATUS.NEW)
    assert [(d.dossier_id, d.problem) for d in disagreements()] == [
        (decided.pk, "hồ sơ không chờ ai xử lý nhưng còn việc đang mở: decision")
    ]


def test_data_migration_gives_older_dossiers_their_process(world, every_state):
    """Dossiers as they were before work items (no process): the check names them; the migration fixes them."""
    before = {}
    for state, dossier in every_state.items():
        dossier.refresh_from_db()
        before[state] = dossier.due_on
        if dossier.process_id:
            process_id = dossier.process_id
            Dossier.objects.filter(pk=dossier.pk).update(process=None, due_on=None)
            Process.objects.filter(pk=process_id).delete()
    assert {d.problem for d in disagreements()} == {"chưa có quy trình xử lý"}
    assert len(disagreements()) == 7  # every waiting state; drafts and closed dossiers need none

    migration.forwards(apps, None)

    assert disagreements() == []
    in_review = Dossier.objects.get(pk=every_state[S.IN_REVIEW].pk)
    assert in_review.due_on == before[S.IN_REVIEW]  # counted from today, as the engine did
    assert Task.objects.get(process_id=in_review.process_id, status=STATUS.ASSIGNED).owner_id == world.canbovhxh.pk
    assert Dossier.objects.get(pk=every_state[S.DRAFT].pk).process_id is None
    assert Process.objects.get(pk=Dossier.objects.get(pk=every_state[S.DECIDED].pk).process_id).status == "DONE"
