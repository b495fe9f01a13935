"""Tell the people who must act next (DESIGN §11): after every step change, through `workflow.notifications`.

Called by `workflow.engine.perform` inside its transaction, after the audit event: the inbox rows commit with
the change and the e-mails leave after the commit, so a rolled-back action tells nobody anything.
"""

from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext as _

from dossiers.models import Dossier, DossierState
from dossiers.templatetags.vinhdanh import ngay
from roles.catalog import Perm
from roles.models import Delegation
from workflow import statements, workitems
from workflow.notifications import notify, notify_holders, site_language

S = DossierState

# Closed dossiers: the unit that proposed learns the outcome.
_OUTCOMES = {S.DECIDED, S.REJECTED, S.REVOKED}


def _delegates(organization_id: int, permission: str, day) -> list[int]:
    """Delegates in force on `day` for `permission` on the organisation.

    Hand-written, like workitems.holders, because every arrival at the Chair runs it. The permission list
    is JSON: filtered here, as SQLite has no JSON containment lookup.
    """
    meta, quote = Delegation._meta, connection.ops.quote_name

    def column(name):
        return quote(meta.get_field(name).column)

    sql = (
        f"SELECT {column('delegate')}, {column('permissions')} FROM {quote(meta.db_table)} "
        f"WHERE {column('organization')} = %s AND {column('valid_from')} <= %s AND {column('valid_to')} >= %s "
        f"AND ({column('revoked_on')} IS NULL OR {column('revoked_on')} > %s)"
    )
    day = connection.ops.adapt_datefield_value(day)
    field = meta.get_field("permissions")
    with connection.cursor() as cursor:
        statements.execute(cursor, sql, [organization_id, day, day, day])
        found = cursor.fetchall()
    return [delegate for delegate, permissions in found if permission in _json(field, permissions)]


def _json(field, value) -> list:
    # PostgreSQL hands jsonb over as text to Django's connection; SQLite stores text: the field decodes both.
    return field.from_db_value(value, None, connection) if isinstance(value, str) else value


def next_actors(dossier: Dossier, day) -> list:
    """The users who must act on the dossier's open step now (ids or users)."""
    return _people(*_next_actors(dossier, day), day)


def _people(holding: tuple[int, str] | None, others: list, day) -> list:
    return (workitems.holders(*holding, day) if holding else []) + others


def _next_actors(dossier: Dossier, day) -> tuple[tuple[int, str] | None, list]:
    """The (organisation, permission) whose holders act next, if any, and the other people who do."""
    step = workitems.step_of(dossier.state)
    if step is None:
        if dossier.state in _OUTCOMES:
            return (dossier.unit_id, Perm.PROPOSE_FOR_UNIT), []
        return None, []
    if step in workitems.PERSONAL_STEPS and dossier.assignee_id:
        return None, [dossier.assignee_id]
    permission, _scope = workitems.STEP_PERMISSION[step]
    organization_id = workitems.organization_of(dossier, step)
    others = _delegates(organization_id, permission, day) if permission == Perm.DECIDE_FOR_COMMUNE else []
    return (organization_id, permission), others


def announce(dossier: Dossier, action: str, from_state: str, from_assignee_id, actor, event, day) -> None:
    with site_language():
        _announce(dossier, action, from_state, from_assignee_id, actor, event, day)


def _announce(dossier: Dossier, action: str, from_state: str, from_assignee_id, actor, event, day) -> None:
    if dossier.state == from_state and dossier.assignee_id == from_assignee_id:
        return  # an in-state act (assessing a nominee): nobody new has anything to do
    actor_id = getattr(actor, "pk", None)
    holding, others = _next_actors(dossier, day)
    if holding and not others and connection.vendor == "postgresql":
        # Find them and write their inbox rows in one statement (bench/transitions.py).
        notify_holders(workitems.holders_query(*holding, day), *_message(dossier), event=event, excluding=actor_id)
        return
    people = [p for p in _people(holding, others, day) if getattr(p, "pk", p) != actor_id]
    if people:
        notify(people, *_message(dossier), event=event)


def _message(dossier: Dossier) -> tuple[str, str, str]:
    """Subject, body and link of the notice that the dossier reached its current step."""
    state = DossierState(dossier.state).label
    subject = _("%(state)s: %(title)s") % {"state": state, "title": dossier.title}
    lines = [
        _("Hồ sơ «%(title)s» vừa chuyển sang bước «%(state)s».") % {"title": dossier.title, "state": state},
    ]
    if dossier.due_on:
        lines.append(_("Hạn xử lý: %(due)s.") % {"due": ngay(dossier.due_on)})
    return subject, "\n".join(lines), reverse("dossier_detail", kwargs={"pk": dossier.pk})
