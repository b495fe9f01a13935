"""Writes on decisions: drafting, sending dossiers back, signing, corrections and revocations (DESIGN §9).

Every write is one transaction with its audit event on the decision's stream (`decision:<pk>`); dossier
state changes go through `workflow.engine.perform` only. Signing lives in `decisions.signing`.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dossiers.models import Dossier, DossierState, Nomination, Outcome
from roles.catalog import Perm
from workflow import audit, authority, engine
from workflow.actions import Action
from workflow.exceptions import ActionNotAllowed, Conflict, GuardFailed

from . import document
from .models import Decision, DecisionEntry, DecisionKind, DecisionStatus

AWARDABLE = (Outcome.PASSED, Outcome.ELIGIBLE)


def _require(actor, commune, permission: str, *, delegation: bool = False):
    """The actor's role for `permission` on the commune today, or ActionNotAllowed."""
    power = authority.resolve(actor, [commune.pk], timezone.localdate())
    if power.has(commune.pk, permission):
        return power.role_for(commune.pk, permission), None
    if delegation:
        granted = power.delegation_for(commune.pk, permission)
        if granted is not None:
            return f"delegate:{granted.signing_mode}", granted
    raise ActionNotAllowed(_("Bạn không có quyền thực hiện thao tác này với quyết định."))


def _audit(decision: Decision, action: str, actor, role: str, data: dict, *, on_behalf_of=None, to_state=""):
    return audit.append(
        stream=decision.audit_stream, action=action, actor=actor, role=role, on_behalf_of=on_behalf_of,
        object_type="decision", object_id=decision.pk, from_state=DecisionStatus.DRAFT,
        to_state=to_state or decision.status, data=data,
    )


def awardable_nominations(*, commune, award_type):
    """Nominations the Chair may award now for `award_type`: passed, or eligible where no vote is needed,
    in dossiers awaiting decision, not already on another draft."""
    on_drafts = DecisionEntry.objects.filter(decision__status=DecisionStatus.DRAFT).values("nomination_id")
    candidates = (
        Nomination.objects.filter(
            dossier__commune=commune, dossier__state=DossierState.AWAITING_DECISION,
            award_type__code=award_type.code, outcome__in=AWARDABLE,
        )
        .exclude(pk__in=on_drafts)
        .select_related("dossier__unit", "award_type", "dossier")
        .order_by("dossier__unit__name", "dossier_id", "pk")
    )
    return [n for n in candidates if n.outcome == Outcome.PASSED or not n.award_type.needs_vote(n.dossier.kind)]


def _check_awardable(decision: Decision, nominations: list[Nomination]) -> list[str]:
    reasons = []
    if not nominations:
        reasons.append(_("Dự thảo quyết định phải có ít nhất một người, tập thể được khen thưởng."))
    allowed = {n.pk for n in awardable_nominations(commune=decision.issuer, award_type=decision.award_type)}
    mine = set(decision.entries.values_list("nomination_id", flat=True)) if decision.pk else set()
    for nomination in nominations:
        if nomination.dossier.commune_id != decision.issuer_id:
            # Another commune's nominee is not named: the drafter may not read that commune's dossiers.
            reasons.append(_("Có người được đề nghị không thuộc hồ sơ của xã này."))
        elif nomination.pk not in allowed and nomination.pk not in mine:
            reasons.append(
                _("%(name)s không thể được đưa vào quyết định này (hồ sơ không chờ quyết định, khác danh hiệu, "
                  "chưa được thông qua hoặc đã có trong dự thảo khác).") % {"name": nomination.nominee_name}
            )
    return reasons


def _set_entries(decision: Decision, nominations: list[Nomination]) -> None:
    decision.entries.all().delete()
    DecisionEntry.objects.bulk_create(
        [DecisionEntry(decision=decision, nomination=n, position=i) for i, n in enumerate(nominations)]
    )


