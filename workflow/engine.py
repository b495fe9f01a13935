"""The one write path of dossier state (DESIGN §5): `perform` and `available_actions`."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition

from dossiers.models import Attachment, Dossier, DossierState, Nomination, Outcome
from workflow import audit, authority, guards
from workflow.models import AuditEvent
from workflow.actions import COMMUNE, SPECS, Action, ActionSpec
from workflow.exceptions import ActionNotAllowed, Conflict, GuardFailed

__all__ = [
    "SYSTEM",
    "Action",
    "ActionNotAllowed",
    "AvailableAction",
    "Conflict",
    "GuardFailed",
    "authorize",
    "available_actions",
    "perform",
]


class _System:
    """The actor of system actions (closing a vote, signing, revoking), caused by another record."""

    pk = None
    is_active = True

    def __repr__(self):
        return "SYSTEM"


SYSTEM = _System()


@dataclass(frozen=True)
class Grant:
    role: str
    on_behalf_of: object = None


@dataclass(frozen=True)
class AvailableAction:
    action: str
    label: str
    needs_reason: bool
    blocked_reasons: list = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        return bool(self.blocked_reasons)


def _locked(dossier_id: int) -> Dossier:
    attachments = Attachment.objects.select_related("superseded_by")
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("campaign")
        .prefetch_related(
            Prefetch("nominations", queryset=Nomination.objects.select_related("award_type", "person")),
            Prefetch("attachments", queryset=attachments),
            "complaints",
            "campaign__award_types",
        )
        .get(pk=dossier_id)
    )


def _has_worked_on_as_unit(dossier: Dossier, actor) -> bool:
    if dossier.created_by_id == actor.pk:
        return True
    return AuditEvent.objects.filter(
        stream=dossier.audit_stream, action=Action.SUBMIT, actor_id=actor.pk
    ).exists()


def _grant(spec: ActionSpec, dossier: Dossier, actor, power: authority.Authority) -> Grant:
    """Find the right by which `actor` may take `spec` on `dossier` now, or raise ActionNotAllowed."""
    if spec.system:
        if actor is SYSTEM:
            return Grant(role="system")
        raise ActionNotAllowed(_("Thao tác này do hệ thống tự thực hiện, không thực hiện trực tiếp được."))
    if actor is SYSTEM:
        raise ActionNotAllowed()
    refusal = None
    for right in spec.rights:
        if right.states is not None and dossier.state not in right.states:
            continue
        organization_id = dossier.commune_id if right.scope == COMMUNE else dossier.unit_id
        grant = None
        if power.has(organization_id, right.permission):
            grant = Grant(role=power.role_for(organization_id, right.permission))
        else:
            delegation = power.delegation_for(organization_id, right.permission)
            if delegation is not None:
                grant = Grant(role=f"delegate:{delegation.signing_mode}", on_behalf_of=delegation.principal)
        if grant is None:
            continue
        if right.assignee_only and dossier.assignee_id != actor.pk:
            refusal = _("Chỉ cán bộ đang thụ lý hồ sơ mới được thực hiện thao tác này.")
            continue
        if right.reviews and _has_worked_on_as_unit(dossier, actor):
            refusal = _("Người đã lập hoặc trình hồ sơ không được thẩm định, xử lý chính hồ sơ đó.")
            continue
        return grant
    raise ActionNotAllowed(*([refusal] if refusal else []))


def _may_ever(spec: ActionSpec, dossier: Dossier, power: authority.Authority) -> bool:
    for right in spec.rights:
        organization_id = dossier.commune_id if right.scope == COMMUNE else dossier.unit_id
        if power.has(organization_id, right.permission) or power.delegation_for(organization_id, right.permission):
            return True
    return False


def _wrong_state(spec: ActionSpec, dossier: Dossier) -> GuardFailed:
    return GuardFailed(
        _("Không thể «%(action)s» khi hồ sơ đang ở trạng thái «%(state)s».")
        % {"action": Action(spec.action).label, "state": DossierState(dossier.state).label}
    )


def _separation_of_duties_at_decision(dossier: Dossier, data: dict) -> list[str]:
    """Nobody signs an award to themselves; a reviewer of the dossier does not sign it (DESIGN §4)."""
    signer = data.get("signer")
    if signer is None:
        return [_("Thiếu người ký quyết định.")]
    reasons = []
    awarded = {str(x) for x in data.get("awarded") or []}
    for nomination in dossier.nominations.all():
        if str(nomination.pk) in awarded and nomination.person_id and nomination.person.user_id == signer.pk:
            reasons.append(_("Người ký không được ký quyết định khen thưởng cho chính mình."))
    reviewed = AuditEvent.objects.filter(
        stream=dossier.audit_stream, action=Action.TAKE, actor_id=signer.pk
    ).exists()
    if reviewed:
        reasons.append(_("Người đã thẩm định hồ sơ không được ký quyết định khen thưởng hồ sơ đó."))
    return reasons


def _apply(action: str, dossier: Dossier, actor, data: dict, today) -> dict:
    """Run the transition and its writes; return what the audit event records beyond the states."""
    record: dict = {}
    if data.get("reason"):
        record["reason"] = str(data["reason"]).strip()
    nominations = list(dossier.nominations.all())
    changed: dict[int, str] = {}

    def set_outcome(nomination, outcome, reason=""):
        nomination.outcome = outcome
        if reason:
            nomination.outcome_reason = reason
        nomination.save(update_fields=["outcome", "outcome_reason"])
        changed[nomination.pk] = outcome

    if action == Action.SUBMIT:
        dossier.submit()
        dossier.submitted_at = timezone.now()
        dossier.rules_as_of = dossier.rules_as_of or today
        dossier.assignee = None
    elif action == Action.WITHDRAW:
        dossier.withdraw()
        dossier.assignee = None
    elif action == Action.TAKE:
        dossier.take()
        dossier.assignee = actor
    elif action == Action.RETURN_FOR_REVISION:
        dossier.return_for_revision()
        dossier.return_count += 1
        record["return_count"] = dossier.return_count
    elif action == Action.POST_PUBLICLY:
        dossier.post_publicly()
        days = max(n.award_type.posting_days for n in guards.open_nominations(dossier))
        dossier.posting_starts_on = today
        dossier.posting_ends_on = today + timedelta(days=days)
        record["posting"] = [today.isoformat(), dossier.posting_ends_on.isoformat()]
    elif action in (Action.FORWARD_TO_COUNCIL, Action.FORWARD_TO_CHAIR):
        getattr(dossier, action)()
        for nomination in nominations:
            if nomination.outcome == Outcome.PROPOSED:
                set_outcome(nomination, Outcome.ELIGIBLE)
    elif action == Action.ASSESS_NOMINATION:
        dossier.assess_nomination()
        nomination = next(n for n in nominations if n.pk == int(data["nomination"]))
        eligible = bool(data.get("eligible"))
        set_outcome(nomination, Outcome.ELIGIBLE if eligible else Outcome.INELIGIBLE, str(data.get("reason", "")).strip())
    elif action == Action.CLOSE_VOTE:
        results = {str(k): v for k, v in data["results"].items()}
        for nomination in nominations:
            if str(nomination.pk) in results:
                set_outcome(nomination, results[str(nomination.pk)])
        passed = any(n.outcome == Outcome.PASSED for n in nominations)
        dossier.close_vote(DossierState.AWAITING_DECISION if passed else DossierState.REJECTED)
        record["session"] = data.get("session", "")
    elif action == Action.SEND_BACK:
        dossier.send_back()
    elif action == Action.REJECT:
        dossier.reject()
        for nomination in nominations:
            if nomination.outcome in (Outcome.PROPOSED, Outcome.ELIGIBLE, Outcome.PASSED):
                set_outcome(nomination, Outcome.NOT_AWARDED)
    elif action == Action.DECIDE:
        dossier.decide()
        awarded = {str(x) for x in data["awarded"]}
        for nomination in nominations:
            if str(nomination.pk) in awarded:
                set_outcome(nomination, Outcome.AWARDED)
            elif nomination.outcome in (Outcome.PROPOSED, Outcome.ELIGIBLE, Outcome.PASSED):
                set_outcome(nomination, Outcome.NOT_AWARDED)
        record.update(decision=str(data["decision"]), signer=data["signer"].get_username())
    elif action == Action.SUSPEND:
        dossier.state_before_suspension = dossier.state
        dossier.suspend()
        record["complaint"] = int(data["complaint"])
    elif action == Action.RESUME:
        dossier.resume(dossier.state_before_suspension)
        dossier.state_before_suspension = ""
    elif action == Action.REVOKE:
        revoked = {str(x) for x in data["nominations"]}
        for nomination in nominations:
            if str(nomination.pk) in revoked:
                set_outcome(nomination, Outcome.REVOKED, str(data["reason"]).strip())
        still_awarded = any(n.outcome == Outcome.AWARDED for n in nominations)
        dossier.revoke(DossierState.DECIDED if still_awarded else DossierState.REVOKED)
        record.update(decision=str(data["decision"]), legal_ground=str(data["legal_ground"]).strip())
    else:  # pragma: no cover - SPECS and this function name the same actions
        raise ValueError(action)
    if changed:
        record["nominations"] = {str(pk): outcome for pk, outcome in changed.items()}
    return record


def perform(dossier: Dossier, action: str, actor, **data):
    """Take `action` on `dossier` as `actor`, atomically, and return the audit event.

    Pass `expected_version` (from the form the actor saw) to refuse a stale form with Conflict.
    """
    spec = SPECS.get(str(action))
    if spec is None:
        raise GuardFailed(_("Thao tác không hợp lệ."))
    action = spec.action
    today = timezone.localdate()
    try:
        with transaction.atomic():
            locked = _locked(dossier.pk)
            if locked.state != dossier.state or (
                data.get("expected_version") is not None and int(data["expected_version"]) != locked.version
            ):
                raise Conflict()
            power = authority.resolve(actor, [locked.unit_id, locked.commune_id], today) if actor is not SYSTEM else None
            if locked.state not in spec.sources:
                if actor is SYSTEM or spec.system or _may_ever(spec, locked, power):
                    raise _wrong_state(spec, locked)
                raise ActionNotAllowed()
            grant = _grant(spec, locked, actor, power)
            if action == Action.DECIDE:
                refusals = _separation_of_duties_at_decision(locked, data)
                if refusals:
                    raise ActionNotAllowed(*refusals)
            reasons = guards.preconditions(action, locked, today) + guards.data_problems(action, locked, data)
            if reasons:
                raise GuardFailed(*reasons)
            from_state = locked.state
            record = _apply(action, locked, None if actor is SYSTEM else actor, data, today)
            locked.version += 1
            locked.save()
            event = audit.append(
                stream=locked.audit_stream,
                action=action,
                actor=None if actor is SYSTEM else actor,
                role=grant.role,
                on_behalf_of=grant.on_behalf_of,
                object_type="dossier",
                object_id=locked.pk,
                from_state=from_state,
                to_state=locked.state,
                data=record,
            )
    except ConcurrentTransition as exc:
        raise Conflict() from exc
    if dossier is not locked:
        dossier.refresh_from_db()
    return event


def authorize(dossier: Dossier, actor, permission: str, scope: str = "unit", *, editable_states=None):
    """Require `actor` to hold `permission` on the dossier's unit or commune (edits, uploads)."""
    power = authority.resolve(actor, [dossier.unit_id, dossier.commune_id], timezone.localdate())
    organization_id = dossier.commune_id if scope == COMMUNE else dossier.unit_id
    if not power.has(organization_id, permission):
        raise ActionNotAllowed()
    if editable_states is not None and dossier.state not in editable_states:
        raise GuardFailed(
            _("Hồ sơ đang ở trạng thái «%(state)s», không thể chỉnh sửa.") % {"state": DossierState(dossier.state).label}
        )
    return power.role_for(organization_id, permission)


