"""Reads of council sessions for the pages. Never writes; never reads a mark before closing.

Who sees a session: whoever holds a commune role on its commune (office, council, Chair, clerk,
auditor), as for the commune's dossiers (dossiers.selectors.Scope); anyone else gets 404. Before
closing, the pages learn how many have voted and who has not, never what anyone chose; the results
(`results_for`) exist only for a closed session.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import (
    AgendaItem,
    BallotReceipt,
    CouncilSession,
    OpenVote,
    SessionMember,
    SessionState,
    WrittenOpinion,
)
from dossiers.models import Complaint, ComplaintStatus, Dossier, DossierState, Nomination, VoteMethod
from dossiers.selectors import Scope
from roles.catalog import Perm
from workflow import guards
from workflow.actions import Action
from workflow.exceptions import GuardFailed

PAGE_SIZE = 25


def session_list_for(*, scope: Scope) -> QuerySet:
    """Sessions of the communes where the actor holds a commune role, newest first, with counts."""
    return (
        CouncilSession.objects.filter(commune_id__in=sorted(scope.commune_ids))
        .annotate(items=Count("agenda", distinct=True))
        .order_by("-meeting_date", "-pk")
    )


def session_for(*, scope: Scope, pk: int) -> CouncilSession:
    session = (
        CouncilSession.objects.filter(pk=pk, commune_id__in=sorted(scope.commune_ids))
        .select_related("commune", "created_by", "chair")
        .first()
    )
    if session is None:
        raise Http404(_("Không có phiên họp này."))
    return session


def manages(*, scope: Scope, session: CouncilSession) -> bool:
    return (session.commune_id, Perm.MANAGE_COUNCIL) in scope.held


def members_of(*, session: CouncilSession) -> list[SessionMember]:
    return list(session.members.select_related("user"))


def seat_of(*, session: CouncilSession, user) -> SessionMember | None:
    return session.members.filter(user_id=user.pk).first()


def agenda_of(*, session: CouncilSession) -> list[AgendaItem]:
    return list(
        session.agenda.select_related("dossier__unit", "nomination__award_type", "recused").order_by("position", "pk")
    )


@dataclass(frozen=True)
class BallotItem:
    """What the ballot page shows of an agenda item."""

    pk: int
    position: int
    nominee_name: str
    award_name: str
    recused_id: int | None


def ballot_items(*, session: CouncilSession) -> list[BallotItem]:
    """The agenda as the ballot page needs it, as plain values in one query: 200 items as model instances
    with their nominations and awards cost more than the ballot itself."""
    rows = session.agenda.order_by("position", "pk").values_list(
        "pk", "position", "nomination__nominee_name", "nomination__award_type__name", "recused_id")
    return [BallotItem(*row) for row in rows]


def ballot_state(*, session: CouncilSession, user) -> tuple[SessionMember | None, bool]:
    """The user's seat in the session (None without one) and whether they have voted, in one query."""
    seat = (
        session.members.filter(user_id=user.pk)
        .annotate(voted=Exists(BallotReceipt.objects.filter(session_id=OuterRef("session_id"), member_id=user.pk)))
        .first()
    )
    return seat, bool(seat and seat.voted)


def candidate_dossiers(*, session: CouncilSession) -> list[Dossier]:
    """Dossiers of the commune waiting for the council and on no session still in preparation or open."""
    pending = AgendaItem.objects.filter(session__state__in=[SessionState.DRAFT, SessionState.OPEN]).values("dossier_id")
    return list(
        Dossier.objects.filter(commune_id=session.commune_id, state=DossierState.COUNCIL)
        .exclude(pk__in=pending)
        .select_related("unit")
        .order_by("pk")
    )


@dataclass(frozen=True)
class Progress:
    """"N of M voted, not yet: …": who, never how."""

    voted: int
    expected: int
    not_yet: list[str]
    written: list[str]


def progress_of(*, session: CouncilSession, members: list[SessionMember]) -> Progress:
    voted_ids = set(BallotReceipt.objects.filter(session=session).values_list("member_id", flat=True))
    written_ids = set(WrittenOpinion.objects.filter(session=session).values_list("member_id", flat=True))
    present = [m for m in members if m.present]
    return Progress(
        voted=sum(1 for m in present if m.user_id in voted_ids),
        expected=len(present),
        not_yet=[m.full_name for m in present if m.user_id not in voted_ids],
        written=[m.full_name for m in members if m.user_id in written_ids],
    )


def has_voted(*, session: CouncilSession, user) -> bool:
    return BallotReceipt.objects.filter(session=session, member_id=user.pk).exists()


