"""Reads of dossiers for the pages: scope, lists, one dossier, its timeline. Never writes.

Scope follows DESIGN §6: a permission counts only while the guardian grant on the organisation and an
active Membership carrying it both hold (`workflow.authority.resolve`). Lists filter with an indexed
`unit__in=` / `commune__in=`, never a permission check per row, so they run a constant number of queries.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, When
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from documents.formatting import vietnamese_date
from dossiers.models import (
    EDITABLE_STATES,
    Attachment,
    AwardType,
    Campaign,
    CommendationKind,
    Complaint,
    ComplaintStatus,
    DocumentKind,
    Dossier,
    DossierState,
    Nomination,
)
from roles.catalog import Perm
from roles.models import Membership, Organization, OrganizationKind, Person, Role
from roles.text import fold
from workflow import authority
from workflow.actions import Action
from workflow.models import AuditEvent
from workflow.workitems import FLOW, OPEN_STATUSES, STATUS, Task, holders

S = DossierState
PAGE_SIZE = 25

UNIT_PERMISSIONS = frozenset({Perm.PROPOSE_FOR_UNIT, Perm.LEAD_UNIT})
COMMUNE_PERMISSIONS = frozenset(
    {
        Perm.REVIEW_FOR_COMMUNE,
        Perm.MANAGE_COUNCIL,
        Perm.VOTE_IN_COUNCIL,
        Perm.DECIDE_FOR_COMMUNE,
        Perm.ISSUE_FOR_COMMUNE,
        Perm.AUDIT_COMMUNE,
    }
)


@dataclass(frozen=True)
class RoleHeld:
    role: str
    label: str
    organization: str


@dataclass(frozen=True)
class Scope:
    """What an actor holds today: (organisation, permission) pairs, direct or by delegation."""

    day: date
    held: frozenset = frozenset()
    delegated: frozenset = frozenset()
    unit_communes: dict = field(default_factory=dict)  # unit id -> its commune id
    roles: tuple = ()

    def organizations_with(self, *permissions: str, delegation: bool = False) -> set[int]:
        pairs = self.held | self.delegated if delegation else self.held
        return {organization for organization, permission in pairs if permission in permissions}

    @property
    def unit_ids(self) -> set[int]:
        return self.organizations_with(*UNIT_PERMISSIONS)

    @property
    def commune_ids(self) -> set[int]:
        return self.organizations_with(*COMMUNE_PERMISSIONS, delegation=True)

    @property
    def communes_seen(self) -> set[int]:
        """Communes whose campaigns and catalogue the actor meets: its own or its units' commune."""
        return self.commune_ids | {self.unit_communes[u] for u in self.unit_ids if u in self.unit_communes}

    @property
    def sees_dossiers(self) -> bool:
        return bool(self.unit_ids or self.commune_ids)

    @property
    def can_propose(self) -> bool:
        return bool(self.organizations_with(Perm.PROPOSE_FOR_UNIT))


def scope_for(*, actor, day: date | None = None) -> Scope:
    """Resolve the actor's permissions on every organisation where they hold an active role."""
    day = day or timezone.localdate()
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return Scope(day=day)
    memberships = list(
        Membership.objects.active_on(day)
        .filter(user=actor)
        .select_related("organization")
        .order_by("organization__kind", "organization__name", "role")
    )
    organization_ids = sorted({m.organization_id for m in memberships})
    power = authority.resolve(actor, organization_ids, day)
    return Scope(
        day=day,
        held=frozenset(power.held),
        delegated=frozenset(power.delegated(COMMUNE_PERMISSIONS)),
        unit_communes={
            m.organization_id: m.organization.commune_id
            for m in memberships
            if m.organization.kind == OrganizationKind.UNIT
        },
        roles=tuple(
            RoleHeld(role=m.role, label=str(Role(m.role).label), organization=m.organization.name)
            for m in memberships
        ),
    )


