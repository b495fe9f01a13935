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
from workflow.notifications import notify, site_language

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
    step = workitems.step_of(dossier.state)
    if step is None:
        if dossier.state in _OUTCOMES:
            return workitems.holders(dossier.unit_id, Perm.PROPOSE_FOR_UNIT, day)
        return []
    if step in workitems.PERSONAL_STEPS and dossier.assignee_id:
        return [dossier.assignee_id]
    permission, _scope = workitems.STEP_PERMISSION[step]
    organization_id = workitems.organization_of(dossier, step)
    people = workitems.holders(organization_id, permission, day)
    if permission == Perm.DECIDE_FOR_COMMUNE:
        people += _delegates(organization_id, permission, day)
    return people


def announce(dossier: Dossier, action: str, from_state: str, from_assignee_id, actor, event, day) -> None:
    with site_language():
        _announce(dossier, action, from_state, from_assignee_id, actor, event, day)


def _announce(dossier: Dossier, action: str, from_state: str, from_assignee_id, actor, event, day) -> None:
    if dossier.state == from_state and dossier.assignee_id == from_assignee_id:
        return  # an in-state act (assessing a nominee): nobody new has anything to do
    actor_id = getattr(actor, "pk", None)
    people = [p for p in next_actors(dossier, day) if getattr(p, "pk", p) != actor_id]
    if not people:
        return
    state = DossierState(dossier.state).label
    subject = _("%(state)s: %(title)s") % {"state": state, "title": dossier.title}
    lines = [
        _("Hồ sơ «%(title)s» vừa chuyển sang bước «%(state)s».") % {"title": dossier.title, "state": state},
    ]
    if dossier.due_on:
        lines.append(_("Hạn xử lý: %(due)s.") % {"due": ngay(dossier.due_on)})
    notify(people, subject, "\n".join(lines), url=reverse("dossier_detail", kwargs={"pk": dossier.pk}), event=event)
