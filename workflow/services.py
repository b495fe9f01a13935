"""Writes of the workflow app's own configuration; each one is audited in the caller's transaction."""

from workflow import audit
from workflow.models import CalendarDay


def calendar_day_record(*, day: CalendarDay, actor, action: str) -> None:
    """Audit adding, changing or deleting a commune's calendar day."""
    audit.append(
        stream=f"calendar:{day.commune_id}",
        action=action,
        actor=actor,
        object_type="calendar_day",
        object_id=day.pk,
        data={"day": day.day, "kind": day.kind, "note": day.note},
    )
