"""The one write path of dossier state (DESIGN §5): `perform` and `available_actions`."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.models import (
    ComplaintStatus,
    DocumentKind,
    Dossier,
    DossierState,
    Nomination,
    Outcome,
)
from roles.catalog import Perm
from workflow import announce, audit, authority, calendar, guards, rows, workitems, writes
from workflow.actions import COMMUNE, SPECS, Action, ActionSpec
from workflow.exceptions import ActionNotAllowed, Conflict, GuardFailed
from workflow.models import AuditEvent

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


# What each action reads of the dossier's relations (guards and `_apply`); the rest is not fetched.
# Reading a relation that is not listed still works (one lazy query): this map only saves round trips.
_NOMINATIONS, _ATTACHMENTS, _COMPLAINTS, _CAMPAIGN = "nominations", "attachments", "complaints", "campaign"
_OPEN_COMPLAINT, _SIGNER, _IN_CAMPAIGN = "open complaint", "nominees' accounts", "award types in the campaign"
_READS = {
    Action.SUBMIT: {_NOMINATIONS, _ATTACHMENTS, _CAMPAIGN, _IN_CAMPAIGN},
    Action.POST_PUBLICLY: {_NOMINATIONS},
    Action.FORWARD_TO_COUNCIL: {_NOMINATIONS, _OPEN_COMPLAINT},
    Action.FORWARD_TO_CHAIR: {_NOMINATIONS, _OPEN_COMPLAINT, _CAMPAIGN},
    Action.ASSESS_NOMINATION: {_NOMINATIONS},
    Action.CLOSE_VOTE: {_NOMINATIONS, _CAMPAIGN},
    Action.SEND_BACK: {_CAMPAIGN},
    Action.REJECT: {_NOMINATIONS},
    Action.DECIDE: {_NOMINATIONS, _SIGNER},
    Action.REVOKE: {_NOMINATIONS},
    Action.SUSPEND: {_COMPLAINTS, _OPEN_COMPLAINT},
    Action.RESUME: {_OPEN_COMPLAINT},
}


# Actions after which a step with a due date in working days may begin (workitems.due_date): their locking
# read brings the commune's calendar along on PostgreSQL. One missing here only costs its own read.
_SETS_DUE_DATE = {Action.SUBMIT, Action.SEND_BACK, Action.FORWARD_TO_CHAIR, Action.CLOSE_VOTE, Action.RESUME}


def _locked(dossier_id: int, spec: ActionSpec, actor, today) -> Dossier:
    """Lock the dossier row and load, in as few round trips as it takes, what `spec`'s checks read.

    Yes/no questions ride on the locking query as EXISTS columns, and on PostgreSQL the actor's grants and
    memberships as list columns (`_authority`); other lists come in one query each (workflow.rows).
    """
    reads = _READS.get(spec.action, ())
    flags = {}
    if actor is not SYSTEM and any(right.reviews for right in spec.rights):
        # Separation of duties: did this actor submit the dossier?
        flags["_actor_submitted"] = rows.event_exists(f"dossier:{dossier_id}", Action.SUBMIT, actor.pk)
    if _OPEN_COMPLAINT in reads:
        flags["_has_open_complaint"] = rows.complaint_exists(ComplaintStatus.OPEN)
    lists = dict((authority.dossier_lists(actor, today) if actor is not SYSTEM else None) or {})
    if connection.vendor == "postgresql" and spec.action in _SETS_DUE_DATE:
        lists["_calendar_days"] = calendar.dossier_list(today)
    # The stream head too: perform appends exactly one event, after everything else it writes.
    dossier = rows.lock_dossier(
        dossier_id, flags, with_campaign=_CAMPAIGN in reads, head_of=f"dossier:{dossier_id}", lists=lists
    )
    if "_calendar_days" in lists:
        dossier._calendar = calendar.known_from_list(today, dossier._calendar_days)
    if _NOMINATIONS in reads:
        rows.load_nominations(dossier, with_person=_SIGNER in reads, with_membership=_IN_CAMPAIGN in reads)
    if _ATTACHMENTS in reads:
        rows.load_attachments(dossier)
    if _COMPLAINTS in reads:
        prefetch_related_objects([dossier], _COMPLAINTS)
    return dossier


def _authority(locked: Dossier, actor, today) -> authority.Authority | None:
    if actor is SYSTEM:
        return None
    if hasattr(locked, "_grants"):  # read with the lock (authority.dossier_lists)
        return authority.from_dossier_lists(actor, today, locked)
    return authority.resolve(actor, [locked.unit_id, locked.commune_id], today)


def _has_worked_on_as_unit(dossier: Dossier, actor) -> bool:
    if dossier.created_by_id == actor.pk:
        return True
    submitted = getattr(dossier, "_actor_submitted", None)
    if submitted is not None:
        return submitted
    return AuditEvent.objects.filter(stream=dossier.audit_stream, action=Action.SUBMIT, actor_id=actor.pk).exists()


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
        if right.role is not None and not power.has_role(organization_id, right.role):
            continue
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
        if right.role is not None and not power.has_role(organization_id, right.role):
            continue
        if power.has(organization_id, right.permission) or power.delegation_for(organization_id, right.permission):
            return True
    return False


def _wrong_state(spec: ActionSpec, dossier: Dossier) -> GuardFailed:
    return GuardFailed(
        _("Không thể «%(action)s» khi hồ sơ đang ở trạng thái «%(state)s».")
        % {"action": Action(spec.action).label, "state": DossierState(dossier.state).label}
    )


def _signer_refusals(dossier: Dossier, data: dict, today):
    """The signer holds the Chair's right (own or delegated); nobody signs an award to themselves; a
    reviewer of the dossier does not sign it (DESIGN §4, §9). Return the refusals and the delegation used."""
    signer = data.get("signer")
    if signer is None or getattr(signer, "pk", None) is None:
        return [_("Thiếu người ký quyết định.")], None
    reasons = []
    delegation = None
    power = authority.resolve(signer, [dossier.commune_id], today)
    if not power.has(dossier.commune_id, Perm.DECIDE_FOR_COMMUNE):
        delegation = power.delegation_for(dossier.commune_id, Perm.DECIDE_FOR_COMMUNE)
        if delegation is None:
            reasons.append(_("Người ký không có thẩm quyền quyết định khen thưởng của xã."))
    awarded = {str(x) for x in data.get("awarded") or []}
    for nomination in dossier.nominations.all():
        if str(nomination.pk) in awarded and nomination.person_id and nomination.person.user_id == signer.pk:
            reasons.append(_("Người ký không được ký quyết định khen thưởng cho chính mình."))
    # Took it from the queue, or was given it by the office head: either way held the review task.
    reviewed = AuditEvent.objects.filter(stream=dossier.audit_stream, action=Action.TAKE, actor_id=signer.pk).exists()
    reviewed = reviewed or (
        dossier.process_id is not None
        and workitems.Task.objects.filter(
            process_id=dossier.process_id, flow_task=workitems.FLOW.review, owner_id=signer.pk
        ).exists()
    )
    if reviewed:
        reasons.append(_("Người đã thẩm định hồ sơ không được ký quyết định khen thưởng hồ sơ đó."))
    return reasons, delegation


def _assignee_refusals(dossier: Dossier, data: dict, today) -> list[str]:
    """The reviewer the office head gives a dossier to reviews for the commune, is not already on it, and did
    not create or submit it (separation of duties, DESIGN §4)."""
    assignee = data.get("assignee")
    if assignee is None or getattr(assignee, "pk", None) is None:
        return [_("Vui lòng chọn cán bộ thụ lý.")]
    if assignee.pk == dossier.assignee_id:
        return [_("Hồ sơ đang do chính cán bộ này thụ lý.")]
    power = authority.resolve(assignee, [dossier.commune_id], today)
    if not power.has(dossier.commune_id, Perm.REVIEW_FOR_COMMUNE):
        return [_("Người được giao không phải cán bộ thẩm định của xã.")]
    # Not _has_worked_on_as_unit: the flag loaded with the row answers for the actor, not for the assignee.
    submitted = AuditEvent.objects.filter(stream=dossier.audit_stream, action=Action.SUBMIT, actor_id=assignee.pk)
    if dossier.created_by_id == assignee.pk or submitted.exists():
        return [_("Người đã lập hoặc trình hồ sơ không được thẩm định, xử lý chính hồ sơ đó.")]
    return []


def _awardable(dossier: Dossier, nominations) -> bool:
    """Is a nominee still waiting for a decision: passed by the council, or eligible without a vote?"""
    return any(
        n.outcome == Outcome.PASSED or (n.outcome == Outcome.ELIGIBLE and not n.award_type.needs_vote(dossier.kind))
        for n in nominations
    )


def _apply(action: str, dossier: Dossier, actor, data: dict, today, signed_for=None):
    """Run the transition; return what the audit event records beyond the states, and the nominations' writes."""
    record: dict = {}
    if data.get("reason"):
        record["reason"] = str(data["reason"]).strip()
    # Only the actions that change outcomes read the nominations (prefetched for them by `_locked`).
    nominations = list(dossier.nominations.all()) if _NOMINATIONS in _READS.get(action, ()) else []
    changed: dict[int, Nomination] = {}

    def set_outcome(nomination, outcome, reason=""):
        nomination.outcome = outcome
        if reason:
            nomination.outcome_reason = reason
        changed[nomination.pk] = nomination

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
    elif action == Action.REASSIGN:
        record["from_assignee"] = dossier.assignee.get_username() if dossier.assignee_id else ""
        dossier.reassign(DossierState.POSTED if dossier.state == DossierState.POSTED else DossierState.IN_REVIEW)
        dossier.assignee = data["assignee"]
        record["assignee"] = dossier.assignee.get_username()
    elif action == Action.UNASSIGN:
        record["from_assignee"] = dossier.assignee.get_username() if dossier.assignee_id else ""
        dossier.unassign()
        dossier.assignee = None
    elif action == Action.RETURN_FOR_REVISION:
        dossier.return_for_revision()
        dossier.return_count += 1
        record["return_count"] = dossier.return_count
        asked = {str(kind) for kind in data.get("supplement") or []}
        if asked:  # what the unit must supplement, as document kinds, beside the reason in words
            record["supplement"] = [kind for kind in DocumentKind.values if kind in asked]
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
        # A new assessment replaces the old reason (an ineligible nominee found eligible loses it).
        nomination.outcome_reason = ""
        set_outcome(
            nomination, Outcome.ELIGIBLE if eligible else Outcome.INELIGIBLE, str(data.get("reason", "")).strip()
        )
    elif action == Action.CLOSE_VOTE:
        results = {str(k): v for k, v in data["results"].items()}
        for nomination in nominations:
            if str(nomination.pk) in results:
                set_outcome(nomination, results[str(nomination.pk)])
        # Rejected only when nothing is left to award: a nominee whose award needs no vote is still eligible.
        awardable = _awardable(dossier, nominations)
        dossier.close_vote(DossierState.AWAITING_DECISION if awardable else DossierState.REJECTED)
        record["session"] = data.get("session", "")
    elif action == Action.SEND_BACK:
        dossier.send_back()
    elif action == Action.REJECT:
        dossier.reject()
        for nomination in nominations:
            if nomination.outcome in (Outcome.PROPOSED, Outcome.ELIGIBLE, Outcome.PASSED):
                set_outcome(nomination, Outcome.NOT_AWARDED)
    elif action == Action.DECIDE:
        awarded = {str(x) for x in data["awarded"]}
        # A decision is for one award type (DESIGN §9): the dossier's nominees for other types keep waiting
        # for theirs. Without `award_types` the decision settles every nominee of the dossier.
        covered = {str(x) for x in data.get("award_types") or []}
        for nomination in nominations:
            if str(nomination.pk) in awarded:
                set_outcome(nomination, Outcome.AWARDED)
            elif nomination.outcome in (Outcome.PROPOSED, Outcome.ELIGIBLE, Outcome.PASSED) and (
                not covered or str(nomination.award_type_id) in covered
            ):
                set_outcome(nomination, Outcome.NOT_AWARDED)
        dossier.decide(DossierState.AWAITING_DECISION if _awardable(dossier, nominations) else DossierState.DECIDED)
        record.update(decision=str(data["decision"]), signer=data["signer"].get_username())
        if signed_for is not None:  # "KT. CHỦ TỊCH": signed under the Chair's delegation
            record.update(signing_mode=signed_for.signing_mode, on_behalf_of=signed_for.principal.get_username())
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
        record["nominations"] = {str(pk): n.outcome for pk, n in changed.items()}
    return record, _outcome_writes(changed.values())


