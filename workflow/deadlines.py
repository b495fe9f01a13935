"""Reminders before a step's due date and escalations after it (DESIGN §11), run by `manage.py check_deadlines`.

For each dossier whose open task has a due date:
- from DEADLINE_REMINDER_WORKING_DAYS working days before the due date until the day itself, the people who hold
  the step are reminded once;
- the first day after it, the head of the office is told it is late;
- DEADLINE_ESCALATE_TO_CHAIR_AFTER working days after it, the Chair is told.

Each notice is recorded (DeadlineNotice, unique per task and kind) in the transaction that notifies and audits
it, so running the command twice, or twice at once, sends nothing twice. A new step is a new task, with
notices of its own.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _

from dossiers.models import Dossier, DossierState
from dossiers.templatetags.vinhdanh import ngay
from roles.catalog import CATALOG
from roles.models import Role
from workflow import audit, calendar, workitems
from workflow.announce import next_actors
from workflow.models import DeadlineNotice, DeadlineNoticeKind
from workflow.notifications import notify, site_language

Kind = DeadlineNoticeKind


@dataclass
class Report:
    sent: dict = field(default_factory=lambda: {kind.value: 0 for kind in Kind})
    skipped: int = 0


def _role_holders(organization_id: int, role: str, day) -> list:
    """Active holders of a whole role (its every permission) on the organisation."""
    people = None
    for permission in CATALOG[role].permissions:
        ids = {user.pk for user in workitems.holders(organization_id, permission, day)}
        people = ids if people is None else people & ids
    return sorted(people or [])


def _due_notices(dossier: Dossier, today) -> list[str]:
    due = dossier.due_on
    if today <= due:
        left = calendar.working_days_between(today, due, commune=dossier.commune_id)
        return [Kind.REMINDER] if left <= settings.DEADLINE_REMINDER_WORKING_DAYS else []
    late = calendar.working_days_between(due, today, commune=dossier.commune_id)
    kinds = [Kind.ESCALATED_TO_OFFICE_HEAD]
    if late >= settings.DEADLINE_ESCALATE_TO_CHAIR_AFTER:
        kinds.append(Kind.ESCALATED_TO_CHAIR)
    return kinds


def _recipients(dossier: Dossier, kind: str, today) -> list:
    if kind == Kind.REMINDER:
        return next_actors(dossier, today)
    if kind == Kind.ESCALATED_TO_OFFICE_HEAD:
        return _role_holders(dossier.commune_id, Role.OFFICE_HEAD, today)
    return _role_holders(dossier.commune_id, Role.CHAIR, today)


@site_language()
def _message(dossier: Dossier, kind: str, today) -> tuple[str, str]:
    step = DossierState(dossier.state).label
    if kind == Kind.REMINDER:
        subject = _("Sắp đến hạn: %(title)s") % {"title": dossier.title}
        body = _("Hồ sơ «%(title)s» (bước «%(step)s») đến hạn xử lý %(due)s.")
    else:
        subject = _("Quá hạn xử lý: %(title)s") % {"title": dossier.title}
        body = _("Hồ sơ «%(title)s» (bước «%(step)s») đã quá hạn xử lý %(due)s.")
    return subject, body % {"title": dossier.title, "step": str(step), "due": ngay(dossier.due_on)}


def _send(dossier: Dossier, task_id: int, kind: str, today) -> bool:
    """Record, notify and audit one notice in one transaction; False if it was already sent."""
    try:
        with transaction.atomic():
            if DeadlineNotice.objects.filter(task_id=task_id, kind=kind).exists():
                return False
            people = _recipients(dossier, kind, today)
            notice = DeadlineNotice.objects.create(
                task_id=task_id, dossier=dossier, kind=kind, due_on=dossier.due_on, sent_on=today,
                recipients=sorted({getattr(p, "pk", p) for p in people}),
            )
            event = audit.append(
                stream=dossier.audit_stream,
                action="deadline_reminder" if kind == Kind.REMINDER else "deadline_escalated",
                actor=None,
                role="system",
                object_type="dossier",
                object_id=dossier.pk,
                from_state=dossier.state,
                to_state=dossier.state,
                data={"task": task_id, "kind": kind, "due_on": dossier.due_on, "recipients": notice.recipients},
            )
            subject, body = _message(dossier, kind, today)
            notify(people, subject, body, url=reverse("dossier_detail", kwargs={"pk": dossier.pk}), event=event)
    except IntegrityError:
        return False  # another run recorded it at the same moment
    return True


def check(today) -> Report:
    """Send the reminders and escalations due on `today`; what was sent before is not sent again."""
    report = Report()
    open_task = workitems.Task.objects.filter(
        process_id=OuterRef("process_id"), status__in=workitems.OPEN_STATUSES
    ).values("pk")[:1]
    dossiers = (
        Dossier.objects.filter(due_on__isnull=False, process__isnull=False)
        .annotate(open_task_id=Subquery(open_task))
        .filter(open_task_id__isnull=False)
        .order_by("due_on", "pk")
    )
    for dossier in dossiers.iterator():
        for kind in _due_notices(dossier, today):
            if _send(dossier, dossier.open_task_id, kind, today):
                report.sent[kind] += 1
            else:
                report.skipped += 1
    return report
