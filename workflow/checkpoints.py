"""Audit checkpoints: a signed Merkle root over the head of every stream (DESIGN §10)."""

import base64
import hashlib
import os

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from workflow import audit
from workflow.models import AuditCheckpoint, AuditStreamHead


def signing_key() -> Ed25519PrivateKey:
    """The checkpoint key: AUDIT_SIGNING_KEY, or in development a key kept in var/."""
    encoded = settings.AUDIT_SIGNING_KEY
    if not encoded:
        if not settings.DEBUG:
            raise ImproperlyConfigured("AUDIT_SIGNING_KEY must be set when DEBUG is off.")
        encoded = _development_key()
    seed = base64.b64decode(encoded)
    if len(seed) != 32:
        raise ImproperlyConfigured("AUDIT_SIGNING_KEY must be 32 bytes, base64-encoded.")
    return Ed25519PrivateKey.from_private_bytes(seed)


def _development_key() -> str:
    path = settings.AUDIT_SIGNING_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(base64.b64encode(os.urandom(32)).decode())
        path.chmod(0o600)
    return path.read_text().strip()


def public_key_hex(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def merkle_root(heads: dict[str, list]) -> str:
    """Root of a binary Merkle tree over the stream heads, leaves sorted by stream name."""
    level = [
        hashlib.sha256(audit.canonical_json([stream, seq, digest]).encode()).digest()
        for stream, (seq, digest) in sorted(heads.items())
    ]
    if not level:
        return hashlib.sha256(b"").hexdigest()
    while len(level) > 1:
        if len(level) % 2:
            level.append(level[-1])
        level = [hashlib.sha256(level[i] + level[i + 1]).digest() for i in range(0, len(level), 2)]
    return level[0].hex()


def signed_payload(checkpoint: AuditCheckpoint) -> bytes:
    return audit.canonical_json(
        {
            "created_at": audit.format_time(checkpoint.created_at),
            "event_count": checkpoint.event_count,
            "merkle_root": checkpoint.merkle_root,
            "stream_count": checkpoint.stream_count,
        }
    ).encode()


def digest(checkpoint: AuditCheckpoint) -> str:
    """The short commitment printed on issued documents."""
    return hashlib.sha256(signed_payload(checkpoint)).hexdigest()


@transaction.atomic
def checkpoint_create() -> AuditCheckpoint:
    """Commit to the current head of every stream and sign the commitment."""
    key = signing_key()
    heads = {h.stream: [h.last_seq, h.last_hash] for h in AuditStreamHead.objects.order_by("stream")}
    checkpoint = AuditCheckpoint(
        created_at=timezone.now(),
        heads=heads,
        stream_count=len(heads),
        event_count=sum(seq for seq, _ in heads.values()),
        merkle_root=merkle_root(heads),
        public_key=public_key_hex(key),
    )
    checkpoint.signature = key.sign(signed_payload(checkpoint)).hex()
    checkpoint.save(force_insert=True)
    audit.append(
        stream="system",
        action="audit_checkpoint",
        actor=None,
        object_type="checkpoint",
        object_id=checkpoint.pk,
        data={"merkle_root": checkpoint.merkle_root, "streams": checkpoint.stream_count},
    )
    return checkpoint


def signature_valid(checkpoint: AuditCheckpoint, trusted: Ed25519PublicKey) -> bool:
    try:
        trusted.verify(bytes.fromhex(checkpoint.signature), signed_payload(checkpoint))
    except (InvalidSignature, ValueError):
        return False
    return True


def latest() -> AuditCheckpoint | None:
    return AuditCheckpoint.objects.order_by("-id").first()
