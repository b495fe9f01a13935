"""Reads on decisions: drafts and queue, the register of outgoing decisions, the public list, award history."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from dossiers.models import DossierState, Nomination, Outcome
from dossiers.selectors import Scope
from roles.catalog import Perm

from .models import Decision, DecisionEntry, DecisionKind, DecisionStatus

# Commune roles that work with decisions: the office drafts, the Chair signs, the clerk issues, auditors read.
READERS = (Perm.REVIEW_FOR_COMMUNE, Perm.DECIDE_FOR_COMMUNE, Perm.ISSUE_FOR_COMMUNE, Perm.AUDIT_COMMUNE,
           Perm.MANAGE_COUNCIL)
AWARDING_KINDS = (DecisionKind.AWARD, DecisionKind.REPLACEMENT)


def communes_for(scope: Scope) -> list[int]:
    return sorted(scope.organizations_with(*READERS, delegation=True))


def _rows(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("award_type", "issuer", "original", "drafted_by").annotate(
        entry_count=Count("entries")
    )


def decision_list_for(*, scope: Scope, status: str | None = None) -> QuerySet:
    """Decisions of the actor's communes, drafts first, then the newest signed."""
    queryset = Decision.objects.filter(issuer_id__in=communes_for(scope))
    if status:
        queryset = queryset.filter(status=status)
    return _rows(queryset).order_by("status", "-year", "-number", "-pk")


def chair_queue_for(*, scope: Scope) -> QuerySet:
    """Drafts waiting for the Chair (or a delegate) of the actor's communes."""
    communes = sorted(scope.organizations_with(Perm.DECIDE_FOR_COMMUNE, delegation=True))
    return _rows(Decision.objects.filter(issuer_id__in=communes, status=DecisionStatus.DRAFT)).order_by("pk")


def decision_detail_for(*, scope: Scope, pk: int) -> Decision:
    return Decision.objects.select_related("award_type", "issuer", "original", "campaign", "signer").get(
        pk=pk, issuer_id__in=communes_for(scope)
    )


def entries_of(decision: Decision) -> list[DecisionEntry]:
    return list(
        decision.entries.select_related("nomination__dossier__unit", "nomination__person", "nomination__award_type")
    )


def register_for(*, scope: Scope, year: int) -> QuerySet:
    """The register of outgoing decisions (sổ đăng ký văn bản đi) of one year, by number."""
    return (
        Decision.objects.filter(issuer_id__in=communes_for(scope), status=DecisionStatus.SIGNED, year=year)
        .select_related("issuer", "original")
        .order_by("issuer_id", "number")
    )


def register_years(*, scope: Scope) -> list[int]:
    years = Decision.objects.filter(issuer_id__in=communes_for(scope), status=DecisionStatus.SIGNED)
    return sorted(set(years.values_list("year", flat=True)), reverse=True)


def public_decisions() -> QuerySet:
    """Every issued decision with its entries, newest first (the public page, no login)."""
    return (
        Decision.objects.filter(status=DecisionStatus.SIGNED)
        .select_related("issuer", "award_type", "original")
        .prefetch_related(
            Prefetch("entries", queryset=DecisionEntry.objects.select_related("nomination__dossier__unit"))
        )
        .order_by("-signed_on", "-number")
    )


def public_decision(pk: int) -> Decision:
    return public_decisions().get(pk=pk)


@dataclass(frozen=True)
class AwardRecord:
    """One award in someone's history: what, which year, by which decision."""

    year: int
    award: str
    nominee_name: str
    unit: str
    decision_number: str
    decision_date: date
    decision_id: int


def award_history(*, communes, person_id: int | None = None, nominee_name: str = "") -> list[AwardRecord]:
    """Awards still in force (revoked ones excluded), newest first; a replacement stands for its original."""
    entries = DecisionEntry.objects.filter(
        decision__status=DecisionStatus.SIGNED, decision__kind__in=AWARDING_KINDS,
        decision__issuer_id__in=communes, nomination__outcome=Outcome.AWARDED,
    ).select_related("decision__campaign", "nomination__award_type", "nomination__dossier__unit")
    if person_id is not None:
        entries = entries.filter(nomination__person_id=person_id)
    elif nominee_name:
        entries = entries.filter(nomination__nominee_name__iexact=nominee_name.strip())
    else:
        return []
    replaced = set(
        Decision.objects.filter(kind=DecisionKind.REPLACEMENT, status=DecisionStatus.SIGNED).values_list(
            "original_id", flat=True
        )
    )
    records = [
        AwardRecord(
            year=e.decision.campaign.year if e.decision.campaign_id else e.decision.year,
            award=e.nomination.award_type.name,
            nominee_name=e.nomination.nominee_name,
            unit=e.nomination.dossier.unit.name,
            decision_number=e.decision.number_text,
            decision_date=e.decision.signed_on,
            decision_id=e.decision_id,
        )
        for e in entries
        if e.decision_id not in replaced
    ]
    return sorted(records, key=lambda r: (-r.year, r.award, -r.decision_id))


def award_history_search(*, communes, query: str) -> QuerySet:
    """Names matching `query` among awarded nominees, for the history page's search."""
    if not query.strip():
        return DecisionEntry.objects.none()
    return (
        DecisionEntry.objects.filter(
            decision__status=DecisionStatus.SIGNED, decision__issuer_id__in=communes,
        )
        .filter(Q(nomination__nominee_name__icontains=query.strip()))
        .values("nomination__person_id", "nomination__nominee_name")
        .distinct()
        .order_by("nomination__nominee_name")[:50]
    )


def left_out(decision: Decision) -> list:
    """Awardable nominees of the decision's award type, in its dossiers, that the decision does not name.

    Signing moves each dossier through `decide`, which marks them not_awarded (workflow.engine); nominees
    for other award types keep waiting for their own decision. The draft page warns before the Chair signs.
    """
    if decision.status != DecisionStatus.DRAFT or decision.kind != DecisionKind.AWARD:
        return []
    named = decision.entries.values("nomination_id")
    dossiers = decision.entries.values("nomination__dossier_id")
    return list(
        Nomination.objects.filter(
            dossier_id__in=dossiers,
            award_type_id=decision.award_type_id,
            outcome__in=(Outcome.PASSED, Outcome.ELIGIBLE),
        )
        .exclude(pk__in=named)
        .select_related("award_type", "dossier__unit")
        .order_by("dossier_id", "pk")
    )


def waiting_by_award_code(*, commune) -> dict[str, int]:
    """How many nominees of the commune wait for a decision, per award code (not yet on a draft)."""
    on_drafts = DecisionEntry.objects.filter(decision__status=DecisionStatus.DRAFT).values("nomination_id")
    return dict(
        Nomination.objects.filter(
            dossier__commune=commune, dossier__state=DossierState.AWAITING_DECISION,
            outcome__in=(Outcome.PASSED, Outcome.ELIGIBLE),
        )
        .exclude(pk__in=on_drafts)
        .order_by()
        .values_list("award_type__code")
        .annotate(n=Count("pk"))
    )
