"""Audit checkpoints are signed with the organisation's certificate key once it is configured (DESIGN §10:
"signed with the organisation key"); checkpoints signed earlier with the Ed25519 key stay verifiable, and
a checkpoint re-signed with any other key is named by `verify_audit`."""

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from documents import keys
from tests.audit.tampering import run_command, tamper
from workflow import checkpoints, verification
from workflow.models import AuditCheckpoint


def test_checkpoint_is_signed_with_the_organisation_certificate(world):
    checkpoint = checkpoints.checkpoint_create()
    assert checkpoint.public_key == keys.organisation_key().fingerprint
    assert checkpoints.signature_valid(checkpoint, checkpoints.signing_key().public_key())
    assert verification.verify().problems == []


def test_ed25519_checkpoints_from_before_stay_verifiable(world, settings, tmp_path):
    with_org = settings.SIGNING_KEYS_DIR
    settings.SIGNING_KEYS_DIR = str(tmp_path)  # no organisation key yet: Ed25519 as before
    old = checkpoints.checkpoint_create()
    assert old.public_key == checkpoints.public_key_hex(checkpoints.ed25519_signing_key())
    settings.SIGNING_KEYS_DIR = with_org
    new = checkpoints.checkpoint_create()
    assert new.public_key != old.public_key
    code, out = run_command("verify_audit")
    assert code == 0, out
    assert "2 điểm chốt" in out


def test_verify_audit_names_checkpoint_resigned_with_another_ec_key(world):
    checkpoint = checkpoints.checkpoint_create()
    forger = ec.generate_private_key(ec.SECP256R1())
    r, s = decode_dss_signature(forger.sign(checkpoints.signed_payload(checkpoint), ec.ECDSA(hashes.SHA256())))
    forged = (r.to_bytes(32, "big") + s.to_bytes(32, "big")).hex()
    tamper("UPDATE workflow_auditcheckpoint SET signature = %s WHERE id = %s", [forged, checkpoint.pk])
    code, out = run_command("verify_audit")
    assert code == 1
    assert f"checkpoint:{checkpoint.pk}, thứ tự 0: chữ ký của điểm chốt không hợp lệ" in out
    assert AuditCheckpoint.objects.count() == 1
