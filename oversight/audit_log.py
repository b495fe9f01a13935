"""Reads of the audit log for auditors: what is in their scope, filtered, a page at a time.

An auditor of a commune reads the streams that belong to it: its dossiers', council sessions', decisions' and
document series' streams, its working-day calendar, the accounts that hold or held a role in it or its units,
and the shared streams (the award catalogue and the system's checkpoints). Pages are keyed by event id (newest
first), so every page is one indexed query however long the log grows.
"""

import datetime
from dataclasses import dataclass

from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from council.models import CouncilSession
from decisions.models import Decision
from documents.models import DocumentSeries
from dossiers.models import Dossier
from roles.models import Membership
from workflow.models import AuditEvent

PAGE_SIZE = 50
SHARED_STREAMS = ("catalogue", "system")


@dataclass(frozen=True)
class AuditFilters:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    actor: str = ""
    action: str = ""
    unit: int | None = None
    dossier: int | None = None

    def as_record(self) -> dict:
        """The filters as JSON values, for the audit event that records an export."""
        return {
            name: value.isoformat() if isinstance(value, datetime.date) else value
            for name, value in self.__dict__.items()
            if value not in (None, "")
        }


def ids_as_text(queryset: QuerySet) -> QuerySet:
    """The rows' ids as text, to match the log's `object_id` in a subquery."""
    return queryset.annotate(as_text=Cast("pk", CharField())).values("as_text")


def _commune_objects(commune_ids):
    """The commune's records that keep streams of their own: (object type in the log, rows of the commune)."""
    return [
        ("dossier", Dossier.objects.filter(commune_id__in=commune_ids)),
        ("council_session", CouncilSession.objects.filter(commune_id__in=commune_ids)),
        ("decision", Decision.objects.filter(issuer_id__in=commune_ids)),
        ("document_series", DocumentSeries.objects.filter(issuer_id__in=commune_ids)),
    ]


def in_scope(commune_ids: list[int]) -> QuerySet:
    """Every event an auditor of `commune_ids` may read (nothing when the list is empty)."""
    if not commune_ids:
        return AuditEvent.objects.none()
    accounts = (
        Membership.objects.filter(Q(organization_id__in=commune_ids) | Q(organization__commune_id__in=commune_ids))
        .annotate(stream_name=Concat(Value("user:"), Cast("user_id", CharField()), output_field=CharField()))
        .values("stream_name")
    )
    calendars = [f"calendar:{pk}" for pk in commune_ids]
    owned = Q()
    for object_type, rows in _commune_objects(commune_ids):
        owned |= Q(object_type=object_type, object_id__in=ids_as_text(rows))
    return AuditEvent.objects.filter(owned | Q(stream__in=[*calendars, *SHARED_STREAMS]) | Q(stream__in=accounts))


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def filtered(commune_ids: list[int], filters: AuditFilters) -> QuerySet:
    events = in_scope(commune_ids)
    if filters.date_from:
        events = events.filter(occurred_at__gte=_local_midnight(filters.date_from))
    if filters.date_to:
        events = events.filter(occurred_at__lt=_local_midnight(filters.date_to + datetime.timedelta(days=1)))
    if filters.actor:
        events = events.filter(Q(actor_username__iexact=filters.actor) | Q(on_behalf_of_username__iexact=filters.actor))
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.dossier:
        events = events.filter(object_type="dossier", object_id=str(filters.dossier))
    if filters.unit:
        events = events.filter(
            object_type="dossier", object_id__in=ids_as_text(Dossier.objects.filter(unit_id=filters.unit))
        )
    return events


@dataclass(frozen=True)
class AuditPage:
    events: list
    next_before: int | None  # the `before` of the next (older) page, None on the last page


def page(commune_ids: list[int], filters: AuditFilters, before: int | None = None) -> AuditPage:
    """One page of events, newest first, older than event id `before` when given (one query)."""
    events = filtered(commune_ids, filters)
    if before:
        events = events.filter(pk__lt=before)
    rows = list(events.order_by("-pk")[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return AuditPage(events=rows, next_before=rows[-1].pk if more else None)


def for_export(commune_ids: list[int], filters: AuditFilters):
    """Every matching event, oldest first, read in chunks so an export of a long log stays small in memory."""
    return filtered(commune_ids, filters).order_by("pk").iterator(chunk_size=2000)
