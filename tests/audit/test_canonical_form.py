"""The bytes an event's hash covers are canonical JSON: sorted keys, UTF-8, no spaces (DESIGN §10).

workflow.audit builds them from a hand-written template for speed; these tests hold the template to
what `json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)` would write, so anyone can
recompute a hash with any JSON library.
"""

import datetime
import hashlib
import json
import zoneinfo

import pytest

from workflow import audit
from workflow.models import AuditEvent

TRICKY = 'Trả lại: "thiếu" \\ biên bản\nđợt\t1\r\x00\x01\x1f\x7f\u2028 ✓'


def canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@pytest.fixture
def fields():
    return {
        "action": "return_for_revision",
        "actor_id": 7,
        "actor_username": "canbovhxh",
        "client_address": "203.0.113.5",
        "data_json": audit.canonical_json({"reason": TRICKY, "return_count": 1, "nominations": {"2": "x", "10": "y"}}),
        "from_state": "in_review",
        "object_id": "42",
        "object_type": "dossier",
        # Hồ Chí Minh time, stored as UTC: 07:04 on 5 January is 00:04 UTC.
        "occurred_at": datetime.datetime(2025, 1, 5, 7, 4, 5, 678, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")),
        "on_behalf_of_id": None,
        "on_behalf_of_username": "",
        "prev_hash": audit.GENESIS_HASH,
        "request_id": TRICKY,
        "role": "Cán bộ Phòng Văn hóa – Xã hội",
        "stream": "dossier:42",
        "stream_seq": 3,
        "to_state": "returned",
    }


def expected_dict(fields: dict) -> dict:
    expected = {k: v for k, v in fields.items() if k != "data_json"}
    expected["data"] = json.loads(fields["data_json"])
    expected["occurred_at"] = "2025-01-05T00:04:05.000678Z"
    return expected


def test_canonical_bytes_are_sorted_compact_utf8_json(fields):
    """json.loads reads back every field, and json.dumps with sorted keys writes the very same bytes."""
    body = audit.canonical_bytes(**fields)
    expected = expected_dict(fields)
    assert json.loads(body) == expected
    assert canonical(expected) == body
    assert "Cán bộ Phòng Văn hóa – Xã hội".encode() in body  # UTF-8, not \\u escapes


def test_canonical_bytes_escape_quotes_backslashes_and_control_characters(fields):
    """Quotes, backslashes, newlines and other control characters are escaped exactly as json.dumps does."""
    fields.update(actor_username='a"b\\c\nd', client_address="\x00\x1f", object_id="\u2028", to_state="")
    body = audit.canonical_bytes(**fields)
    assert canonical(expected_dict(fields)) == body
    assert b'"actor_username":"a\\"b\\\\c\\nd"' in body
    assert b'"client_address":"\\u0000\\u001f"' in body


def test_canonical_bytes_write_ids_as_integers_or_null(fields):
    """Ids are JSON numbers, a missing actor (the system) is null."""
    fields.update(actor_id=None, on_behalf_of_id=12, on_behalf_of_username="chutich")
    body = audit.canonical_bytes(**fields)
    assert b'"actor_id":null' in body and b'"on_behalf_of_id":12' in body
    assert canonical(expected_dict(fields)) == body


def test_canonical_bytes_keep_microseconds_when_they_are_zero(fields):
    """Times are ISO 8601 UTC with six fractional digits always."""
    fields["occurred_at"] = datetime.datetime(2026, 1, 1, 0, 0, tzinfo=datetime.UTC)
    assert b'"occurred_at":"2026-01-01T00:00:00.000000Z"' in audit.canonical_bytes(**fields)


def test_canonical_json_of_data_is_sorted_compact_and_keeps_vietnamese():
    """The data field is stored as canonical JSON text and embedded verbatim."""
    data = {"reason": TRICKY, "b": [1, 2, {"z": None, "a": True}], "a": "Đoàn TNCS Hồ Chí Minh"}
    assert audit.canonical_json(data).encode() == canonical(data)


def test_event_hash_covers_every_field_but_id_and_hash(fields):
    """hash = SHA-256 of the canonical bytes; the database id and the hash itself are not covered."""
    event = AuditEvent(id=99, hash="whatever", **fields)
    digest = hashlib.sha256(canonical(expected_dict(fields))).hexdigest()
    assert audit.event_hash(event) == digest
    event.id, event.hash = 1, ""
    assert audit.event_hash(event) == digest
    for name in audit.CANONICAL_COLUMNS:
        changed = AuditEvent(**{**fields, name: _other(fields[name])})
        assert audit.event_hash(changed) != digest, name


def _other(value):
    if value is None:
        return 1
    if isinstance(value, datetime.datetime):
        return value + datetime.timedelta(microseconds=1)
    if isinstance(value, int):
        return value + 1
    if value.startswith("{"):
        return '{"x":1}'
    return value + "x"


def test_time_format_is_iso_8601_utc_with_microseconds_and_z():
    """The canonical time form (DESIGN §10), whatever the input time zone or microseconds."""
    import datetime
    from zoneinfo import ZoneInfo

    from workflow.audit import format_time

    hanoi = ZoneInfo("Asia/Ho_Chi_Minh")
    assert format_time(datetime.datetime(2026, 1, 5, 7, 4, 5, 0, tzinfo=hanoi)) == "2026-01-05T00:04:05.000000Z"
    assert (
        format_time(datetime.datetime(2025, 12, 31, 23, 59, 59, 999999, tzinfo=datetime.UTC))
        == "2025-12-31T23:59:59.999999Z"
    )
