"""The oversight pages' writes: each is an audit event of its own (an export or a verification is a fact)."""

from oversight.audit_log import AuditFilters
from workflow import audit


def audit_export_record(*, actor, filters: AuditFilters, row_count: int, file_format: str):
    return audit.record(
        stream=f"user:{actor.pk}",
        action="audit_exported",
        actor=actor,
        object_type="audit_log",
        object_id="export",
        data={"filters": filters.as_record(), "rows": row_count, "format": file_format},
    )


def verification_record(*, actor, report) -> None:
    audit.record(
        stream=f"user:{actor.pk}",
        action="audit_verified",
        actor=actor,
        object_type="audit_log",
        object_id="verify",
        data={
            "intact": report.intact,
            "events": report.event_count,
            "streams": report.stream_count,
            "checkpoints": report.checkpoint_count,
            "problems": len(report.problems),
        },
    )
