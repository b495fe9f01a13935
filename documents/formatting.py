"""Dates and times as Vietnamese administrative documents print them (Nghị định 30/2020 Phụ lục I)."""

import datetime
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def vietnamese_date(day: datetime.date) -> str:
    """"ngày 05 tháng 01 năm 2026": days below 10 and months 1 and 2 take a leading zero, others do not."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def date_line(place: str, day: datetime.date) -> str:
    """"Nguyễn Lương Bằng, ngày 05 tháng 01 năm 2026": the place and date line under the quốc hiệu."""
    return f"{place}, {vietnamese_date(day)}"


def local_iso(moment: datetime.datetime) -> str:
    """"2026-01-05T09:30:00+07:00": ISO 8601 in Vietnam time, to the second (signature stamps, footers)."""
    if moment.tzinfo is None:
        raise ValueError("local_iso needs an aware datetime.")
    return moment.astimezone(VIETNAM).isoformat(timespec="seconds")
