"""Work items (DESIGN §7, §11): the viewflow tasks that mirror a dossier's waiting states, and their due dates.

`follow` is called by `workflow.engine.perform` only, after the FSM transition and before the dossier row is
saved, in the same transaction: it opens, claims, completes or cancels the dossier's task so that each
waiting state has exactly one open task (STEP_OF_STATE) and a closed dossier has none. A claim is one UPDATE
of the open task; a new step is an UPDATE closing the old task, one read of the commune's calendar
exceptions for the due date and an INSERT of the new task. The due date is copied onto the dossier
(`due_on`), so lists show it without reading tasks; the task's own times (created, assigned, finished) date
each step.

Due dates in working days (workflow.calendar): office review counts from the submission of a complete
dossier, the Chair's decision from the day it reaches the Chair. Precedence of the number of days: the
campaign's setting, else the longest among the dossier's award types, else the settings default
(REVIEW_WORKING_DAYS 20, DECISION_WORKING_DAYS 10). A posting step is due when its window ends. Suspension
stops the clock: the working days left are kept on the suspension task and given back on resume.
"""

import functools

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Max
from django.utils import timezone
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import PROCESS, STATUS
from viewflow.workflow.token import Token

from dossiers.models import Dossier, DossierState, Nomination
from roles.catalog import CATALOG, Perm
from roles.models import Membership, Organization, OrganizationUserObjectPermission
from workflow import calendar, rows, statements, writes
from workflow.actions import Action
from workflow.flows import DossierFlow

S = DossierState
FLOW = DossierFlow

STEP_OF_STATE = {
    S.SUBMITTED: FLOW.review,
    S.IN_REVIEW: FLOW.review,
    S.RETURNED: FLOW.revision,
    S.POSTED: FLOW.posting,
    S.COUNCIL: FLOW.council,
    S.AWAITING_DECISION: FLOW.decision,
    S.SUSPENDED: FLOW.suspension,
}
# The order of the chart on the dossier page.
STEPS = [FLOW.review, FLOW.revision, FLOW.posting, FLOW.council, FLOW.decision]
OPEN_STATUSES = (STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED)

# Who acts on each step when nobody holds it personally: (permission, scope of the dossier).
STEP_PERMISSION = {
    FLOW.review: (Perm.REVIEW_FOR_COMMUNE, "commune"),
    FLOW.revision: (Perm.PROPOSE_FOR_UNIT, "unit"),
    FLOW.posting: (Perm.REVIEW_FOR_COMMUNE, "commune"),
    FLOW.council: (Perm.MANAGE_COUNCIL, "commune"),
    FLOW.decision: (Perm.DECIDE_FOR_COMMUNE, "commune"),
    FLOW.suspension: (Perm.REVIEW_FOR_COMMUNE, "commune"),
}
# Steps a person holds once the dossier has an assignee.
PERSONAL_STEPS = (FLOW.review, FLOW.posting)


def step_of(state: str):
    return STEP_OF_STATE.get(state)


def expected_owner_id(dossier: Dossier):
    """Who should hold the open task of `dossier` now (None: a group task)."""
    step = step_of(dossier.state)
    return dossier.assignee_id if step in PERSONAL_STEPS else None


def organization_of(dossier: Dossier, step) -> int:
    _, scope = STEP_PERMISSION[step]
    return dossier.unit_id if scope == "unit" else dossier.commune_id


# Due dates ------------------------------------------------------------------------------------------------


def working_days_for(dossier: Dossier, setting: str) -> int:
    """The working days a step has: campaign, else the longest of the award types, else the default."""
    value = getattr(dossier.campaign, setting)
    if value is not None:
        return value
    prefetched = getattr(dossier, "_prefetched_objects_cache", {}).get("nominations")
    if prefetched is not None:  # the engine loaded them with their award types for this action's guards
        values = [getattr(n.award_type, setting) for n in prefetched]
        longest = max((v for v in values if v is not None), default=None)
    else:
        longest = Nomination.objects.filter(dossier_id=dossier.pk).aggregate(days=Max(f"award_type__{setting}"))[
            "days"
        ]
    if longest is not None:
        return longest
    return {"review_working_days": settings.REVIEW_WORKING_DAYS,
            "decision_working_days": settings.DECISION_WORKING_DAYS}[setting]


