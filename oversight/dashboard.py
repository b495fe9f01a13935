"""The commune's figures: dossiers by state, unit, campaign and award type, month by month, and the
yearly summary of awards. Each figure is one grouped query; nothing is counted row by row in Python.

Drafts are left out: they are the units' unfinished work, which the commune does not see (DESIGN §6).
"""

import datetime
import json
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from dossiers.models import Dossier, DossierState, Nomination, Outcome
from oversight.audit_log import ids_as_text
from oversight.charts import Bar
from workflow.actions import Action
from workflow.models import AuditEvent

MONTHS = 12


def _dossiers(commune_ids: list[int]):
    return Dossier.objects.filter(commune_id__in=commune_ids).exclude(state=DossierState.DRAFT)


@dataclass(frozen=True)
class Figures:
    total: int
    by_state: list  # Bar, in the order of the state machine
    by_unit: list
    by_campaign: list
    by_award_type: list  # (award name, proposed, awarded)
    submitted_per_month: list
    awarded_per_month: list
    awarded_per_unit: list


def figures(commune_ids: list[int], today: datetime.date) -> Figures:
    dossiers = _dossiers(commune_ids)
    states = dict(dossiers.order_by().values_list("state").annotate(n=Count("pk")))
    by_state = [Bar(str(label), states[value]) for value, label in DossierState.choices if states.get(value)]
    by_unit = [
        Bar(name, n)
        for name, n in dossiers.order_by()
        .values_list("unit__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "unit__name")
    ]
    by_campaign = [
        Bar(name, n)
        for name, n in dossiers.order_by()
        .values_list("campaign__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "campaign__name")
    ]
    nominations = Nomination.objects.filter(dossier__in=dossiers).order_by()
    by_award_type = list(
        nominations.values_list("award_type__name")
        .annotate(proposed=Count("pk"), awarded=Count("pk", filter=Q(outcome=Outcome.AWARDED)))
        .order_by("-proposed", "award_type__name")
    )
    awarded_per_unit = [
        Bar(name, n)
        for name, n in nominations.filter(outcome=Outcome.AWARDED)
        .values_list("dossier__unit__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "dossier__unit__name")
    ]
    months = _last_months(today)
    return Figures(
        total=sum(states.values()),
        by_state=by_state,
        by_unit=by_unit,
        by_campaign=by_campaign,
        by_award_type=by_award_type,
        submitted_per_month=_per_month(months, _submitted_months(dossiers, months[0])),
        awarded_per_month=_per_month(months, _awarded_months(dossiers, months[0])),
        awarded_per_unit=awarded_per_unit,
    )


def _last_months(today: datetime.date) -> list[datetime.date]:
    """The first day of each of the last MONTHS months, oldest first, this month last."""
    first = today.replace(day=1)
    result = []
    for back in range(MONTHS - 1, -1, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        result.append(datetime.date(year, month + 1, 1))
    return result


def _month_of(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date().replace(day=1)


def _submitted_months(dossiers, since: datetime.date) -> dict:
    counts: dict = {}
    for moment in dossiers.filter(submitted_at__date__gte=since).values_list("submitted_at", flat=True):
        month = _month_of(moment)
        counts[month] = counts.get(month, 0) + 1
    return counts


def _awarded_months(dossiers, since: datetime.date) -> dict:
    """Awards counted in the month the decision was signed, as the audit log records it."""
    decided = AuditEvent.objects.filter(
        action=Action.DECIDE,
        object_type="dossier",
        object_id__in=ids_as_text(dossiers),
        occurred_at__date__gte=since,
    ).values_list("occurred_at", "data_json")
    counts: dict = {}
    for moment, data_json in decided:
        awarded = sum(1 for outcome in json.loads(data_json).get("nominations", {}).values() if outcome == "awarded")
        month = _month_of(moment)
        counts[month] = counts.get(month, 0) + awarded
    return counts


def _per_month(months: list[datetime.date], counts: dict) -> list[Bar]:
    return [Bar(f"{m.month:02d}/{m.year % 100:02d}", counts.get(m, 0)) for m in months]


@dataclass(frozen=True)
class YearlySummary:
    year: int
    award_types: list  # names, the columns
    rows: list  # (unit name, [count per award type], total)
    totals: list
    grand_total: int


def yearly_summary(commune_ids: list[int], year: int) -> YearlySummary:
    """Awards in force (awarded, not revoked) of the year's campaigns, by unit and award type."""
    counts = (
        Nomination.objects.filter(
            dossier__commune_id__in=commune_ids, dossier__campaign__year=year, outcome=Outcome.AWARDED
        )
        .order_by()
        .values_list("dossier__unit__name", "award_type__name")
        .annotate(n=Count("pk"))
    )
    table: dict = {}
    award_types: set = set()
    for unit, award, n in counts:
        table.setdefault(unit, {})[award] = n
        award_types.add(award)
    columns = sorted(award_types)
    rows = [(unit, [table[unit].get(a, 0) for a in columns], sum(table[unit].values())) for unit in sorted(table)]
    totals = [sum(row[1][i] for row in rows) for i in range(len(columns))]
    return YearlySummary(year=year, award_types=columns, rows=rows, totals=totals, grand_total=sum(totals))
