"""What a verification finds: each Problem, the Report that gathers them, and one walk's _Part of it."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

_LAST = float("inf")
# Who commits to an event, kept untranslated while collecting (one per stream head, so no gettext per row)
# and translated when a problem names it.
HEAD_TABLE = gettext_noop("bảng đầu chuỗi")


def witness_name(who: str) -> str:
    return _(who)


@dataclass(frozen=True)
class Problem:
    stream: str
    seq: int
    event_id: int | None
    message: str
    # Where the problem sits in the log's write order: the event's id, or for missing events a place
    # beside their surviving neighbour, so a deletion is reported before the broken link it causes.
    order: tuple = field(default=(_LAST,), compare=False, repr=False)

    def __str__(self):
        if self.event_id:
            where = _("sự kiện #%(id)s (%(stream)s, thứ tự %(seq)s)") % {
                "id": self.event_id, "stream": self.stream, "seq": self.seq}
        else:
            where = _("%(stream)s, thứ tự %(seq)s") % {"stream": self.stream, "seq": self.seq}
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

    def ordered_problems(self) -> list[Problem]:
        """Problems in the order their events were written; checkpoint problems last."""
        return sorted(self.problems, key=lambda p: (p.order, p.stream, p.seq))

    @property
    def first_problem(self) -> Problem | None:
        return min(self.problems, key=lambda p: (p.order, p.stream, p.seq), default=None)


@dataclass
class _Part:
    events: int
    streams: int
    problems: list[Problem]
    last_seen: dict[str, tuple[int, int]]  # stream -> (last seq, its event id)