def due_date(dossier: Dossier, step, today):
    # The engine's locking read may have brought the commune's calendar along (workflow.engine._locked).
    known = getattr(dossier, "_calendar", None)
    if step is FLOW.review:
        return calendar.add_working_days(today, working_days_for(dossier, "review_working_days"),
                                         commune=dossier.commune_id, known=known)
    if step is FLOW.decision:
        return calendar.add_working_days(today, working_days_for(dossier, "decision_working_days"),
                                         commune=dossier.commune_id, known=known)
    if step is FLOW.posting:
        return dossier.posting_ends_on
    return None


# Following the engine -------------------------------------------------------------------------------------


def _content_type_id(model) -> int:
    return ContentType.objects.get_for_model(model).pk  # cached by Django after the first call


def _new_task(dossier: Dossier, step, now, **fields) -> Task:
    permission, _scope = STEP_PERMISSION.get(step, (None, None))
    owner_id = expected_owner_id(dossier) if step is not None and step in PERSONAL_STEPS else None
    task = Task(
        process_id=dossier.process_id,
        flow_task=step,
        flow_task_type=step.task_type,
        token=Token("start"),
        created=now,
        owner_id=owner_id,
        status=STATUS.ASSIGNED if owner_id else STATUS.NEW,
        assigned=now if owner_id else None,
        **fields,
    )
    if permission:
        # Informative for viewflow's own pages; queues are built from roles and scope (STACK.md trap).
        task.owner_permission = f"roles.{permission}"
        task.owner_permission_content_type_id = _content_type_id(Organization)
        task.owner_permission_obj_pk = str(organization_of(dossier, step))
    return task


def _start(dossier: Dossier, now) -> list[Task]:
    """Make the dossier's process at its first submission; return its done start task."""
    process = Process.objects.create(
        flow_class=FLOW,
        status=PROCESS.NEW,
        created=now,
        artifact_content_type_id=_content_type_id(Dossier),
        artifact_object_id=dossier.pk,
    )
    dossier.process_id = process.pk
    return [Task(process_id=process.pk, flow_task=FLOW.start, flow_task_type=FLOW.start.task_type,
                 token=Token("start"), created=now, finished=now, status=STATUS.DONE)]


def _remaining_days(dossier: Dossier, today) -> int | None:
    if dossier.due_on is None:
        return None
    return calendar.working_days_between(today, dossier.due_on, commune=dossier.commune_id)


def follow(dossier: Dossier, action: str, from_state: str, from_assignee_id, today) -> list[writes.Statement]:
    """Bring the dossier's task in line with the transition just made (inside perform's transaction).

    Returns the task writes, for perform to send with the audit event (the process of a first submission is
    made here, as its id goes on the dossier).
    """
    before, after = step_of(from_state), step_of(dossier.state)
    if dossier.process_id is None and after is None:
        return []
    now = timezone.now()
    open_tasks = {"process": dossier.process_id, "status": OPEN_STATUSES}
    if before is after and from_state != S.SUSPENDED and dossier.process_id is not None:
        # The same step goes on: claimed, reassigned, released, or an in-state act.
        if dossier.assignee_id == from_assignee_id:
            return []
        owner_id = expected_owner_id(dossier)
        values = {"owner": owner_id, "status": STATUS.ASSIGNED if owner_id else STATUS.NEW,
                  "assigned": now if owner_id else None}
        return [writes.update(Task, values, **open_tasks)]
    pending = _start(dossier, now) if dossier.process_id is None else []
    statements, data, resume_days = [], {}, None
    if dossier.process_id is not None and not pending:
        if after is FLOW.suspension:
            remaining = _remaining_days(dossier, today)
            if remaining is not None:
                data["resume_days"] = remaining
        closing = STATUS.CANCELED if action in (Action.WITHDRAW, Action.SUSPEND) else STATUS.DONE
        if from_state == S.SUSPENDED and action == Action.RESUME:
            resume_days = _resume_days(dossier)
        statements.append(writes.update(Task, {"status": closing, "finished": now}, **open_tasks))
    if after is None:
        ended = PROCESS.CANCELED if action == Action.WITHDRAW else PROCESS.DONE
        statements.append(writes.update(Process, {"status": ended, "finished": now}, id=dossier.process_id))
        dossier.due_on = None
        return statements
    if from_state == S.SUSPENDED and action == Action.RESUME and resume_days is not None and after in (
        FLOW.review, FLOW.decision
    ):
        due = calendar.add_working_days(
            today, resume_days, commune=dossier.commune_id, known=getattr(dossier, "_calendar", None)
        )
    else:
        due = due_date(dossier, after, today)
    if due is not None:
        data["due_on"] = due.isoformat()
    pending.append(_new_task(dossier, after, now, data=data))
    dossier.due_on = due
    # In one PostgreSQL statement the close above cannot see these new rows (one snapshot), nor can it on
    # SQLite, where the statements run in this order.
    return [*statements, writes.insert(*pending)]


