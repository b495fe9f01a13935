"""A dossier as one JSON document that can be checked offline (api/offline_verify.py, docs/api.md):
its content, each file's SHA-256, and its whole audit stream with the exact fields each hash covers."""

from cryptography.hazmat.primitives.serialization import Encoding
from django.utils import timezone

from documents import keys
from workflow import audit, checkpoints
from workflow.audit import CANONICAL_COLUMNS, GENESIS_HASH
from workflow.models import AuditEvent

FORMAT = "vinhdanh.dossier-export/1"


def _event(event: AuditEvent) -> dict:
    fields = {name: getattr(event, name) for name in CANONICAL_COLUMNS}
    # Exactly as hashed: the time in its canonical text, `data_json` as stored.
    fields["occurred_at"] = audit.format_time(event.occurred_at)
    return {"id": event.pk, **fields, "hash": event.hash}


def _checkpoint(stream: str) -> dict | None:
    """The latest signed checkpoint, if it commits to this stream (a stream newer than it is not yet
    covered), with every head: the Merkle root is recomputed from them offline."""
    checkpoint = checkpoints.latest()
    if checkpoint is not None and stream in checkpoint.heads:
        return {
            "id": checkpoint.pk,
            "created_at": audit.format_time(checkpoint.created_at),
            "heads": checkpoint.heads,
            "stream_count": checkpoint.stream_count,
            "event_count": checkpoint.event_count,
            "merkle_root": checkpoint.merkle_root,
            "public_key": checkpoint.public_key,
            "signature": checkpoint.signature,
            "digest": checkpoints.digest(checkpoint),
            "certificate": _certificate(checkpoint.public_key),
        }
    return None


def _certificate(fingerprint: str) -> str | None:
    """The organisation's certificate (PEM) when it signed the checkpoint (`public_key` is then its SHA-256
    fingerprint): the offline check needs its public key. None for an Ed25519 checkpoint."""
    if not keys.organisation_configured():
        return None
    pair = keys.organisation_key()
    return pair.certificate.public_bytes(Encoding.PEM).decode() if pair.fingerprint == fingerprint else None


def dossier_export(*, dossier, content: dict, attachments: list[dict]) -> dict:
    events = AuditEvent.objects.filter(stream=dossier.audit_stream).order_by("stream_seq")
    return {
        "format": FORMAT,
        "exported_at": audit.format_time(timezone.now()),
        "dossier": content,
        "attachments": attachments,
        "audit": {
            "stream": dossier.audit_stream,
            "genesis_hash": GENESIS_HASH,
            "events": [_event(e) for e in events],
            "checkpoint": _checkpoint(dossier.audit_stream),
        },
    }