def receipt_of(*, session: CouncilSession, user) -> BallotReceipt | None:
    return BallotReceipt.objects.filter(session=session, member_id=user.pk).first()


def written_opinions_of(*, session: CouncilSession) -> list[WrittenOpinion]:
    return list(session.written_opinions.select_related("member", "recorded_by").order_by("pk"))


def written_opinion_for(*, session: CouncilSession, pk: int) -> WrittenOpinion:
    opinion = session.written_opinions.filter(pk=pk).first()
    if opinion is None:
        raise Http404(_("Không có ý kiến bằng văn bản này."))
    return opinion


@dataclass(frozen=True)
class NamedVotes:
    """The named votes of one open-ballot item, shown after closing (biểu quyết công khai)."""

    item: AgendaItem
    agree: list[str]
    disagree: list[str]
    abstain: list[str]


def results_for(*, session: CouncilSession) -> list[AgendaItem]:
    """The count per agenda item: only once the session is closed."""
    if session.state != SessionState.CLOSED:
        raise GuardFailed(_("Kết quả chỉ được công bố sau khi phiên họp kết thúc."))
    return agenda_of(session=session)


def named_votes_for(*, session: CouncilSession, items: list[AgendaItem]) -> list[NamedVotes]:
    """Who voted how on the open-ballot items, once closed; secret items have no named votes to show."""
    if session.state != SessionState.CLOSED:
        raise GuardFailed(_("Kết quả chỉ được công bố sau khi phiên họp kết thúc."))
    names = {m.user_id: m.full_name for m in session.members.all()}
    open_items = [item for item in items if item.vote_method == VoteMethod.OPEN]
    votes = OpenVote.objects.filter(item__in=open_items).order_by("pk")
    by_item: dict[int, dict[str, list[str]]] = {item.pk: {"agree": [], "disagree": [], "abstain": []}
                                               for item in open_items}
    for vote in votes:
        by_item[vote.item_id][vote.choice].append(names.get(vote.member_id, ""))
    return [NamedVotes(item, sorted(v["agree"]), sorted(v["disagree"]), sorted(v["abstain"]))
            for item in open_items for v in [by_item[item.pk]]]


def sessions_to_vote_in(*, user) -> QuerySet:
    """Open sessions where the user is a present member and has not voted yet."""
    return (
        CouncilSession.objects.filter(state=SessionState.OPEN, members__user=user, members__present=True)
        .exclude(Q(receipts__member=user))
        .order_by("meeting_date", "pk")
    )


def forward_candidates(*, actor, scope: Scope) -> list[Dossier]:
    """Dossiers the actor may forward to the council: in review or posted, held by the actor or of a commune
    whose council the actor runs, with a nominee still awaiting a vote. Each carries `blocked_reasons`, the
    engine's preconditions of now (posting window, open complaint), read without a query per dossier."""
    communes = sorted(scope.commune_ids)
    managed = sorted(scope.organizations_with(Perm.MANAGE_COUNCIL))
    dossiers = list(
        Dossier.objects.filter(commune_id__in=communes, state__in=[DossierState.IN_REVIEW, DossierState.POSTED])
        .filter(Q(assignee_id=actor.pk) | Q(commune_id__in=managed))
        # The guard reads this flag instead of the complaints (the engine's locking query names it alike).
        .annotate(_has_open_complaint=Exists(
            Complaint.objects.filter(dossier_id=OuterRef("pk"), status=ComplaintStatus.OPEN)))
        .select_related("unit", "assignee")
        .prefetch_related(Prefetch("nominations", queryset=Nomination.objects.select_related("award_type")))
        .order_by("pk")
    )
    today = timezone.localdate()
    waiting = []
    for dossier in dossiers:
        if not guards.awaiting_vote(dossier):
            continue
        dossier.blocked_reasons = guards.preconditions(Action.FORWARD_TO_COUNCIL, dossier, today)
        waiting.append(dossier)
    return waiting


def draft_sessions_managed(*, scope: Scope) -> list[CouncilSession]:
    """Sessions still in preparation of the communes whose council the actor runs, soonest first."""
    return list(
        CouncilSession.objects.filter(commune_id__in=sorted(scope.organizations_with(Perm.MANAGE_COUNCIL)),
                                      state=SessionState.DRAFT)
        .order_by("meeting_date", "pk")
    )


def dossiers_in_scope(*, scope: Scope, ids) -> list[Dossier]:
    """The commune's dossiers among `ids` (others, and those of other communes, are simply not found)."""
    return list(Dossier.objects.filter(pk__in=sorted(ids), commune_id__in=sorted(scope.commune_ids)).order_by("pk"))