def _nominations(ids) -> list[Nomination]:
    ids = [int(x) for x in ids]
    found = Nomination.objects.select_related("dossier__unit", "award_type").in_bulk(ids)
    return [found[i] for i in dict.fromkeys(ids) if i in found]


@transaction.atomic
def decision_draft_create(
    *, actor, commune, award_type, nomination_ids, summary="", proposal="", collective_signing=False, campaign=None
) -> Decision:
    """Draft an award decision for one award type from awardable nominations of one or many units."""
    role, _delegation = _require(actor, commune, Perm.REVIEW_FOR_COMMUNE)
    year = campaign.year if campaign else timezone.localdate().year
    decision = Decision(
        issuer=commune, kind=DecisionKind.AWARD, award_type=award_type, campaign=campaign,
        summary=summary.strip() or document.default_summary(award_type, year), proposal=proposal.strip(),
        collective_signing=collective_signing, drafted_by=actor,
    )
    nominations = _nominations(nomination_ids)
    reasons = _check_awardable(decision, nominations)
    if reasons:
        raise GuardFailed(*reasons)
    decision.save()
    _set_entries(decision, nominations)
    _audit(decision, "decision_draft", actor, role, {"nominations": [n.pk for n in nominations]})
    return decision


def _locked_draft(decision: Decision, expected_version=None) -> Decision:
    locked = Decision.objects.select_for_update(of=("self",)).select_related("issuer", "award_type").get(pk=decision.pk)
    if locked.status != DecisionStatus.DRAFT:
        raise Conflict(_("Quyết định đã được ký, không thể thay đổi."))
    if expected_version is not None and int(expected_version) != locked.version:
        raise Conflict(_("Dự thảo đã được người khác thay đổi; vui lòng tải lại trang."))
    return locked


@transaction.atomic
def decision_draft_update(
    *, decision: Decision, actor, nomination_ids, summary, proposal="", collective_signing=False,
    expected_version=None,
) -> Decision:
    """Change a draft's list or wording (the office, before signing)."""
    locked = _locked_draft(decision, expected_version)
    role, _delegation = _require(actor, locked.issuer, Perm.REVIEW_FOR_COMMUNE)
    if locked.kind != DecisionKind.AWARD:
        nominations = [e.nomination for e in locked.entries.select_related("nomination")]
    else:
        nominations = _nominations(nomination_ids)
        reasons = _check_awardable(locked, nominations)
        if reasons:
            raise GuardFailed(*reasons)
    if not summary.strip():
        raise GuardFailed(_("Vui lòng nhập trích yếu của quyết định."))
    locked.summary, locked.proposal = summary.strip(), proposal.strip()
    locked.collective_signing = collective_signing
    locked.version += 1
    locked.save()
    _set_entries(locked, nominations)
    _audit(locked, "decision_draft_update", actor, role, {"nominations": [n.pk for n in nominations]})
    return locked


@transaction.atomic
def decision_send_back(*, decision: Decision, actor, dossier: Dossier, reason: str, expected_version=None) -> Decision:
    """The Chair sends one dossier of a draft back to the office (`send_back`), dropping its nominees."""
    locked = _locked_draft(decision, expected_version)
    entries = list(locked.entries.filter(nomination__dossier=dossier))
    if not entries:
        raise GuardFailed(_("Hồ sơ này không có trong dự thảo quyết định."))
    event = engine.perform(dossier, Action.SEND_BACK, actor, reason=reason)
    DecisionEntry.objects.filter(pk__in=[e.pk for e in entries]).delete()
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    _audit(locked, "decision_send_back", actor, event.role,
           {"dossier": dossier.pk, "reason": reason.strip(), "nominations": [e.nomination_id for e in entries]})
    return locked


def _signed_original(original: Decision) -> Decision:
    if original.status != DecisionStatus.SIGNED or original.kind not in (DecisionKind.AWARD, DecisionKind.REPLACEMENT):
        raise GuardFailed(_("Chỉ đính chính, thay thế hoặc hủy bỏ được một quyết định khen thưởng đã ký."))
    return original