def _outcome_writes(nominations) -> list[writes.Statement]:
    """One UPDATE per (outcome, reason) given, for `audit.append` to send with the event."""
    groups: dict[tuple[str, str], list[int]] = {}
    for nomination in nominations:
        groups.setdefault((nomination.outcome, nomination.outcome_reason), []).append(nomination.pk)
    return [
        writes.update(Nomination, {"outcome": outcome, "outcome_reason": reason}, id=tuple(pks))
        for (outcome, reason), pks in groups.items()
    ]


def perform(dossier: Dossier, action: str, actor, **data):
    """Take `action` on `dossier` as `actor`, atomically, and return the audit event.

    Pass `expected_version` (from the form the actor saw) to refuse a stale form with Conflict.
    """
    spec = SPECS.get(str(action))
    if spec is None:
        raise GuardFailed(_("Thao tác không hợp lệ."))
    action = spec.action
    today = timezone.localdate()
    with transaction.atomic():
        locked = _locked(dossier.pk, spec, actor, today)
        if locked.state != dossier.state or (
            data.get("expected_version") is not None and int(data["expected_version"]) != locked.version
        ):
            raise Conflict()
        power = _authority(locked, actor, today)
        if spec.system or actor is SYSTEM:
            # Rights first: a user asking for a system action (or the system for a user's) learns nothing
            # about the state of the dossier.
            grant = _grant(spec, locked, actor, power)
            if locked.state not in spec.sources:
                raise _wrong_state(spec, locked)
        else:
            if locked.state not in spec.sources:
                if _may_ever(spec, locked, power):
                    raise _wrong_state(spec, locked)
                raise ActionNotAllowed()
            grant = _grant(spec, locked, actor, power)
        signed_for = None
        if action == Action.DECIDE:
            refusals, signed_for = _signer_refusals(locked, data, today)
            if refusals:
                raise ActionNotAllowed(*refusals)
        if action == Action.REASSIGN:
            refusals = _assignee_refusals(locked, data, today)
            if refusals:
                raise GuardFailed(*refusals)
        # dict.fromkeys: one reason stated once, though a precondition and a data check may both find it.
        reasons = guards.preconditions(action, locked, today) + guards.data_problems(action, locked, data)
        reasons = list(dict.fromkeys(reasons))
        if reasons:
            raise GuardFailed(*reasons)
        from_state = locked.state
        before = _row(locked)
        record, outcome_writes = _apply(action, locked, None if actor is SYSTEM else actor, data, today, signed_for)
        # The work item follows the state in this transaction (DESIGN §7); the FSM stays the truth.
        task_writes = workitems.follow(locked, action, from_state, before["assignee_id"], today)
        locked.version += 1
        locked.updated_at = timezone.now()
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
            along=[*outcome_writes, *task_writes, _update(locked, before)],
            head=locked._audit_head,
        )
        announce.announce(locked, action, from_state, before["assignee_id"], actor, event, today)
    if dossier is not locked:
        _refresh_from(dossier, locked)
    return event


