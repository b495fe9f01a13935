"""Forward many dossiers to the council at once, each onto a session's agenda (DESIGN §4 forward_to_council, §8).

Each dossier goes in its own transaction: the engine's `forward_to_council` and, with a session, the
agenda service. A refusal rolls back that dossier only (state, agenda and audit unchanged) and is
reported with its Vietnamese reasons; the others go on. A dossier someone acted on since the page was
drawn (its version moved) is refused as stale, never forwarded on a picture the actor did not see.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from council.models import CouncilSession, SessionState
from council.services.common import require, require_state
from council.services.sessions import NOT_SECRETARY, agenda_add
from dossiers.models import Dossier, DossierState
from roles.catalog import Perm
from workflow import engine
from workflow.actions import Action
from workflow.exceptions import Conflict, WorkflowError


@dataclass(frozen=True)
class Forwarded:
    """The outcome for one chosen dossier: done, or refused with its reasons."""

    dossier_id: int
    title: str
    done: bool
    reasons: list = field(default_factory=list)


def _stale(dossier_id: int) -> list[str]:
    state = Dossier.objects.filter(pk=dossier_id).values_list("state", flat=True).first()
    reasons = [_("Đã có người thao tác trên hồ sơ này sau khi bạn mở trang.")]
    if state:
        reasons.append(_("Trạng thái hiện tại: «%(state)s».") % {"state": DossierState(state).label})
    return reasons


def _forward_one(*, actor, dossier: Dossier, version: int, session: CouncilSession | None) -> Forwarded:
    try:
        with transaction.atomic():
            engine.perform(dossier, Action.FORWARD_TO_COUNCIL, actor, expected_version=version)
            if session is not None:
                agenda_add(session=session, actor=actor, dossier=dossier)
    except Conflict:
        return Forwarded(dossier.pk, dossier.title, False, _stale(dossier.pk))
    except WorkflowError as exc:
        return Forwarded(dossier.pk, dossier.title, False, list(exc.reasons))
    return Forwarded(dossier.pk, dossier.title, True)


def dossiers_forward(*, actor, chosen: list[tuple[Dossier, int]], session: CouncilSession | None) -> list[Forwarded]:
    """Forward each (dossier, version seen) to the council, onto `session`'s agenda if given; one result each."""
    if session is not None:
        # Refuse the whole batch up front when the session itself cannot take it: the same reason N times
        # would say less, and no dossier should move to the council for a session it cannot join.
        fresh = CouncilSession.objects.get(pk=session.pk)
        require(actor, fresh.commune_id, Perm.MANAGE_COUNCIL, NOT_SECRETARY)
        require_state(fresh, SessionState.DRAFT)
    return [_forward_one(actor=actor, dossier=dossier, version=version, session=session) for dossier, version in chosen]
