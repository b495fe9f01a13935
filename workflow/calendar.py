"""The working-day calendar (DESIGN §11): Vietnamese public holidays, then each commune's exceptions.

Public holidays come from the `holidays` package (country VN). It already carries the extra Tết days the
government grants each year (e.g. 2026: 16–20 Feb, Tết itself on the 17th) and the substituted days off
with their make-up Saturdays (`weekend_workdays`, e.g. Sat 26 Apr 2025 worked for Fri 2 May 2025). A
commune's CalendarDay rows win over both: a day off closes any day, a working day opens any day.
"""

import datetime
import functools
from dataclasses import dataclass

import holidays
from django.db import connection

from workflow import statements
from workflow.models import CalendarDay, CalendarDayKind

_ONE_DAY = datetime.timedelta(days=1)


@functools.lru_cache(maxsize=64)
def _national(year: int) -> tuple[frozenset[datetime.date], frozenset[datetime.date]]:
    """Return (public holidays, make-up working weekend days) of one year; built once per process."""
    calendar = holidays.country_holidays("VN", years=year)
    return frozenset(calendar), frozenset(d for d in calendar.weekend_workdays if d.year == year)


def _nationally_working(day: datetime.date) -> bool:
    off, make_up = _national(day.year)
    if day in make_up:
        return True
    return day.weekday() < 5 and day not in off


@dataclass(frozen=True)
class Known:
    """A commune's exceptions from `first` to `last`, read earlier in the same transaction (the engine reads
    them with its locking read on PostgreSQL: `dossier_list`)."""

    first: datetime.date
    last: datetime.date
    exceptions: dict[datetime.date, str]


# Due dates fall within weeks: a year of a commune's exceptions is a handful of rows.
HORIZON = datetime.timedelta(days=366)


def dossier_list(today: datetime.date) -> tuple[str, list]:
    """The locked dossier `d`'s commune's exceptions from tomorrow to the horizon, as a list column of
    "<day> <kind>" for `rows.lock_dossier(lists=…)` (PostgreSQL)."""
    quote, meta = connection.ops.quote_name, CalendarDay._meta
    day, commune = quote(meta.get_field("day").column), quote(meta.get_field("commune").column)
    sql = (
        f"SELECT x.{day}::text || ' ' || x.{quote(meta.get_field('kind').column)} FROM {quote(meta.db_table)} x "
        f"WHERE x.{commune} = d.{quote('commune_id')} AND x.{day} BETWEEN %s AND %s"
    )
    adapt = connection.ops.adapt_datefield_value
    return sql, [adapt(today + _ONE_DAY), adapt(today + HORIZON)]


def known_from_list(today: datetime.date, items: list[str]) -> Known:
    exceptions = {}
    for item in items:
        day, kind = item.split(" ", 1)
        exceptions[datetime.date.fromisoformat(day)] = kind
    return Known(today + _ONE_DAY, today + HORIZON, exceptions)


def _exceptions(commune, first: datetime.date, last: datetime.date, known: Known | None = None) -> dict:
    if known is not None and known.first <= first and last <= known.last:
        return known.exceptions  # a superset: only days in [first, last] are looked up
    # Hand-written and prepared: most state changes compute a due date (bench/transitions.py).
    adapt = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        statements.execute(
            cursor, _exceptions_sql(connection.vendor), [getattr(commune, "pk", commune), adapt(first), adapt(last)]
        )
        found = cursor.fetchall()
    # SQLite hands dates over as text.
    return {day if isinstance(day, datetime.date) else datetime.date.fromisoformat(day): kind for day, kind in found}


@functools.cache
def _exceptions_sql(vendor: str) -> str:
    quote, meta = connection.ops.quote_name, CalendarDay._meta
    day, commune = quote(meta.get_field("day").column), quote(meta.get_field("commune").column)
    return (
        f"SELECT {day}, {quote(meta.get_field('kind').column)} FROM {quote(meta.db_table)} "
        f"WHERE {commune} = %s AND {day} BETWEEN %s AND %s"
    )


def _working(day: datetime.date, exceptions: dict[datetime.date, str]) -> bool:
    kind = exceptions.get(day)
    if kind is not None:
        return kind == CalendarDayKind.WORKING_DAY
    return _nationally_working(day)


def is_working_day(day: datetime.date, *, commune) -> bool:
    """Tell whether `day` is a working day in `commune`."""
    return _working(day, _exceptions(commune, day, day))


def add_working_days(start: datetime.date, days: int, *, commune, known: Known | None = None) -> datetime.date:
    """Return the date `days` working days after `start` (start itself not counted) in `commune`; `known`: its
    exceptions already read in this transaction, used where they cover the days counted."""
    if days < 0:
        raise ValueError("days must not be negative")
    # A window wide enough for Tết plus weekends; a commune with many more days off costs one more query.
    window = datetime.timedelta(days=days * 2 + 21)
    first, last = start + _ONE_DAY, start + window
    exceptions = _exceptions(commune, first, last, known)
    day, remaining = start, days
    while remaining:
        day += _ONE_DAY
        if day > last:
            first, last = day, day + window
            exceptions = _exceptions(commune, first, last, known)
        if _working(day, exceptions):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date, *, commune) -> int:
    """Count the working days after `start` up to and including `end` (0 when `end` is not after `start`)."""
    if end <= start:
        return 0
    exceptions = _exceptions(commune, start + _ONE_DAY, end)
    count, day = 0, start
    while day < end:
        day += _ONE_DAY
        if _working(day, exceptions):
            count += 1
    return count
