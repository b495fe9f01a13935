"""What the log must still contain: checkpoint and stream-head commitments, and the cut tails they reveal."""

from collections import defaultdict

from django.utils.translation import gettext

from workflow import checkpoints
from workflow.models import AuditCheckpoint, AuditStreamHead

from .report import _LAST, HEAD_TABLE, Problem, Report, witness_name


def _checkpoint_commitments(report: Report) -> dict[tuple[str, int], tuple[str, str]]:
    """Check each checkpoint's signature and root; return the (stream, seq) -> (hash, who) each commits to."""
    trusted = checkpoints.signing_key().public_key()
    committed: dict[tuple[str, int], tuple[str, str]] = {}
    for checkpoint in AuditCheckpoint.objects.order_by("id").iterator():
        report.checkpoint_count += 1
        where = f"checkpoint:{checkpoint.pk}"
        if checkpoints.merkle_root(checkpoint.heads) != checkpoint.merkle_root:
            report.problems.append(
                Problem(where, 0, None, gettext("gốc Merkle không khớp với các đầu chuỗi đã ghi"))
            )
        if not checkpoints.signature_valid(checkpoint, trusted):
            report.problems.append(Problem(where, 0, None, gettext("chữ ký của điểm chốt không hợp lệ")))
        for stream, (seq, digest) in checkpoint.heads.items():
            if seq:
                committed.setdefault((stream, seq), (digest, gettext("điểm chốt #%(id)s") % {"id": checkpoint.pk}))
    return committed


def _head_commitments(committed: dict[tuple[str, int], tuple[str, str]]) -> None:
    """Add what each stream head records: it is written with the event, so it must still name it."""
    heads = AuditStreamHead.objects.filter(last_seq__gt=0).values_list("stream", "last_seq", "last_hash")
    for stream, seq, digest in heads.iterator(chunk_size=5000):
        committed.setdefault((stream, seq), (digest, HEAD_TABLE))


def _report_cut_tails(committed, last_seen, problems) -> None:
    """Events committed to but gone: one problem per stream, at its first missing position."""
    # Commitments at or below a stream's last event were compared during the walk, or fall in a gap
    # already reported there; only those beyond it are a cut tail.
    gone: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (stream, seq), (_, who) in committed.items():
        if seq > last_seen.get(stream, (0, None))[0]:
            gone[stream].append((seq, who))
    for stream, commitments in sorted(gone.items()):
        last_seq, last_id = last_seen.get(stream, (0, None))
        highest = max(seq for seq, _ in commitments)
        witnesses = ", ".join(sorted({witness_name(who) for _, who in commitments}))
        missing = f"{last_seq + 1}" if highest == last_seq + 1 else f"{last_seq + 1}–{highest}"
        problems.append(
            Problem(
                stream, last_seq + 1, None,
                gettext(
                    "thiếu sự kiện thứ %(missing)s: %(witnesses)s đã cam kết nhưng chúng không còn (đuôi chuỗi bị cắt)"
                ) % {"missing": missing, "witnesses": witnesses},
                (last_id, 1) if last_id is not None else (_LAST,),
            )
        )