@transaction.atomic
def revocation_draft_create(*, original: Decision, actor, nomination_ids, reason: str, legal_ground: str) -> Decision:
    """Draft a revocation of awards of a signed decision (Luật 2022 Art. 94: reason and legal ground)."""
    _signed_original(original)
    role, _delegation = _require(actor, original.issuer, Perm.REVIEW_FOR_COMMUNE)
    reasons = []
    if not reason.strip():
        reasons.append(_("Vui lòng nêu lý do hủy bỏ."))
    if not legal_ground.strip():
        reasons.append(_("Vui lòng nêu căn cứ hủy bỏ (Điều 94 Luật Thi đua, khen thưởng 2022)."))
    awarded = {e.nomination_id: e.nomination for e in original.entries.select_related("nomination__dossier__unit")}
    nominations = [awarded[int(i)] for i in dict.fromkeys(nomination_ids) if int(i) in awarded]
    if not nominations or len(nominations) != len(set(nomination_ids)):
        reasons.append(_("Chỉ hủy bỏ được khen thưởng của người có tên trong quyết định gốc."))
    reasons += [
        _("%(name)s hiện không còn được khen thưởng.") % {"name": n.nominee_name}
        for n in nominations if n.outcome != Outcome.AWARDED
    ]
    if reasons:
        raise GuardFailed(*reasons)
    decision = Decision.objects.create(
        issuer=original.issuer, kind=DecisionKind.REVOCATION, award_type=original.award_type,
        campaign=original.campaign, original=original, drafted_by=actor, reason=reason.strip(),
        legal_ground=legal_ground.strip(),
        summary=f"Về việc hủy bỏ {document.reference(original)} của Chủ tịch Ủy ban nhân dân xã "
                f"về việc tặng {document.award_phrase(original.award_type)}",
    )
    _set_entries(decision, nominations)
    _audit(decision, "decision_draft", actor, role,
           {"kind": decision.kind, "original": original.pk, "nominations": [n.pk for n in nominations]})
    return decision


@transaction.atomic
def correction_draft_create(*, original: Decision, actor, kind: str, content: str = "", summary: str = "") -> Decision:
    """Draft a correction (đính chính: format errors) or a replacement (content errors) of a signed decision."""
    _signed_original(original)
    role, _delegation = _require(actor, original.issuer, Perm.REVIEW_FOR_COMMUNE)
    if kind not in (DecisionKind.CORRECTION, DecisionKind.REPLACEMENT):
        raise GuardFailed(_("Loại văn bản sửa đổi không hợp lệ."))
    if kind == DecisionKind.CORRECTION and not content.strip():
        raise GuardFailed(_("Vui lòng nêu nội dung đính chính."))
    if original.amendments.filter(kind=DecisionKind.REPLACEMENT, status=DecisionStatus.SIGNED).exists():
        raise GuardFailed(_("Quyết định này đã được thay thế."))
    entries = list(original.entries.select_related("nomination"))
    if kind == DecisionKind.REPLACEMENT and any(e.nomination.outcome != Outcome.AWARDED for e in entries):
        raise GuardFailed(_("Quyết định có khen thưởng đã bị hủy bỏ: hãy ban hành quyết định mới thay vì thay thế."))
    default = (
        f"Về việc đính chính {document.reference(original)}" if kind == DecisionKind.CORRECTION
        else original.summary
    )
    decision = Decision.objects.create(
        issuer=original.issuer, kind=kind, award_type=original.award_type, campaign=original.campaign,
        original=original, drafted_by=actor, content=content.strip(), summary=summary.strip() or default,
        proposal=original.proposal, collective_signing=original.collective_signing,
    )
    if kind == DecisionKind.REPLACEMENT:
        _set_entries(decision, [e.nomination for e in entries])
    _audit(decision, "decision_draft", actor, role, {"kind": kind, "original": original.pk})
    return decision