_FIELDS = [f for f in Dossier._meta.concrete_fields if not f.primary_key]


def _update(dossier: Dossier, before: dict) -> writes.Statement:
    """The dossier row's UPDATE of the fields that changed (version and time among them), for `audit.append`.

    Not `save()`: the row is locked by `_locked`, so django-fsm's concurrent-transition check cannot fail here.
    """
    changed = {f.name: dossier.__dict__[f.attname] for f in _FIELDS if before[f.attname] != dossier.__dict__[f.attname]}
    return writes.update(Dossier, changed, id=dossier.pk)


def _row(dossier: Dossier) -> dict:
    return {f.attname: dossier.__dict__[f.attname] for f in _FIELDS}


def _refresh_from(dossier: Dossier, saved: Dossier) -> None:
    """Give the caller's object the row just saved, as `refresh_from_db` would, without reading it again."""
    for f in Dossier._meta.concrete_fields:
        # Through __dict__: the protected FSM field refuses attribute assignment (django-fsm-2).
        dossier.__dict__[f.attname] = saved.__dict__[f.attname]
    dossier._state.fields_cache.clear()  # the assignee may have changed
    getattr(dossier, "_prefetched_objects_cache", {}).clear()  # outcomes may have changed
    dossier._update_initial_state()  # ConcurrentTransitionMixin: the state now in the database


def authorize(dossier: Dossier, actor, permission: str, scope: str = "unit", *, editable_states=None):
    """Require `actor` to hold `permission` on the dossier's unit or commune (edits, uploads)."""
    power = authority.resolve(actor, [dossier.unit_id, dossier.commune_id], timezone.localdate())
    organization_id = dossier.commune_id if scope == COMMUNE else dossier.unit_id
    if not power.has(organization_id, permission):
        raise ActionNotAllowed()
    if editable_states is not None and dossier.state not in editable_states:
        raise GuardFailed(
            _("Hồ sơ đang ở trạng thái «%(state)s», không thể chỉnh sửa.")
            % {"state": DossierState(dossier.state).label}
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
