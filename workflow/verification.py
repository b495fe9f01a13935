"""Recompute every audit chain and checkpoint and name what was changed, deleted, inserted or reordered."""

import hashlib
from dataclasses import dataclass, field

from workflow import audit, checkpoints
from workflow.models import AuditCheckpoint, AuditEvent


@dataclass(frozen=True)
class Problem:
    stream: str
    seq: int
    event_id: int | None
    message: str

    def __str__(self):
        where = f"sự kiện #{self.event_id} ({self.stream}, thứ tự {self.seq})" if self.event_id else f"{self.stream}, thứ tự {self.seq}"
        return f"{where}: {self.message}"


@dataclass
class Report:
    event_count: int = 0
    stream_count: int = 0
    checkpoint_count: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems

    @property
    def first_problem(self) -> Problem | None:
        # The earliest by database order, events without an id (missing ones) by their stream position.
        return min(self.problems, key=lambda p: (p.event_id is None, p.event_id or 0, p.stream, p.seq), default=None)


def verify(*, chunk_size: int = 20000) -> Report:
    """Walk every stream in order, recomputing hashes and links, then check every checkpoint."""
    report = Report()
    committed = _checkpoint_commitments(report)
    sha256 = hashlib.sha256
    canonical = audit.canonical_bytes
    rows = (
        AuditEvent.objects.order_by("stream", "stream_seq")
        .values_list("id", "hash", *audit.CANONICAL_COLUMNS)
        .iterator(chunk_size=chunk_size)
    )
    stream = None
    expected_seq, prev_hash = 1, audit.GENESIS_HASH
    problems = report.problems
    for row in rows:
        event_id, stored_hash, columns = row[0], row[1], row[2:]
        row_stream, seq, row_prev = columns[14], columns[15], columns[11]
        if row_stream != stream:
            stream, expected_seq, prev_hash = row_stream, 1, audit.GENESIS_HASH
            report.stream_count += 1
        report.event_count += 1
        if seq != expected_seq:
            problems.append(
                Problem(stream, expected_seq, None, f"thiếu sự kiện thứ {expected_seq}–{seq - 1} (đã bị xóa)")
                if seq > expected_seq
                else Problem(stream, seq, event_id, "số thứ tự bị lặp hoặc đảo (sự kiện bị chèn)")
            )
        if row_prev != prev_hash:
            problems.append(
                Problem(stream, seq, event_id, "không nối tiếp sự kiện liền trước (bị chèn, xóa hoặc đảo thứ tự)")
            )
        if sha256(canonical(*columns)).hexdigest() != stored_hash:
            problems.append(Problem(stream, seq, event_id, "nội dung đã bị sửa: mã băm không khớp"))
        pending = committed.pop((stream, seq), None)
        if pending is not None and pending[0] != stored_hash:
            problems.append(
                Problem(stream, seq, event_id, f"khác với sự kiện mà điểm chốt #{pending[1]} đã cam kết")
            )
        expected_seq, prev_hash = seq + 1, stored_hash
    for (missing_stream, seq), (_, checkpoint_id) in sorted(committed.items()):
        problems.append(
            Problem(missing_stream, seq, None, f"điểm chốt #{checkpoint_id} đã cam kết sự kiện này nhưng nó không còn (đuôi chuỗi bị cắt)")
        )
    return report


def _checkpoint_commitments(report: Report) -> dict[tuple[str, int], tuple[str, int]]:
    """Check each checkpoint's signature and root; return the (stream, seq) -> hash each commits to."""
    trusted = checkpoints.signing_key().public_key()
    committed: dict[tuple[str, int], tuple[str, int]] = {}
    for checkpoint in AuditCheckpoint.objects.order_by("id").iterator():
        report.checkpoint_count += 1
        where = f"checkpoint:{checkpoint.pk}"
        if checkpoints.merkle_root(checkpoint.heads) != checkpoint.merkle_root:
            report.problems.append(Problem(where, 0, None, "gốc Merkle không khớp với các đầu chuỗi đã ghi"))
        if not checkpoints.signature_valid(checkpoint, trusted):
            report.problems.append(Problem(where, 0, None, "chữ ký của điểm chốt không hợp lệ"))
        for stream, (seq, digest) in checkpoint.heads.items():
            committed.setdefault((stream, seq), (digest, checkpoint.pk))
    return committed
