"""`audit_checkpoint` signs a Merkle root over the head of every stream and prints its digest (DESIGN §10)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.audit.tampering import run_command
from workflow import checkpoints
from workflow.models import AuditCheckpoint, AuditEvent, AuditStreamHead


def test_audit_checkpoint_signs_head_of_every_stream_and_prints_digest(decided_dossier):
    """The checkpoint commits to every stream head, is signed with the organisation key, and prints its digest."""
    heads = {h.stream: [h.last_seq, h.last_hash] for h in AuditStreamHead.objects.all()}
    code, out = run_command("audit_checkpoint")
    assert code == 0
    checkpoint = AuditCheckpoint.objects.get()
    assert checkpoint.heads == heads
    assert checkpoint.stream_count == len(heads)
    assert checkpoint.merkle_root == checkpoints.merkle_root(heads)
    assert checkpoints.signature_valid(checkpoint, checkpoints.signing_key().public_key())
    assert out.strip() == (
        f"Đã tạo điểm chốt #{checkpoint.pk}: {len(heads)} chuỗi, {checkpoint.event_count} sự kiện, "
        f"mã xác nhận {checkpoints.digest(checkpoint)}"
    )
    assert AuditEvent.objects.filter(stream="system", action="audit_checkpoint", object_id=str(checkpoint.pk)).exists()


def test_audit_checkpoint_cannot_sign_without_organisation_key(decided_dossier, settings):
    """Outside development a missing key is a configuration error, and no checkpoint is written."""
    settings.AUDIT_SIGNING_KEY = ""
    settings.DEBUG = False
    events = AuditEvent.objects.count()
    with pytest.raises(ImproperlyConfigured, match="AUDIT_SIGNING_KEY"):
        run_command("audit_checkpoint")
    assert not AuditCheckpoint.objects.exists()
    assert AuditEvent.objects.count() == events


def test_verify_audit_passes_empty_log(db):
    """A fresh installation verifies: nothing written, nothing wrong."""
    assert run_command("verify_audit") == (0, "Nhật ký toàn vẹn: 0 sự kiện, 0 chuỗi, 0 điểm chốt.\n")