def available_actions(dossier: Dossier, actor) -> list[AvailableAction]:
    """What `actor` may do on `dossier` now; blocked ones carry the reasons the UI shows."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return []
    today = timezone.localdate()
    power = authority.resolve(actor, [dossier.unit_id, dossier.commune_id], today)
    result = []
    for spec in SPECS.values():
        if spec.system or dossier.state not in spec.sources or spec.action == Action.ASSESS_NOMINATION:
            continue
        try:
            _grant(spec, dossier, actor, power)
        except ActionNotAllowed:
            continue
        result.append(
            AvailableAction(
                action=spec.action,
                label=Action(spec.action).label,
                needs_reason=spec.needs_reason,
                blocked_reasons=guards.preconditions(spec.action, dossier, today),
            )
        )
    return result


def can_assess(dossier: Dossier, actor) -> bool:
    """Whether `actor` may mark nominations eligible or ineligible now."""
    spec = SPECS[Action.ASSESS_NOMINATION]
    if dossier.state not in spec.sources or actor is None or not getattr(actor, "is_authenticated", False):
        return False
    power = authority.resolve(actor, [dossier.unit_id, dossier.commune_id], timezone.localdate())
    try:
        _grant(spec, dossier, actor, power)
    except ActionNotAllowed:
        return False
    return True
