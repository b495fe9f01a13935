"""ETag and If-Match: a client sends back the ETag it read, and a stale write gets 412, not an overwrite.

A dossier's ETag names its version (raised by every write, engine or service); a catalogue row's ETag
is a digest of its representation.
"""

import hashlib
import json

from api.errors import PreconditionFailed, PreconditionRequired
from workflow.exceptions import Conflict

MAX_ID = 2**63 - 1


def dossier_etag(dossier) -> str:
    return f'"dossier-{dossier.pk}-v{dossier.version}"'


def content_etag(kind: str, data) -> str:
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:32]
    return f'"{kind}-{digest}"'


def _tags(header: str) -> list[str]:
    return [t.strip().removeprefix("W/") for t in header.split(",") if t.strip()]


def check_if_match(request, current_etag: str, *, required: bool) -> bool:
    """Compare If-Match with the current ETag: 412 when stale, 428 when required and missing.

    Returns whether the client sent If-Match (callers then also pass the version to the service, so a
    change between this check and the service's row lock is refused too).
    """
    header = request.headers.get("If-Match", "").strip()
    if not header:
        if required:
            raise PreconditionRequired()
        return False
    if header != "*" and current_etag not in _tags(header):
        raise PreconditionFailed()
    return True


def expected_version(request, dossier) -> int | None:
    """The dossier version the client based its write on: the one checked by If-Match, else none."""
    return dossier.version if check_if_match(request, dossier_etag(dossier), required=False) else None


def stale_as_412(call, expected):
    """Run a service write; its version check failing (the row changed after our If-Match check, before its
    lock) is a stale client too: 412. Other conflicts (a superseded document) stay 409."""
    try:
        return call()
    except Conflict as exc:
        if expected is not None and exc.reasons == [str(exc.default_message)]:
            raise PreconditionFailed() from exc
        raise


def version_etag(kind: str, obj) -> str:
    """The ETag of a versioned row other than a dossier (a council session, a decision)."""
    return f'"{kind}-{obj.pk}-v{obj.version}"'


def requested_version(request, kind: str, obj, body_version=None) -> int | None:
    """The version a write is based on: If-Match (412 when stale), else `expected_version` from the body
    (the service then refuses a stale one with 409 conflict), else none."""
    if check_if_match(request, version_etag(kind, obj), required=False):
        return obj.version
    return body_version
