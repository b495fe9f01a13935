"""`verify_audit` names the first event that was changed, deleted, inserted or reordered (DESIGN §10).

Each test plays an attacker who lifted the append-only triggers (tests.conftest.bypass_audit_protection),
tampers with a log written by a real lifecycle, then runs the command as an operator would: exit status 1
and the tampered event named by id, or by stream and position when it no longer exists.
"""

import datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.audit.tampering import run_command, stream_events, tamper
from workflow import audit, checkpoints, verification
from workflow.models import AuditCheckpoint, AuditEvent, AuditStreamHead

COLUMNS = ("hash", *audit.CANONICAL_COLUMNS)


def forge(event: AuditEvent) -> int:
    """Insert `event` with raw SQL, as an attacker would; return its id."""
    values = [getattr(event, c) for c in COLUMNS]
    tamper(
        f"INSERT INTO workflow_auditevent ({', '.join(COLUMNS)}) VALUES ({', '.join(['%s'] * len(COLUMNS))})",
        values,
    )
    return AuditEvent.objects.get(stream=event.stream, stream_seq=event.stream_seq).pk


def copy_of(event: AuditEvent, **changes) -> AuditEvent:
    fields = {c: getattr(event, c) for c in audit.CANONICAL_COLUMNS}
    fields.update(changes)
    return AuditEvent(**fields)


def assert_names_event(event_id: int, message: str) -> str:
    code, out = run_command("verify_audit")
    assert code == 1, out
    assert f"Vấn đề đầu tiên: sự kiện #{event_id} (" in out
    first = verification.verify().first_problem
    assert first.event_id == event_id
    assert message in first.message
    return out


@pytest.fixture
def chain(decided_dossier):
    """The 13 events of the decided dossier's stream, in order."""
    events = stream_events(decided_dossier.audit_stream)
    assert [e.stream_seq for e in events] == list(range(1, 14))
    return events


def test_verify_audit_passes_untouched_log_of_real_lifecycle(chain):
    """Intact log: exit status 0 and the counts of events, streams and checkpoints."""
    code, out = run_command("audit_checkpoint")
    assert code == 0
    code, out = run_command("verify_audit")
    events = AuditEvent.objects.count()
    streams = AuditEvent.objects.values("stream").distinct().count()
    assert code == 0, out
    assert out.strip() == f"Nhật ký toàn vẹn: {events} sự kiện, {streams} chuỗi, 1 điểm chốt."
    assert AuditEvent.objects.filter(stream="system", action="audit_checkpoint").count() == 1
    report = verification.verify()
    assert report.intact and report.first_problem is None
    assert (report.event_count, report.stream_count, report.checkpoint_count) == (events, streams, 1)


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("data_json", '{"nominations":{"1":"eligible","2":"ineligible"}}'),
        ("actor_username", "chutich"),
        ("to_state", "decided"),
        ("occurred_at", datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)),
    ],
)
def test_verify_audit_names_event_whose_field_was_changed(chain, column, value):
    """A changed field no longer matches the event's hash."""
    event = chain[10]  # forward_to_council
    tamper(f"UPDATE workflow_auditevent SET {column} = %s WHERE id = %s", [value, event.pk])
    out = assert_names_event(event.pk, "nội dung đã bị sửa")
    assert f"({event.stream}, thứ tự 11)" in out


def test_verify_audit_names_position_of_event_deleted_in_middle_of_stream(chain):
    """A deletion leaves a gap: reported by stream and position, before the broken link it causes."""
    deleted = chain[5]
    tamper("DELETE FROM workflow_auditevent WHERE id = %s", [deleted.pk])
    code, out = run_command("verify_audit")
    assert code == 1
    assert f"Vấn đề đầu tiên: {deleted.stream}, thứ tự 6: thiếu sự kiện thứ 6 (đã bị xóa)" in out
    assert "Còn 1 vấn đề khác" in out  # the next event's link
    first = verification.verify().first_problem
    assert (first.stream, first.seq, first.event_id) == (deleted.stream, 6, None)


