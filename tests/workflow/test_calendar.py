"""Due dates count working days: Mon–Fri, less Vietnamese public holidays, plus each commune's exceptions.

DESIGN §11. Public holidays come from the `holidays` package (VN), which includes the extra Tết days the
government grants and its substituted days off with their make-up Saturdays.
"""

import datetime

import holidays
import pytest

from workflow.calendar import add_working_days, is_working_day
from workflow.models import CalendarDay, CalendarDayKind

D = datetime.date


@pytest.fixture
def configured(world):
    """The commune works Sat 8 Mar 2025 and rests Mon 10 Mar 2025; the other commune rests Fri 7 Mar 2025."""
    CalendarDay.objects.create(commune=world.commune, day=D(2025, 3, 8), kind=CalendarDayKind.WORKING_DAY)
    CalendarDay.objects.create(commune=world.commune, day=D(2025, 3, 10), kind=CalendarDayKind.DAY_OFF)
    CalendarDay.objects.create(commune=world.other_commune, day=D(2025, 3, 7), kind=CalendarDayKind.DAY_OFF)
    CalendarDay.objects.create(commune=world.other_commune, day=D(2025, 3, 15), kind=CalendarDayKind.WORKING_DAY)
    return world


def test_holidays_package_gives_tet_2026_with_the_extra_days_granted():
    vn = holidays.country_holidays("VN", years=2026)
    tet = {day: name for day, name in vn.items() if "Lunar New Year" in name}
    assert sorted(tet) == [D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20)]
    assert vn[D(2026, 2, 17)] == "Lunar New Year"


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        pytest.param(D(2025, 3, 5), 1, D(2025, 3, 6), id="weekday"),
        pytest.param(D(2025, 3, 5), 0, D(2025, 3, 5), id="zero-days"),
        pytest.param(D(2025, 3, 14), 1, D(2025, 3, 17), id="across-a-weekend"),
        pytest.param(D(2025, 3, 15), 1, D(2025, 3, 17), id="from-a-saturday"),
        pytest.param(D(2026, 2, 13), 1, D(2026, 2, 23), id="across-tet-2026"),
        pytest.param(D(2026, 2, 2), 20, D(2026, 3, 9), id="office-review-across-tet-2026"),
        pytest.param(D(2026, 4, 29), 1, D(2026, 5, 4), id="across-30-4-and-1-5-2026"),
        pytest.param(D(2025, 4, 29), 1, D(2025, 5, 5), id="across-30-4-1-5-and-substituted-2-5-2025"),
        pytest.param(D(2025, 4, 25), 1, D(2025, 4, 26), id="national-make-up-saturday-2025"),
        pytest.param(D(2025, 8, 29), 1, D(2025, 9, 3), id="across-2-9-2025"),
        pytest.param(D(2026, 8, 28), 1, D(2026, 9, 3), id="across-substituted-31-8-and-2-9-2026"),
        pytest.param(D(2025, 12, 31), 1, D(2026, 1, 2), id="across-new-year"),
    ],
)
def test_add_working_days_skips_weekends_and_public_holidays(world, start, days, expected):
    assert add_working_days(start, days, commune=world.commune) == expected


def test_add_working_days_skips_a_configured_day_off_and_counts_a_configured_saturday(configured):
    assert add_working_days(D(2025, 3, 7), 1, commune=configured.commune) == D(2025, 3, 8)
    assert add_working_days(D(2025, 3, 8), 1, commune=configured.commune) == D(2025, 3, 11)


def test_another_communes_configuration_does_not_apply(configured):
    assert add_working_days(D(2025, 3, 6), 1, commune=configured.commune) == D(2025, 3, 7)
    assert add_working_days(D(2025, 3, 14), 1, commune=configured.commune) == D(2025, 3, 17)
    assert add_working_days(D(2025, 3, 6), 1, commune=configured.other_commune) == D(2025, 3, 10)
    assert add_working_days(D(2025, 3, 14), 1, commune=configured.other_commune) == D(2025, 3, 15)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        pytest.param(D(2025, 3, 7), True, id="friday"),
        pytest.param(D(2025, 3, 9), False, id="sunday"),
        pytest.param(D(2025, 3, 8), True, id="configured-make-up-saturday"),
        pytest.param(D(2025, 3, 10), False, id="configured-day-off"),
        pytest.param(D(2026, 2, 17), False, id="tet-2026"),
        pytest.param(D(2026, 9, 2), False, id="national-day-2026"),
        pytest.param(D(2026, 8, 22), True, id="national-make-up-saturday-2026"),
    ],
)
def test_is_working_day(configured, day, working):
    assert is_working_day(day, commune=configured.commune) is working


def test_a_configured_working_day_opens_a_public_holiday(world):
    CalendarDay.objects.create(commune=world.commune, day=D(2026, 4, 30), kind=CalendarDayKind.WORKING_DAY)
    assert is_working_day(D(2026, 4, 30), commune=world.commune)
    assert add_working_days(D(2026, 4, 29), 1, commune=world.commune) == D(2026, 4, 30)


def test_add_working_days_reads_the_communes_calendar_in_one_query(configured, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert add_working_days(D(2025, 3, 3), 20, commune=configured.commune) == D(2025, 3, 31)


def test_add_working_days_stays_correct_past_its_first_window(world):
    closed = [D(2025, 3, 3) + datetime.timedelta(days=n) for n in range(50)]
    CalendarDay.objects.bulk_create(
        CalendarDay(commune=world.commune, day=day, kind=CalendarDayKind.DAY_OFF) for day in closed
    )
    assert add_working_days(D(2025, 3, 2), 1, commune=world.commune) == D(2025, 4, 22)


def test_add_working_days_refuses_negative_days(world):
    with pytest.raises(ValueError):
        add_working_days(D(2025, 3, 3), -1, commune=world.commune)
