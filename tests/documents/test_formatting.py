"""Dates and numbers as Decree 30/2020 prints them (DOMAIN §6.2): days below 10 and months 1 and 2 take a
leading zero, other months do not; numbers below 10 take a leading zero; times are ISO 8601 in +07:00."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from documents.formatting import date_line, local_iso, vietnamese_date
from documents.numbering import number_text


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (datetime.date(2026, 2, 28), "ngày 28 tháng 02 năm 2026"),
        (datetime.date(2025, 3, 1), "ngày 01 tháng 3 năm 2025"),
        (datetime.date(2025, 6, 15), "ngày 15 tháng 6 năm 2025"),
        (datetime.date(2025, 8, 11), "ngày 11 tháng 8 năm 2025"),
        (datetime.date(2025, 9, 9), "ngày 09 tháng 9 năm 2025"),
        (datetime.date(2025, 10, 10), "ngày 10 tháng 10 năm 2025"),
        (datetime.date(2025, 12, 26), "ngày 26 tháng 12 năm 2025"),
    ],
)
def test_vietnamese_date_pads_days_below_10_and_months_1_and_2(day, expected):
    assert vietnamese_date(day) == expected


def test_date_line_puts_the_place_before_the_date():
    assert date_line("Nguyễn Lương Bằng", datetime.date(2026, 1, 5)) == "Nguyễn Lương Bằng, ngày 05 tháng 01 năm 2026"


@pytest.mark.parametrize(
    ("number", "expected"),
    [(1, "01/QĐ-UBND"), (5, "05/QĐ-UBND"), (9, "09/QĐ-UBND"), (10, "10/QĐ-UBND"), (246, "246/QĐ-UBND")],
)
def test_number_text_pads_numbers_below_10(number, expected):
    assert number_text(number, "QĐ-UBND") == expected


def test_local_iso_prints_vietnam_time_with_offset():
    moment = datetime.datetime(2026, 1, 5, 2, 30, tzinfo=datetime.UTC)
    assert local_iso(moment) == "2026-01-05T09:30:00+07:00"
    assert local_iso(moment.astimezone(ZoneInfo("Europe/Paris"))) == "2026-01-05T09:30:00+07:00"


def test_local_iso_refuses_a_naive_time():
    with pytest.raises(ValueError):
        local_iso(datetime.datetime(2026, 1, 5, 9, 30))
