"""The arithmetic of a council vote (DOMAIN §4.2): quorum and threshold, in integers only.

"At least p/q of n" is the smallest whole number k with k * q >= n * p, i.e. ceil(n * p / q), computed
without floats: 70% of 9 needs 7, 2/3 of 9 needs 6, 2/3 of 10 needs 7, 80% of 9 needs 8.
"""

from dataclasses import dataclass

from dossiers.models import ThresholdBase


def at_least(total: int, numerator: int, denominator: int) -> int:
    """The smallest whole number that is at least numerator/denominator of `total`."""
    if denominator <= 0 or total < 0 or numerator < 0:
        raise ValueError("at_least needs a non-negative total and fraction with a positive denominator")
    return -(-total * numerator // denominator)


def quorum_needed(members: int, numerator: int, denominator: int) -> int:
    """How many members must be present for the meeting to decide (quorum)."""
    return at_least(members, numerator, denominator)


@dataclass(frozen=True)
class Count:
    """What the count of one agenda item starts from."""

    agree: int
    disagree: int
    abstain: int
    members: int  # every member of the session's council
    participants: int  # present and not recused, plus counted written opinions of absent members
    chair_agreed: bool | None  # None when the rule does not ask


@dataclass(frozen=True)
class Tally:
    base: int
    required: int
    passed: bool

    def percent_text(self, agree: int) -> str:
        """agree / base as a percentage with two decimals, rounded half up, in integers: "88,89%"."""
        if self.base == 0:
            return "—"
        hundredths = (agree * 10000 * 2 + self.base) // (2 * self.base)
        return f"{hundredths // 100},{hundredths % 100:02d}%"


def base_of(count: Count, threshold_base: str) -> int:
    """The number the threshold is taken of: all members, those taking part, or valid ballots on the item."""
    if threshold_base == ThresholdBase.TOTAL_MEMBERS:
        return count.members
    if threshold_base == ThresholdBase.PRESENT:
        return count.participants
    if threshold_base == ThresholdBase.VALID_BALLOTS:
        return count.agree + count.disagree + count.abstain
    raise ValueError(f"unknown threshold base {threshold_base!r}")


def tally(count: Count, *, threshold_percent: int, threshold_base: str, chair_must_agree: bool) -> Tally:
    """Passed when agree reaches the threshold on the base (and at least one member agrees), and the Chair
    agreed where the rule asks it."""
    base = base_of(count, threshold_base)
    required = max(at_least(base, threshold_percent, 100), 1)
    passed = count.agree >= required and (not chair_must_agree or count.chair_agreed is True)
    return Tally(base=base, required=required, passed=passed)