def _resume_days(dossier: Dossier) -> int | None:
    task = (
        Task.objects.filter(process_id=dossier.process_id, flow_task=FLOW.suspension, status__in=OPEN_STATUSES)
        .only("data")
        .first()
    )
    return (task.data or {}).get("resume_days") if task else None


# Who acts next --------------------------------------------------------------------------------------------


def holders(organization_id: int, permission: str, day) -> list:
    """Active users holding `permission` on the organisation on `day` (an active membership whose role carries
    it, and the guardian grant: workflow.authority's rule), ordered by id.

    Hand-written, like authority's query, because every step change runs it: the ORM's nested EXISTS take
    longer to build than the round trip itself (bench/transitions.py).
    """
    with connection.cursor() as cursor:
        statements.execute(cursor, *holders_query(organization_id, permission, day))
        return [rows.instance(get_user_model(), list(row)) for row in cursor.fetchall()]


def holders_query(organization_id: int, permission: str, day) -> tuple[str, list]:
    """`holders`' statement and parameters: every user column, in field order, ordered by id."""
    roles = _roles_carrying(permission)
    day = connection.ops.adapt_datefield_value(day)
    return _holders_sql(len(roles), connection.vendor), [True, organization_id, *roles, day, day, organization_id,
                                                         permission]


@functools.cache
def _roles_carrying(permission: str) -> tuple[str, ...]:
    return tuple(sorted(role for role, spec in CATALOG.items() if permission in spec.permissions))


@functools.cache
def _holders_sql(role_count: int, vendor: str) -> str:
    quote = connection.ops.quote_name
    user, membership = get_user_model()._meta, Membership._meta
    grant, perm = OrganizationUserObjectPermission._meta, Permission._meta

    def column(meta, name):
        return quote(meta.get_field(name).column)

    return (
        f"SELECT {rows.columns(get_user_model(), 'u')} FROM {quote(user.db_table)} u "
        f"WHERE u.{column(user, 'is_active')} = %s "
        f"AND EXISTS (SELECT 1 FROM {quote(membership.db_table)} m WHERE m.{column(membership, 'user')} = "
        f"u.{column(user, 'id')} AND m.{column(membership, 'organization')} = %s "
        f"AND m.{column(membership, 'role')} IN ({', '.join(['%s'] * role_count)}) "
        f"AND m.{column(membership, 'valid_from')} <= %s "
        f"AND (m.{column(membership, 'valid_to')} IS NULL OR m.{column(membership, 'valid_to')} >= %s)) "
        f"AND EXISTS (SELECT 1 FROM {quote(grant.db_table)} g INNER JOIN {quote(perm.db_table)} p "
        f"ON p.{column(perm, 'id')} = g.{column(grant, 'permission')} "
        f"WHERE g.{column(grant, 'user')} = u.{column(user, 'id')} AND g.{column(grant, 'content_object')} = %s "
        f"AND p.{column(perm, 'codename')} = %s) "
        f"ORDER BY u.{column(user, 'id')}"
    )


def open_task(dossier: Dossier) -> Task | None:
    if dossier.process_id is None:
        return None
    return Task.objects.filter(process_id=dossier.process_id, status__in=OPEN_STATUSES).select_related("owner").first()