def test_verify_audit_names_forged_event_with_made_up_hash(chain):
    """An event appended behind the application's back, with a hash that is not its own."""
    last = chain[-1]
    forged = copy_of(
        last, stream_seq=14, action="revoke", from_state="decided", to_state="revoked", prev_hash=last.hash,
        occurred_at=last.occurred_at + datetime.timedelta(hours=1),
    )
    forged.hash = "ab" * 32
    assert_names_event(forge(forged), "nội dung đã bị sửa")


def test_verify_audit_names_forged_event_whose_hash_is_right_but_link_is_not(chain):
    """A well-hashed forgery that does not link to the event before it (here: a fork after event 5)."""
    last = chain[-1]
    forged = copy_of(last, stream_seq=14, action="revoke", to_state="revoked", prev_hash=chain[4].hash)
    forged.hash = audit.event_hash(forged)
    assert_names_event(forge(forged), "không nối tiếp")


def test_verify_audit_names_break_right_after_event_inserted_in_middle(chain):
    """An insertion that renumbers the rest: the forgery links, so the break shows at the next event.

    The forged event is consistent with its predecessor by construction; the first event it displaced
    no longer links (and its hash no longer covers its new position).
    """
    stream = chain[0].stream
    renumber = "UPDATE workflow_auditevent SET stream_seq = stream_seq + %s WHERE stream = %s AND stream_seq >= %s"
    tamper(renumber, [1000, stream, 7])  # out of the way first: (stream, stream_seq) is unique
    tamper(renumber, [-999, stream, 1000])
    forged = copy_of(chain[6], stream_seq=7, data_json='{"nominee":"Người không có thật"}', prev_hash=chain[5].hash)
    forged.hash = audit.event_hash(forged)
    forged_id = forge(forged)
    out = assert_names_event(chain[6].pk, "không nối tiếp")
    assert f"({stream}, thứ tự 8)" in out
    assert all(p.event_id != forged_id for p in verification.verify().problems)


def test_verify_audit_names_events_swapped_within_stream(chain):
    """Reordering: two events exchange positions (through a temporary one, the pair is unique)."""
    fifth, sixth = chain[4], chain[5]
    tamper("UPDATE workflow_auditevent SET stream_seq = 1000 WHERE id = %s", [fifth.pk])
    tamper("UPDATE workflow_auditevent SET stream_seq = 5 WHERE id = %s", [sixth.pk])
    tamper("UPDATE workflow_auditevent SET stream_seq = 6 WHERE id = %s", [fifth.pk])
    assert_names_event(fifth.pk, "")
    code, out = run_command("verify_audit", "--all")
    assert code == 1
    assert f"#{fifth.pk} ({fifth.stream}, thứ tự 6)" in out
    assert f"#{sixth.pk} ({sixth.stream}, thứ tự 5)" in out


def test_verify_audit_names_tail_cut_after_checkpoint_even_with_head_repaired(chain):
    """Deleting the last events and repairing the stream head leaves a valid chain: the checkpoint tells."""
    stream = chain[0].stream
    assert run_command("audit_checkpoint")[0] == 0
    tamper("DELETE FROM workflow_auditevent WHERE stream = %s AND stream_seq >= 12", [stream])
    AuditStreamHead.objects.filter(stream=stream).update(last_seq=11, last_hash=chain[10].hash)
    code, out = run_command("verify_audit")
    assert code == 1
    checkpoint = AuditCheckpoint.objects.get()
    assert f"Vấn đề đầu tiên: {stream}, thứ tự 12: thiếu sự kiện thứ 12–13: điểm chốt #{checkpoint.pk}" in out
    report = verification.verify()
    assert len(report.problems) == 1
    assert (report.first_problem.stream, report.first_problem.seq) == (stream, 12)


