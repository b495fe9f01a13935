"""Audit checkpoints: a signed Merkle root over the head of every stream (DESIGN §10).

Checkpoints are signed with the organisation's certificate key when one is configured
(SIGNING_KEYS_DIR/organisation.p12, EC P-256: the raw r||s signature fits the 128-hex column), else with
the Ed25519 key AUDIT_SIGNING_KEY. `public_key` records which: the certificate's SHA-256 fingerprint, or
the Ed25519 public key. Both kinds stay verifiable: the verifier trusts the organisation certificate and
the Ed25519 key together (`TrustedKeys`).
"""

import base64
import hashlib
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from workflow import audit
from workflow.models import AuditCheckpoint, AuditStreamHead


@dataclass(frozen=True)
class TrustedKeys:
    """What checkpoints are verified against: the organisation certificate and/or the Ed25519 key."""

    ed25519: Ed25519PublicKey | None = None
    certificate: object = None  # cryptography x509.Certificate

    @property
    def certificate_fingerprint(self) -> str:
        return self.certificate.fingerprint(hashes.SHA256()).hex() if self.certificate is not None else ""


@dataclass(frozen=True)
class OrganisationSigner:
    """The organisation's certificate key, used like an Ed25519 private key by `checkpoint_create`."""

    pair: object  # documents.keys.KeyPair

    def sign(self, payload: bytes) -> bytes:
        der = self.pair.key.sign(payload, ec.ECDSA(hashes.SHA256()))
        r, s = decode_dss_signature(der)
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")

    def public_key(self) -> TrustedKeys:
        return TrustedKeys(ed25519=_ed25519_public_key_if_any(), certificate=self.pair.certificate)


def _ed25519_public_key_if_any() -> Ed25519PublicKey | None:
    # Checkpoints signed before the organisation key was configured stay verifiable.
    try:
        return ed25519_signing_key().public_key()
    except ImproperlyConfigured:
        return None


def _organisation_key():
    from documents import keys  # the shared key loader (documents owns the PKCS#12 files)

    if not keys.organisation_configured():
        return None
    pair = keys.organisation_key()
    if not isinstance(pair.key, ec.EllipticCurvePrivateKey) or pair.key.curve.name != "secp256r1":
        raise ImproperlyConfigured("The organisation key must be EC P-256 to sign audit checkpoints.")
    return pair


def signing_key():
    """The checkpoint key: the organisation's certificate key when configured, else the Ed25519 key."""
    pair = _organisation_key()
    if pair is not None:
        return OrganisationSigner(pair)
    return ed25519_signing_key()


def ed25519_signing_key() -> Ed25519PrivateKey:
    """The Ed25519 checkpoint key: AUDIT_SIGNING_KEY, or in development a key kept in var/."""
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


def public_key_hex(key) -> str:
    if isinstance(key, OrganisationSigner):
        return key.pair.fingerprint
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


def signature_valid(checkpoint: AuditCheckpoint, trusted) -> bool:
    """Check the signature against the trusted key that `checkpoint.public_key` names; any other key fails."""
    if isinstance(trusted, Ed25519PublicKey):
        trusted = TrustedKeys(ed25519=trusted)
    payload = signed_payload(checkpoint)
    try:
        signature = bytes.fromhex(checkpoint.signature)
        if trusted.certificate is not None and checkpoint.public_key == trusted.certificate_fingerprint:
            if len(signature) != 64:
                return False
            der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
            trusted.certificate.public_key().verify(der, payload, ec.ECDSA(hashes.SHA256()))
            return True
        if trusted.ed25519 is None:
            return False
        trusted.ed25519.verify(signature, payload)
    except (InvalidSignature, ValueError):
        return False
    return True


def latest() -> AuditCheckpoint | None:
    return AuditCheckpoint.objects.order_by("-id").first()
