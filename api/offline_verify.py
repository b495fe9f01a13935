#!/usr/bin/env python3
"""Check a dossier export of Vinh Danh offline, with nothing but Python 3.11+ (docs/api.md).

    python3 offline_verify.py ho-so-12.json [--files DIR]

1. Every audit event's SHA-256 is recomputed from its fields (canonical JSON: sorted keys, UTF-8, no
   spaces, times in ISO 8601 UTC with microseconds; `data_json` embedded as exported).
2. The stream is whole and in order: sequence 1, 2, 3, ... and each `prev_hash` is the previous hash
   (the first one the genesis hash).
3. Every document listed has an upload event carrying the same SHA-256; with --files, every document's
   SHA-256 matches a file in DIR (files are matched by content, whatever their names).
4. If the export carries a checkpoint: its Merkle root is recomputed from its heads, the stream's head
   in it matches the event at that sequence, and, when the `cryptography` package is installed, its
   signature is checked: Ed25519, or ECDSA P-256 by the organisation's certificate carried in the export
   (compare `public_key`, the key or the certificate's fingerprint, with the one your commune published).

Prints what it checked; exit status 0 when everything holds, 1 otherwise (naming the first problem).
This file deliberately imports nothing from Vinh Danh: a reviewer can read all of it.
"""

import argparse
import hashlib
import json
import sys
from json.encoder import encode_basestring
from pathlib import Path

# Run as `python3 api/offline_verify.py`, Python puts api/ first on the path, where api/selectors.py would
# shadow the standard library's `selectors` (which cryptography's x509 module imports).
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

TEMPLATE = (
    '{"action":%s,"actor_id":%s,"actor_username":%s,"client_address":%s,"data":%s,"from_state":%s,'
    '"object_id":%s,"object_type":%s,"occurred_at":"%s","on_behalf_of_id":%s,"on_behalf_of_username":%s,'
    '"prev_hash":"%s","request_id":%s,"role":%s,"stream":%s,"stream_seq":%d,"to_state":%s}'
)


def _int_or_null(value):
    return "null" if value is None else str(int(value))


def event_hash(event: dict) -> str:
    text = TEMPLATE % (
        encode_basestring(event["action"]), _int_or_null(event["actor_id"]), encode_basestring(event["actor_username"]),
        encode_basestring(event["client_address"]), event["data_json"], encode_basestring(event["from_state"]),
        encode_basestring(event["object_id"]), encode_basestring(event["object_type"]), event["occurred_at"],
        _int_or_null(event["on_behalf_of_id"]), encode_basestring(event["on_behalf_of_username"]),
        event["prev_hash"], encode_basestring(event["request_id"]), encode_basestring(event["role"]),
        encode_basestring(event["stream"]), event["stream_seq"], encode_basestring(event["to_state"]),
    )
    return hashlib.sha256(text.encode()).hexdigest()


def canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def merkle_root(heads: dict) -> str:
    level = [hashlib.sha256(canonical_json([s, seq, h]).encode()).digest() for s, (seq, h) in sorted(heads.items())]
    if not level:
        return hashlib.sha256(b"").hexdigest()
    while len(level) > 1:
        if len(level) % 2:
            level.append(level[-1])
        level = [hashlib.sha256(level[i] + level[i + 1]).digest() for i in range(0, len(level), 2)]
    return level[0].hex()


def check_events(audit: dict, problems: list) -> dict:
    """Recompute hashes and links; return {seq: hash} of the events that verified."""
    previous, hashes = audit["genesis_hash"], {}
    for expected_seq, event in enumerate(audit["events"], start=1):
        where = f"event #{event.get('id')} ({audit['stream']}, seq {event['stream_seq']})"
        if event["stream"] != audit["stream"]:
            problems.append(f"{where}: belongs to stream {event['stream']}")
        if event["stream_seq"] != expected_seq:
            problems.append(f"{where}: expected seq {expected_seq}: an event is missing or out of order")
        if event["prev_hash"] != previous:
            problems.append(f"{where}: prev_hash does not link to the previous event")
        recomputed = event_hash(event)
        if recomputed != event["hash"]:
            problems.append(f"{where}: content changed (hash {recomputed} != recorded {event['hash']})")
        hashes[event["stream_seq"]] = event["hash"]
        previous = event["hash"]
    return hashes


