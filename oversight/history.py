"""A dossier "as it was" at a moment, rebuilt from its audit stream alone.

The rebuild reads only events, never the current rows, so it shows what the log says even where the
tables were changed behind its back: comparing it with the live page is part of an auditor's check.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from dossiers.models import AwardType, DocumentKind, Outcome
from dossiers.selectors import state_label
from workflow.actions import Action
from workflow.models import AuditEvent


@dataclass
class NomineeThen:
    nominee: str
    award_type: str
    outcome: str = Outcome.PROPOSED
    reason: str = ""

    @property
    def outcome_label(self) -> str:
        return str(Outcome(self.outcome).label) if self.outcome in Outcome.values else self.outcome


@dataclass(frozen=True)
class DocumentThen:
    kind: str
    name: str
    version: int
    sha256: str
    uploaded_at: datetime.datetime
    uploaded_by: str

    @property
    def kind_label(self) -> str:
        return str(DocumentKind(self.kind).label) if self.kind in DocumentKind.values else self.kind


@dataclass
class DossierThen:
    moment: datetime.datetime
    exists: bool = False
    state: str = ""
    fields: dict = field(default_factory=dict)
    assignee: str = ""
    nominations: dict = field(default_factory=dict)  # nomination id -> NomineeThen
    documents: list = field(default_factory=list)
    event_count: int = 0
    last_event_at: datetime.datetime | None = None

    @property
    def state_label(self) -> str:
        return state_label(self.state)


def end_of_day(day: datetime.date) -> datetime.datetime:
    """The first instant after `day` in the commune's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def dossier_as_of(dossier, moment: datetime.datetime) -> DossierThen:
    """Replay the dossier's stream up to (not including) `moment`."""
    events = list(
        AuditEvent.objects.filter(stream=dossier.audit_stream, occurred_at__lt=moment).order_by("stream_seq")
    )
    then = DossierThen(moment=moment)
    award_codes = _award_codes(events)
    for event in events:
        _apply(then, event, award_codes)
    then.event_count = len(events)
    then.last_event_at = events[-1].occurred_at if events else None
    return then


def _award_codes(events) -> dict[int, str]:
    """Award types named by pk in nomination edits, looked up once."""
    ids = set()
    for event in events:
        if event.action == "nomination_updated":
            change = event.data.get("changes", {}).get("award_type")
            if change:
                ids.add(change[1])
    return {pk: award.code for pk, award in AwardType.objects.in_bulk(sorted(ids)).items()} if ids else {}


def _apply(then: DossierThen, event, award_codes) -> None:
    data = event.data
    action = event.action
    if event.to_state:
        then.state = event.to_state
    if action == "dossier_created":
        then.exists = True
        then.fields = {name: data.get(name, "") for name in ("title", "campaign", "kind", "reference_number")}
    elif action == "dossier_updated":
        for name, (_old, new) in data.get("changes", {}).items():
            then.fields[name] = new
    elif action == "nomination_added":
        then.nominations[data["nomination"]] = NomineeThen(nominee=data["nominee"], award_type=data["award_type"])
    elif action == "nomination_updated":
        nominee = then.nominations.get(data["nomination"])
        changes = data.get("changes", {})
        if nominee is not None:
            if "nominee_name" in changes:
                nominee.nominee = changes["nominee_name"][1]
            if "award_type" in changes:
                nominee.award_type = award_codes.get(changes["award_type"][1], str(changes["award_type"][1]))
    elif action == "nomination_removed":
        then.nominations.pop(data["nomination"], None)
    elif action == "attachment_uploaded":
        then.documents.append(
            DocumentThen(
                kind=data.get("kind", ""),
                name=data.get("name", ""),
                version=data.get("version", 1),
                sha256=data.get("sha256", ""),
                uploaded_at=event.occurred_at,
                uploaded_by=event.actor_username,
            )
        )
    elif action == Action.TAKE:
        then.assignee = event.actor_username
    elif action in (Action.SUBMIT, Action.WITHDRAW):
        then.assignee = ""
    for pk, outcome in data.get("nominations", {}).items():
        nominee = then.nominations.get(int(pk))
        if nominee is not None:
            nominee.outcome = outcome
            if action in (Action.ASSESS_NOMINATION, Action.REVOKE) and data.get("reason"):
                nominee.reason = data["reason"]
