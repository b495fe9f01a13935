"""PostgreSQL recomputes the audit chains itself and reports exactly what the Python walk reports (DESIGN §10).

`verify(engine="database")` rebuilds each event's canonical bytes in SQL. That is only sound if the SQL
text is byte-identical to `workflow.audit.canonical_bytes` for every value a column can hold: the table
below writes tricky strings through the normal `audit.record` path and compares both, and every tamper
case of test_tamper_detection runs again here with `verify` patched to run both engines and compare.
"""

import datetime
from json.encoder import encode_basestring

import pytest
from django.db import connection

from tests.audit.tampering import stream_events, tamper
from tests.audit.test_tamper_detection import *  # noqa: F403 - every tamper case, collected again here
from tests.audit.test_tamper_detection import chain  # noqa: F401 - the fixture those cases use
from workflow import audit, verification
from workflow.audit import Actor
from workflow.models import AuditEvent

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the database engine runs on PostgreSQL only"),
]

# Every character JSON escapes (NUL cannot be stored in PostgreSQL text), and the ones it must not.
TRICKY = [
    *(chr(code) for code in range(1, 0x20)),
    '"', "\\", "/", "\x7f", "\x80", "\x9f", "\xa0", "\u00ad", "\u2028", "\u2029", "\ufeff", "\ufffd", "\uffff",
    "\ue000", "\U0001f600", "\U0010ffff",
    "\\u0041", "\\n", '\\"', "'", "''", "%s", "%%", "{}", "null", "", " ", "a b\tc\nd\re\bf\fg",
    "Nguyễn Thị Hoa", "Nguye\u0302\u0303n", 'Thiếu biên bản bình xét "đợt 1"\nvà chữ ký', "\x01x\x1fy\x7fz\u2028",
    "x" * 150,
]
TIMES = [
    datetime.datetime(2026, 11, 24, 9, 1, 2, 123456, tzinfo=datetime.UTC),
    datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),  # no microseconds: still six digits
    datetime.datetime(2025, 6, 1, 7, 0, 0, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=7))),
    datetime.datetime(1, 1, 1, 0, 0, 0, 1, tzinfo=datetime.UTC),
    datetime.datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=datetime.UTC),
]


def sql_canonical_bytes() -> dict[int, bytes]:
    """Every event's canonical bytes as the database engine builds them."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, convert_to({verification.canonical_text_sql()}, 'UTF8') FROM workflow_auditevent"
        )
        return {event_id: bytes(body) for event_id, body in cursor.fetchall()}


def write_tricky_log() -> list[AuditEvent]:
    events = []
    for index, text in enumerate(TRICKY):
        events.append(
            audit.record(
                stream=f"{index}:{text}"[:64], action=text[:64] or "x", actor=Actor(index or None, text[:150]),
                object_type=text[:64], object_id=text[:64], role=text[:64],
                on_behalf_of=None, from_state=text[:32], to_state=text[:32],
                data={"reason": text, text: [text, index]}, occurred_at=TIMES[index % len(TIMES)],
            )
        )
    return events


@pytest.mark.parametrize("text", TRICKY, ids=[f"U+{ord(t[0]):04X}" if t else "empty" for t in TRICKY])
def test_postgresql_json_string_escaping_is_pythons(db, text):
    """to_json(text) writes exactly what json's encode_basestring writes, and the fast path knows when."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT to_json(%s::text)::text, %s::text ~ {verification._NEEDS_ESCAPE}", [text, text]
        )
        escaped, needs_escape = cursor.fetchone()
    assert escaped == encode_basestring(text)
    assert needs_escape == (escaped != f'"{text}"')


def test_database_builds_the_canonical_bytes_of_tricky_events(db):
    """Written through audit.record, every event's SQL canonical bytes are canonical_bytes' own."""
    events = write_tricky_log()
    built = sql_canonical_bytes()
    for event in events:
        event.refresh_from_db()
        python = audit.canonical_bytes(*(getattr(event, c) for c in audit.CANONICAL_COLUMNS))
        assert built[event.pk] == python, event.stream
    report = verification.verify(engine="database")
    assert report.intact, report.first_problem
    assert report == verification.verify(engine="python")


def test_database_and_python_agree_on_tampered_tricky_events(db):
    """Hash, link and sequence problems among tricky strings: the same Problems, in the same order."""
    events = write_tricky_log()
    followers = [
        audit.record(stream=event.stream, action="next", actor=None, object_type="o", object_id="1")
        for event in events[:3]
    ]
    tamper("UPDATE workflow_auditevent SET actor_username = %s WHERE id = %s", ['"', events[5].pk])
    tamper("UPDATE workflow_auditevent SET role = %s WHERE id = %s", ["\u2028", events[40].pk])
    tamper("UPDATE workflow_auditevent SET prev_hash = %s WHERE id = %s", ['a"b\\', followers[0].pk])
    tamper("UPDATE workflow_auditevent SET occurred_at = %s WHERE id = %s", [TIMES[3], events[7].pk])
    tamper("DELETE FROM workflow_auditevent WHERE id = %s", [events[2].pk])
    python, database = verification.verify(engine="python"), verification.verify(engine="database")
    assert database == python
    assert [p.order for p in database.problems] == [p.order for p in python.problems]
    assert len(database.problems) >= 5


def test_forged_hash_over_unescaped_text_is_caught(db):
    """A hash computed over the *unescaped* text (what a naive SQL would build) is still a mismatch."""
    event = write_tricky_log()[TRICKY.index('"')]
    naive = '{"action":"""'  # the injection-shaped text a naive quoting would hash; never the canonical form
    tamper("UPDATE workflow_auditevent SET hash = encode(sha256(convert_to(%s, 'UTF8')), 'hex') WHERE id = %s",
           [naive, event.pk])
    first = verification.verify(engine="database").first_problem
    assert (first.event_id, first.message) == (event.pk, "nội dung đã bị sửa: mã băm không khớp")


def test_engine_is_chosen_and_checked(db):
    assert verification.engine_for_this_database() == "database"
    assert verification.engine_for_this_database("python") == "python"
    with pytest.raises(ValueError, match="unknown verification engine"):
        verification.verify(engine="sql")


@pytest.fixture(autouse=True)
def _both_engines(request, monkeypatch):
    """In the re-collected tamper cases, every verify() (also inside verify_audit) runs both engines."""
    if request.node.module.__name__ != __name__ or not request.node.name.startswith("test_verify_audit"):
        yield
        return
    real = verification.verify
    calls = []

    def compared(**kwargs):
        kwargs.pop("engine", None)
        python, database = real(engine="python", **kwargs), real(engine="database", **kwargs)
        assert database == python  # counts, and every problem in the same order (`order` not compared)
        assert [p.order for p in database.problems] == [p.order for p in python.problems]
        assert database.first_problem == python.first_problem
        calls.append(database)
        return database

    monkeypatch.setattr(verification, "verify", compared)
    yield
    assert calls, "the tamper case never verified"


def test_tamper_cases_are_compared_here():
    """Guard: the star import above really brought the tamper cases into this module."""
    assert any(name.startswith("test_verify_audit") for name in globals())
    assert stream_events  # imported for the re-collected cases' helpers