def check_attachments(export: dict, files: Path | None, problems: list) -> None:
    uploaded = {}
    for event in export["audit"]["events"]:
        if event["action"] == "attachment_uploaded":
            data = json.loads(event["data_json"])
            uploaded[data.get("attachment")] = data.get("sha256")
    on_disk = set()
    if files is not None:
        on_disk = {hashlib.sha256(p.read_bytes()).hexdigest() for p in files.rglob("*") if p.is_file()}
    for attachment in export["attachments"]:
        name = f"document #{attachment['id']} ({attachment['original_name']})"
        if uploaded.get(attachment["id"]) != attachment["sha256"]:
            problems.append(f"{name}: its SHA-256 is not the one recorded when it was uploaded")
        if files is not None and attachment["sha256"] not in on_disk:
            problems.append(f"{name}: no file in {files} has SHA-256 {attachment['sha256']}")


def check_checkpoint(audit: dict, hashes: dict, problems: list) -> str:
    checkpoint = audit.get("checkpoint")
    if not checkpoint:
        return "no checkpoint in the export (the stream is newer than the latest checkpoint)"
    if merkle_root(checkpoint["heads"]) != checkpoint["merkle_root"]:
        problems.append(f"checkpoint #{checkpoint['id']}: Merkle root does not match its heads")
    seq, head = checkpoint["heads"][audit["stream"]]
    if hashes.get(seq) != head:
        problems.append(f"checkpoint #{checkpoint['id']}: committed to a different event at seq {seq}")
    payload = canonical_json({key: checkpoint[key] for key in ("created_at", "event_count", "merkle_root",
                                                               "stream_count")}).encode()
    if hashlib.sha256(payload).hexdigest() != checkpoint["digest"]:
        problems.append(f"checkpoint #{checkpoint['id']}: digest does not match its content")
    try:
        from cryptography.exceptions import InvalidSignature
    except ImportError:
        return f"checkpoint #{checkpoint['id']}: root and head checked; signature not checked (no cryptography)"
    try:
        verify_signature(checkpoint, payload)
    except (InvalidSignature, ValueError):
        problems.append(f"checkpoint #{checkpoint['id']}: signature does not verify with {checkpoint['public_key']}")
    return f"checkpoint #{checkpoint['id']}: root, head and signature checked (key {checkpoint['public_key']})"


def verify_signature(checkpoint: dict, payload: bytes) -> None:
    """Ed25519 (`public_key` is the raw key), or ECDSA P-256 by the organisation's certificate (`public_key`
    is the certificate's SHA-256 fingerprint, `certificate` its PEM; signature r || s). Raises if invalid."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    signature = bytes.fromhex(checkpoint["signature"])
    if not checkpoint.get("certificate"):
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(checkpoint["public_key"])).verify(signature, payload)
        return
    certificate = x509.load_pem_x509_certificate(checkpoint["certificate"].encode())
    if certificate.fingerprint(hashes.SHA256()).hex() != checkpoint["public_key"] or len(signature) != 64:
        raise ValueError("not the certificate the checkpoint names")
    der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
    certificate.public_key().verify(der, payload, ec.ECDSA(hashes.SHA256()))


def verify(export: dict, files: Path | None = None) -> tuple[list, list]:
    """Return (what was checked, problems found)."""
    problems: list = []
    audit = export["audit"]
    hashes = check_events(audit, problems)
    check_attachments(export, files, problems)
    notes = [
        f"{len(audit['events'])} audit events of {audit['stream']} recomputed and linked",
        f"{len(export['attachments'])} documents matched to their upload events"
        + (f" and to files in {files}" if files is not None else ""),
        check_checkpoint(audit, hashes, problems),
    ]
    return notes, problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Verify a Vinh Danh dossier export offline.")
    parser.add_argument("export", type=Path)
    parser.add_argument("--files", type=Path, help="folder with the downloaded documents")
    args = parser.parse_args(argv)
    export = json.loads(args.export.read_text(encoding="utf-8"))
    notes, problems = verify(export, args.files)
    for note in notes:
        print(f"- {note}")
    if problems:
        print(f"NOT INTACT: {problems[0]}")
        for problem in problems[1:]:
            print(f"  also: {problem}")
        return 1
    print("INTACT")
    return 0


if __name__ == "__main__":
    sys.exit(main())
