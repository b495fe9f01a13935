"""The FSM state is the legal truth; the open task must agree with it (DESIGN §7). `check_workflow` runs this.

A dossier agrees when: a waiting state has exactly one open task, of the step that state waits on, held by
the assignee on personal steps (review, posting) once there is one and by nobody otherwise; a draft or a
closed dossier has no open task. Two queries, whatever the number of dossiers.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from dossiers.models import Dossier, DossierState
from workflow import workitems


@dataclass(frozen=True)
class Disagreement:
    dossier_id: int
    state: str
    problem: str

    def __str__(self):
        return _("Hồ sơ #%(pk)s (%(state)s): %(problem)s") % {
            "pk": self.dossier_id, "state": DossierState(self.state).label, "problem": self.problem,
        }


def _task_name(task) -> str:
    return task.flow_task.name if task.flow_task is not None else "?"


def disagreements() -> list[Disagreement]:
    rows = list(Dossier.objects.order_by("pk").values_list("pk", "state", "assignee_id", "process_id"))
    open_tasks = defaultdict(list)
    for task in workitems.Task.objects.filter(
        status__in=workitems.OPEN_STATUSES, process__dossier__isnull=False
    ).only("process_id", "flow_task", "owner_id", "status"):
        open_tasks[task.process_id].append(task)
    found = []
    for pk, state, assignee_id, process_id in rows:
        step = workitems.step_of(state)
        tasks = open_tasks.get(process_id, []) if process_id else []

        def problem(text, pk=pk, state=state):
            found.append(Disagreement(pk, state, text))

        if step is None:
            if tasks:
                problem(_("hồ sơ không chờ ai xử lý nhưng còn việc đang mở: %(tasks)s")
                        % {"tasks": ", ".join(_task_name(t) for t in tasks)})
            continue
        if process_id is None:
            problem(_("chưa có quy trình xử lý"))
            continue
        if len(tasks) != 1:
            problem(_("cần đúng một việc đang mở, có %(count)d") % {"count": len(tasks)})
            continue
        task = tasks[0]
        if task.flow_task is not step:
            problem(_("việc đang mở là «%(task)s», trạng thái cần «%(step)s»")
                    % {"task": _task_name(task), "step": step.name})
            continue
        owner = assignee_id if step in workitems.PERSONAL_STEPS else None
        if task.owner_id != owner:
            problem(_("người giữ việc (#%(task)s) khác người thụ lý (#%(owner)s)")
                    % {"task": task.owner_id, "owner": owner})
    return found