def test_verify_audit_names_tail_cut_by_stream_head_without_checkpoint(chain):
    """Without a checkpoint the stream head, written with each event, still names the missing tail."""
    stream = chain[0].stream
    tamper("DELETE FROM workflow_auditevent WHERE stream = %s AND stream_seq = 13", [stream])
    code, out = run_command("verify_audit")
    assert code == 1
    assert f"Vấn đề đầu tiên: {stream}, thứ tự 13: thiếu sự kiện thứ 13: bảng đầu chuỗi đã cam kết" in out


def test_verify_audit_names_event_rewritten_with_whole_chain_recomputed_after_checkpoint(chain):
    """An attacker who recomputes every later hash and the head defeats the chain, not the checkpoint."""
    stream = chain[0].stream
    assert run_command("audit_checkpoint")[0] == 0
    prev_hash = chain[8].hash
    for event in chain[9:]:
        rewritten = copy_of(event, prev_hash=prev_hash)
        if event.stream_seq == 10:
            rewritten.actor_username = "vhxh"
        rewritten.hash = audit.event_hash(rewritten)
        tamper(
            "UPDATE workflow_auditevent SET actor_username = %s, prev_hash = %s, hash = %s WHERE id = %s",
            [rewritten.actor_username, rewritten.prev_hash, rewritten.hash, event.pk],
        )
        prev_hash = rewritten.hash
    AuditStreamHead.objects.filter(stream=stream).update(last_hash=prev_hash)
    checkpoint = AuditCheckpoint.objects.get()
    out = assert_names_event(chain[-1].pk, f"khác với sự kiện mà điểm chốt #{checkpoint.pk} đã cam kết")
    assert "Còn" not in out


def test_verify_audit_detects_checkpoint_with_changed_merkle_root(chain):
    """A checkpoint whose root was changed matches neither its heads nor its signature."""
    assert run_command("audit_checkpoint")[0] == 0
    checkpoint = AuditCheckpoint.objects.get()
    tamper("UPDATE workflow_auditcheckpoint SET merkle_root = %s WHERE id = %s", ["f" * 64, checkpoint.pk])
    code, out = run_command("verify_audit", "--all")
    assert code == 1
    assert f"checkpoint:{checkpoint.pk}, thứ tự 0: gốc Merkle không khớp" in out
    assert f"checkpoint:{checkpoint.pk}, thứ tự 0: chữ ký của điểm chốt không hợp lệ" in out
    assert verification.verify().first_problem.stream == f"checkpoint:{checkpoint.pk}"


def test_verify_audit_detects_checkpoint_signed_with_another_key(chain):
    """A checkpoint re-signed by anyone but the organisation key is refused."""
    assert run_command("audit_checkpoint")[0] == 0
    checkpoint = AuditCheckpoint.objects.get()
    forger = Ed25519PrivateKey.from_private_bytes(b"\x07" * 32)
    signature = forger.sign(checkpoints.signed_payload(checkpoint)).hex()
    tamper("UPDATE workflow_auditcheckpoint SET signature = %s WHERE id = %s", [signature, checkpoint.pk])
    code, out = run_command("verify_audit")
    assert code == 1
    assert f"Vấn đề đầu tiên: checkpoint:{checkpoint.pk}, thứ tự 0: chữ ký của điểm chốt không hợp lệ" in out


def test_verify_audit_lists_every_problem_only_with_all(chain):
    """By default the first problem and a count of the others; --all lists each."""
    grant = AuditEvent.objects.filter(stream__startswith="user:").order_by("id").first()
    tamper("UPDATE workflow_auditevent SET role = 'chair' WHERE id IN (%s, %s)", [grant.pk, chain[2].pk])
    code, out = run_command("verify_audit")
    assert code == 1
    assert f"Vấn đề đầu tiên: sự kiện #{grant.pk} (" in out
    assert "Còn 1 vấn đề khác (dùng --all để xem tất cả)." in out
    assert f"#{chain[2].pk}" not in out
    code, out = run_command("verify_audit", "--all")
    assert code == 1
    assert f"- sự kiện #{chain[2].pk} ({chain[2].stream}, thứ tự 3): nội dung đã bị sửa" in out
