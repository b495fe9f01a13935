"""Writes of the council app: each one checks the right, locks what it decides on, and is audited."""

from council.services.ballots import ballot_cast, written_opinion_record
from council.services.closing import session_close
from council.services.minutes import minutes_render
from council.services.sessions import agenda_add, agenda_remove, attendance_record, session_create, session_open

__all__ = [
    "agenda_add",
    "agenda_remove",
    "attendance_record",
    "ballot_cast",
    "minutes_render",
    "session_close",
    "session_create",
    "session_open",
    "written_opinion_record",
]