def _visible(scope: Scope) -> QuerySet:
    """A unit sees its own dossiers; the commune sees them once submitted (a draft is the unit's own
    unfinished work), except auditors, who see everything in their commune."""
    units, communes = scope.unit_ids, scope.commune_ids
    if not units and not communes:
        return Dossier.objects.none()
    auditing = scope.organizations_with(Perm.AUDIT_COMMUNE)
    return Dossier.objects.filter(
        Q(unit_id__in=sorted(units))
        | Q(commune_id__in=sorted(auditing))
        | (Q(commune_id__in=sorted(communes - auditing)) & ~Q(state=S.DRAFT))
    )


def _for_rows(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("unit", "campaign", "assignee").annotate(nomination_count=Count("nominations"))


@dataclass(frozen=True)
class DossierFilters:
    state: str = ""
    unit: int | None = None
    campaign: int | None = None
    award_type: int | None = None
    q: str = ""


def dossier_list_for(*, actor, filters: DossierFilters | None = None, scope: Scope | None = None) -> QuerySet:
    """Dossiers the actor may see, filtered: unit roles see their units', commune roles their commune's."""
    scope = scope or scope_for(actor=actor)
    filters = filters or DossierFilters()
    queryset = _visible(scope)
    if filters.state:
        queryset = queryset.filter(state=filters.state)
    if filters.unit:
        queryset = queryset.filter(unit_id=filters.unit)
    if filters.campaign:
        queryset = queryset.filter(campaign_id=filters.campaign)
    if filters.award_type:
        # Exists rather than a join: one row per dossier without DISTINCT, and the count stays right.
        queryset = queryset.filter(
            Exists(Nomination.objects.filter(dossier=OuterRef("pk"), award_type_id=filters.award_type))
        )
    folded = fold(filters.q or "")
    if folded:
        queryset = queryset.filter(search_text__contains=folded)
    return _for_rows(queryset).order_by("-created_at", "-pk")


def _worked_on_as_unit(actor) -> Q:
    """The separation of duties of the engine: who created or submitted a dossier does not review it."""
    submitted = AuditEvent.objects.filter(
        object_type="dossier",
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
        action=Action.SUBMIT,
        actor_id=actor.pk,
    )
    return Q(created_by=actor) | Q(Exists(submitted))


def my_work_for(*, actor, scope: Scope | None = None, queue: bool = True) -> QuerySet:
    """Dossiers on which the actor has an action to take now ("Việc của tôi").

    The mirror of `workflow.engine.available_actions` for the waiting states of DESIGN §4, as one query:

    - propose_for_unit on a unit: its dossiers in draft or returned (edit, submit);
    - lead_unit on a unit: its dossiers in submitted, in_review or returned (withdraw);
    - review_for_commune on a commune: its submitted dossiers (take) and suspended ones (resume), unless
      the actor created or submitted them; its in_review and posted dossiers assigned to the actor
      (assess, return, post, forward, reject);
    - manage_council (council secretary) on a commune: its in_review and posted dossiers, whoever the
      assignee (forward to the council, DESIGN §4), with the same exclusion;
    - decide_for_commune, held or by an active delegation: its dossiers awaiting decision (send back, reject).

    `suspend` is left out: it answers a registered complaint and is not waiting work of anyone.
    With `queue=False`, the submitted dossiers a reviewer may take are left to `claim_queue_for`.
    """
    scope = scope or scope_for(actor=actor)
    if not scope.sees_dossiers:
        return Dossier.objects.none()
    proposing = sorted(scope.organizations_with(Perm.PROPOSE_FOR_UNIT))
    leading = sorted(scope.organizations_with(Perm.LEAD_UNIT))
    reviewing = sorted(scope.organizations_with(Perm.REVIEW_FOR_COMMUNE))
    council = sorted(scope.organizations_with(Perm.MANAGE_COUNCIL))
    deciding = sorted(scope.organizations_with(Perm.DECIDE_FOR_COMMUNE, delegation=True))
    not_own = ~_worked_on_as_unit(actor)
    work = Q(pk__in=[])
    if proposing:
        work |= Q(unit_id__in=proposing, state__in=sorted(EDITABLE_STATES))
    if leading:
        work |= Q(unit_id__in=leading, state__in=[S.SUBMITTED, S.IN_REVIEW, S.RETURNED])
    if reviewing:
        work |= Q(commune_id__in=reviewing, state__in=[S.SUBMITTED, S.SUSPENDED] if queue else [S.SUSPENDED]) & not_own
        work |= Q(commune_id__in=reviewing, state__in=[S.IN_REVIEW, S.POSTED], assignee=actor)
    if council:
        work |= Q(commune_id__in=council, state__in=[S.IN_REVIEW, S.POSTED]) & not_own
    if deciding:
        work |= Q(commune_id__in=deciding, state=S.AWAITING_DECISION)
    return _for_rows(Dossier.objects.filter(work)).order_by("-updated_at", "-pk")


def inbox_for(*, actor, scope: Scope | None = None) -> QuerySet:
    """"Việc của tôi": what the actor must act on now, except the queue they may claim from."""
    return my_work_for(actor=actor, scope=scope, queue=False)


def claim_queue_for(*, actor, scope: Scope | None = None) -> QuerySet:
    """"Chờ nhận": dossiers whose office-review task nobody holds, in the communes where the actor reviews.

    Built from the actor's roles and scope and the open viewflow task (not viewflow's `user_queue`, which reads
    guardian's generic tables: STACK.md). Separation of duties as in the engine; soonest due first.
    """
    scope = scope or scope_for(actor=actor)
    reviewing = sorted(scope.organizations_with(Perm.REVIEW_FOR_COMMUNE))
    if not reviewing:
        return Dossier.objects.none()
    unclaimed = Task.objects.filter(process_id=OuterRef("process_id"), flow_task=FLOW.review, status=STATUS.NEW)
    queryset = Dossier.objects.filter(Exists(unclaimed), commune_id__in=reviewing).exclude(_worked_on_as_unit(actor))
    return _for_rows(queryset).order_by(F("due_on").asc(nulls_last=True), "pk")


def dossier_detail_for(*, actor, pk: int, scope: Scope | None = None) -> Dossier:
    """One dossier with everything its page shows; Http404 when outside the actor's scope."""
    scope = scope or scope_for(actor=actor)
    attachments = Attachment.objects.select_related(
        "nomination", "uploaded_by", "superseded_by", "supersedes"
    ).order_by("kind", "version", "pk")
    queryset = (
        _visible(scope)
        .select_related("unit", "commune", "campaign", "assignee", "created_by")
        .prefetch_related(
            Prefetch("nominations", queryset=Nomination.objects.select_related("award_type", "person").order_by("pk")),
            Prefetch("attachments", queryset=attachments),
            "complaints",
            Prefetch("campaign__award_types", queryset=AwardType.objects.order_by("name", "pk")),
        )
    )
    try:
        return queryset.get(pk=pk)
    except Dossier.DoesNotExist as exc:
        raise Http404(_("Không tìm thấy hồ sơ.")) from exc


def attachment_for(*, dossier: Dossier, pk: int) -> Attachment:
    """One document of a dossier already fetched in scope; Http404 otherwise."""
    try:
        return Attachment.objects.get(pk=pk, dossier=dossier)
    except Attachment.DoesNotExist as exc:
        raise Http404(_("Không tìm thấy tài liệu.")) from exc


def attachment_versions(*, dossier: Dossier) -> tuple[list[Attachment], list[Attachment]]:
    """The dossier's documents split into current versions and superseded ones (prefetched, no query)."""
    current, superseded = [], []
    for attachment in dossier.attachments.all():
        (superseded if hasattr(attachment, "superseded_by") else current).append(attachment)
    return current, superseded


def nomination_for(*, dossier: Dossier, pk: int) -> Nomination:
    """One nominee of a dossier already fetched in scope; Http404 otherwise."""
    for nomination in dossier.nominations.all():
        if nomination.pk == pk:
            return nomination
    raise Http404(_("Không tìm thấy người được đề nghị."))


# Filter and form options: evaluated here, as lists, so templates never query. -------------------------


@dataclass(frozen=True)
class FilterOptions:
    units: list
    campaigns: list
    award_types: list


def filter_options_for(*, scope: Scope) -> FilterOptions:
    """The units, campaigns and award types the actor may filter the dossier list by."""
    if not scope.sees_dossiers:
        return FilterOptions([], [], [])
    units = list(
        Organization.objects.filter(
            Q(pk__in=sorted(scope.unit_ids)) | Q(commune_id__in=sorted(scope.commune_ids), kind=OrganizationKind.UNIT)
        ).order_by("name", "pk")
    )
    communes = sorted(scope.communes_seen)
    campaigns = list(Campaign.objects.filter(commune_id__in=communes).order_by("-year", "name", "pk"))
    award_types = list(
        AwardType.objects.filter(Exists(Campaign.award_types.through.objects.filter(
            awardtype_id=OuterRef("pk"), campaign__commune_id__in=communes
        ))).order_by("name", "pk")
    )
    return FilterOptions(units, campaigns, award_types)


def proposing_units_for(*, scope: Scope) -> list[Organization]:
    """Units where the actor may open a dossier (propose_for_unit)."""
    ids = sorted(scope.organizations_with(Perm.PROPOSE_FOR_UNIT))
    if not ids:
        return []
    return list(Organization.objects.filter(pk__in=ids, kind=OrganizationKind.UNIT).order_by("name", "pk"))


def open_campaigns_for(*, scope: Scope) -> list[Campaign]:
    """Campaigns of the actor's units' communes that accept dossiers today (đột xuất ones always do)."""
    communes = sorted({scope.unit_communes[u] for u in scope.organizations_with(Perm.PROPOSE_FOR_UNIT)
                       if u in scope.unit_communes})
    if not communes:
        return []
    day = scope.day
    open_now = Q(opens_on__lte=day) & (Q(submission_deadline__isnull=True) | Q(submission_deadline__gte=day))
    return list(
        Campaign.objects.filter(open_now | Q(kind=CommendationKind.AD_HOC), commune_id__in=communes)
        .select_related("commune")
        .order_by("-year", "name", "pk")
    )


def campaign_deadline(campaign: Campaign) -> date | None:
    """The deadline that binds: none for đột xuất, whose dossiers `services.dossier_create` takes any day."""
    return None if campaign.kind == CommendationKind.AD_HOC else campaign.submission_deadline


def long_date(day: date) -> str:
    """A date as Decree 30 documents print it in Vietnamese (documents.formatting); "15 December 2025" otherwise."""
    if (get_language() or "vi").startswith("vi"):
        return vietnamese_date(day)
    return date_format(day, "j F Y")


def campaign_deadline_text(campaign: Campaign) -> str:
    """"hạn nộp ngày 15 tháng 12 năm 2025", or "không có hạn nộp": the deadline in a campaign's label."""
    deadline = campaign_deadline(campaign)
    if deadline is None:
        return str(_("không có hạn nộp"))
    return str(_("hạn nộp %(day)s")) % {"day": long_date(deadline)}


class CampaignStatus:
    OPEN = "open"
    NOT_YET_OPEN = "not_yet_open"
    CLOSED = "closed"


@dataclass(frozen=True)
class CampaignRow:
    """One campaign on "Đợt thi đua": whether it takes dossiers today, until when, and the dossiers counted."""

    campaign: Campaign
    status: str
    deadline: date | None
    deadline_long: str  # "ngày 15 tháng 12 năm 2025"; empty without a deadline
    opens_long: str
    days_left: int | None  # calendar days from today to the deadline, when open with a deadline
    award_types: list
    states: list  # (state label, count), in the order of the workflow
    dossier_count: int

    @property
    def accepts(self) -> bool:
        return self.status == CampaignStatus.OPEN

    @property
    def closed(self) -> bool:
        return self.status == CampaignStatus.CLOSED

    @property
    def not_yet_open(self) -> bool:
        return self.status == CampaignStatus.NOT_YET_OPEN


def _campaign_status(campaign: Campaign, day: date) -> str:
    if campaign.accepts_on(day):
        return CampaignStatus.OPEN
    return CampaignStatus.NOT_YET_OPEN if day < campaign.opens_on else CampaignStatus.CLOSED


def _campaign_row(campaign: Campaign, day: date, *, award_types=(), by_state=None) -> CampaignRow:
    status = _campaign_status(campaign, day)
    deadline = campaign_deadline(campaign)
    by_state = by_state or {}
    return CampaignRow(
        campaign=campaign,
        status=status,
        deadline=deadline,
        deadline_long=long_date(deadline) if deadline else "",
        opens_long=long_date(campaign.opens_on),
        days_left=(deadline - day).days if status == CampaignStatus.OPEN and deadline else None,
        award_types=list(award_types),
        states=[(state.label, by_state[state]) for state in DossierState if by_state.get(state)],
        dossier_count=sum(by_state.values()),
    )


_STATUS_ORDER = {CampaignStatus.OPEN: 0, CampaignStatus.NOT_YET_OPEN: 1, CampaignStatus.CLOSED: 2}


def _by_urgency(row: CampaignRow) -> tuple[int, int]:
    # Open: the nearest deadline first, no deadline last; closed: the most recent deadline first.
    deadline = (row.deadline or date.max).toordinal()
    return _STATUS_ORDER[row.status], -deadline if row.status == CampaignStatus.CLOSED else deadline


def campaign_list_for(*, scope: Scope) -> list[CampaignRow]:
    """Campaigns of the actor's communes, open ones first (soonest deadline first), then not yet open, then closed.

    Counted dossiers: those of the actor's units when they have units (what the unit already filed), else those
    the actor may see. Three queries whatever the number of campaigns: campaigns, award types, counts.
    """
    communes = sorted(scope.communes_seen)
    if not communes:
        return []
    campaigns = list(
        Campaign.objects.filter(commune_id__in=communes)
        .prefetch_related(Prefetch("award_types", queryset=AwardType.objects.order_by("name", "pk")))
        .order_by("-year", "name", "pk")
    )
    counted = Dossier.objects.filter(unit_id__in=sorted(scope.unit_ids)) if scope.unit_ids else _visible(scope)
    counts: dict[int, dict[str, int]] = {}
    rows = (
        counted.filter(campaign_id__in=[c.pk for c in campaigns])
        .order_by()
        .values_list("campaign_id", "state")
        .annotate(n=Count("pk"))
    )
    for campaign_id, state, n in rows:
        counts.setdefault(campaign_id, {})[state] = n
    result = [
        _campaign_row(c, scope.day, award_types=c.award_types.all(), by_state=counts.get(c.pk)) for c in campaigns
    ]
    return sorted(result, key=_by_urgency)


def open_campaign_deadlines_for(*, scope: Scope) -> list[CampaignRow]:
    """The campaigns the actor may propose for today, nearest deadline first ("Việc của tôi"); one query."""
    return sorted((_campaign_row(c, scope.day) for c in open_campaigns_for(scope=scope)), key=_by_urgency)


def people_of_unit(*, unit: Organization) -> list[Person]:
    """The people on record in a unit, to pick a nominee from."""
    return list(Person.objects.filter(organization=unit).order_by("full_name", "pk"))


# Timeline ----------------------------------------------------------------------------------------

CONTENT_EVENT_LABELS = {
    "dossier_created": _("Lập hồ sơ"),
    "dossier_updated": _("Sửa thông tin hồ sơ"),
    "nomination_added": _("Thêm người được đề nghị"),
    "nomination_updated": _("Sửa người được đề nghị"),
    "nomination_removed": _("Xóa người được đề nghị"),
    "attachment_uploaded": _("Tải lên tài liệu"),
    "complaint_registered": _("Tiếp nhận khiếu nại, phản ánh"),
    "complaint_closed": _("Kết thúc giải quyết khiếu nại, phản ánh"),
    "deadline_reminder": _("Nhắc hạn xử lý"),
    "deadline_escalated": _("Báo quá hạn xử lý"),
}
FIELD_LABELS = {
    "title": _("trích yếu"),
    "reference_number": _("số tờ trình"),
    "kind": _("loại hình"),
    "award_type": _("danh hiệu, hình thức"),
    "person": _("cá nhân"),
    "nominee_name": _("tên"),
    "position": _("chức vụ"),
    "achievement_summary": _("tóm tắt thành tích"),
}


def event_label(action: str) -> str:
    if action in Action.values:
        return str(Action(action).label)
    return str(CONTENT_EVENT_LABELS.get(action, action))


def state_label(state: str) -> str:
    return str(DossierState(state).label) if state in DossierState.values else state


@dataclass(frozen=True)
class TimelineEntry:
    occurred_at: datetime
    actor: str
    on_behalf_of: str
    action: str
    label: str
    from_state: str
    to_state: str
    reason: str
    details: list


def _details(action: str, data: dict) -> list[str]:
    if action == Action.RETURN_FOR_REVISION and data.get("supplement"):
        labels = [str(DocumentKind(kind).label) for kind in data["supplement"] if kind in DocumentKind.values]
        return [_("Cần bổ sung: %(documents)s") % {"documents": ", ".join(labels)}]
    if action == "nomination_added" or action == "nomination_removed":
        return [f"{data.get('nominee', '')} ({data.get('award_type', '')})"]
    if action in ("dossier_updated", "nomination_updated"):
        return [str(FIELD_LABELS.get(name, name)) for name in sorted(data.get("changes", {}))]
    if action == "attachment_uploaded":
        return [_("%(name)s — phiên bản %(version)s") % {"name": data.get("name", ""),
                                                          "version": data.get("version", 1)}]
    if action == "dossier_created":
        return [data.get("title", "")]
    if action == "complaint_registered":
        return [f"{data.get('complainant', '')}: {data.get('summary', '')}"]
    if action == "complaint_closed":
        return [data.get("outcome", "")]
    if data.get("decision"):
        return [data["decision"]]
    return []


COMPLAINT_EVENTS = ("complaint_registered", "complaint_closed")


def dossier_timeline(*, dossier: Dossier, show_complaints: bool = True) -> list[TimelineEntry]:
    """The dossier's audit stream, oldest first, with names and Vietnamese labels (two queries).

    Without `show_complaints` (the unit's view) a complaint's entry keeps its date and label but not who
    complained or what was found: the commune protects complainants."""
    events = list(AuditEvent.objects.filter(stream=dossier.audit_stream).order_by("stream_seq"))
    ids = {e.actor_id for e in events if e.actor_id} | {e.on_behalf_of_id for e in events if e.on_behalf_of_id}
    users = get_user_model().objects.in_bulk(sorted(ids)) if ids else {}

    def name(user_id, username):
        user = users.get(user_id)
        if user is None:
            return username
        full = user.get_full_name()
        return f"{full} ({user.get_username()})" if full else user.get_username()

    entries = []
    for event in events:
        data = event.data
        entries.append(
            TimelineEntry(
                occurred_at=event.occurred_at,
                actor=name(event.actor_id, event.actor_username),
                on_behalf_of=(
                    name(event.on_behalf_of_id, event.on_behalf_of_username) if event.on_behalf_of_username else ""
                ),
                action=event.action,
                label=event_label(event.action),
                from_state=state_label(event.from_state) if event.from_state != event.to_state else "",
                to_state=state_label(event.to_state) if event.from_state != event.to_state else "",
                reason=str(data.get("reason", "")),
                details=(
                    [d for d in _details(event.action, data) if d]
                    if show_complaints or event.action not in COMPLAINT_EVENTS
                    else []
                ),
            )
        )
    return entries


# Work items -------------------------------------------------------------------------------------------------

STEP_LABELS = {
    "review": _("Thẩm định"),
    "revision": _("Đơn vị bổ sung"),
    "posting": _("Niêm yết công khai"),
    "council": _("Hội đồng xét"),
    "decision": _("Chủ tịch quyết định"),
    "suspension": _("Tạm dừng"),
}
GROUP_HOLDERS = {
    "review": _("Cán bộ thẩm định của xã (chờ nhận)"),
    "posting": _("Cán bộ thẩm định của xã"),
    "council": _("Hội đồng Thi đua - Khen thưởng"),
    "decision": _("Chủ tịch UBND xã hoặc người được ủy quyền"),
    "suspension": _("Phòng Văn hóa - Xã hội"),
}
CHART_STEPS = ["review", "revision", "posting", "council", "decision"]


@dataclass(frozen=True)
class ChartStep:
    key: str
    label: str
    status: str  # "done", "current" or "todo"
    holder: str = ""
    since: datetime | None = None
    due_on: date | None = None
    finished: datetime | None = None


@dataclass(frozen=True)
class ProcessChart:
    steps: list
    history: list  # ChartStep per task, oldest first
    current: ChartStep | None
    closed: bool


def _holder(task, dossier) -> str:
    if task.owner_id:
        return task.owner.get_full_name() or task.owner.get_username()
    key = task.flow_task.name
    if key == "revision":
        return dossier.unit.name
    return str(GROUP_HOLDERS.get(key, ""))


def process_chart(*, dossier: Dossier) -> ProcessChart | None:
    """Where the dossier is (DESIGN §7 "where is my dossier"): the steps, the current one with its holder,
    since when and its due date, and every task so far (one query)."""
    if dossier.process_id is None:
        return None
    tasks = list(
        Task.objects.filter(process_id=dossier.process_id)
        .exclude(flow_task=FLOW.start)
        .select_related("owner")
        .order_by("created", "pk")
    )
    history, current = [], None
    for task in tasks:
        if task.flow_task is None:
            continue
        key = task.flow_task.name
        is_open = task.status in OPEN_STATUSES
        due = (task.data or {}).get("due_on")
        step = ChartStep(
            key=key,
            label=str(STEP_LABELS.get(key, key)),
            status="current" if is_open else "done",
            holder=_holder(task, dossier),
            since=task.assigned or task.created if is_open else task.created,
            due_on=date.fromisoformat(due) if due else None,
            finished=task.finished,
        )
        history.append(step)
        if is_open:
            current = step
    seen = {s.key for s in history}
    steps = [ChartStep(key="submission", label=str(_("Đơn vị trình")), status="done", holder=dossier.unit.name,
                       since=dossier.submitted_at)]
    for key in CHART_STEPS:
        if current is not None and current.key == key:
            steps.append(current)
        elif key in seen:
            steps.append(ChartStep(key=key, label=str(STEP_LABELS[key]), status="done"))
        elif key in ("review", "decision") and current is not None:
            # Review and decision are on every open route; the other steps show once they happen.
            steps.append(ChartStep(key=key, label=str(STEP_LABELS[key]), status="todo"))
    if current is not None and current.key == "suspension":
        steps.append(current)
    return ProcessChart(steps=steps, history=history, current=current, closed=current is None)


def reviewers_for(*, dossier: Dossier) -> list:
    """The reviewers of the dossier's commune the office head may give it to (the engine re-checks)."""
    people = holders(dossier.commune_id, Perm.REVIEW_FOR_COMMUNE, timezone.localdate())
    return sorted((p for p in people if p.pk != dossier.assignee_id),
                  key=lambda p: (p.get_full_name() or p.get_username(), p.pk))


def user_by_id(raw: str):
    """An active account from a posted id, or None (the engine then says who is missing)."""
    if not str(raw).isdigit():
        return None
    return get_user_model().objects.filter(pk=int(raw), is_active=True).first()


# Complaints --------------------------------------------------------------------------------------


def complaints_for(*, scope: Scope, status: str = "") -> QuerySet:
    """Complaints about the dossiers of the communes where the actor holds a commune role (open first).

    Units do not see them: a complaint names its complainant, whom the commune protects."""
    queryset = Complaint.objects.filter(dossier__commune_id__in=sorted(scope.commune_ids)).select_related(
        "dossier", "dossier__unit", "nomination", "registered_by"
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by(
        Case(When(status=ComplaintStatus.OPEN, then=0), default=1), "-received_on", "-pk"
    )


def complaint_for(*, scope: Scope, pk: int) -> Complaint:
    try:
        return complaints_for(scope=scope).get(pk=pk)
    except Complaint.DoesNotExist as exc:
        raise Http404(_("Không tìm thấy khiếu nại, phản ánh.")) from exc
