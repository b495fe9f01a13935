"""Quorum and threshold arithmetic, as a table (DOMAIN §4.2; DESIGN §8: "2/3 rounding done with
integers, never floats"). Each row: the rule, the counts, how many agree are needed, and the outcome."""

import pytest

from council.rules import Count, at_least, quorum_needed, tally
from dossiers.models import ThresholdBase

TOTAL, PRESENT, VALID = ThresholdBase.TOTAL_MEMBERS, ThresholdBase.PRESENT, ThresholdBase.VALID_BALLOTS


@pytest.mark.parametrize(
    ("total", "numerator", "denominator", "needed"),
    [
        (9, 70, 100, 7),  # 70% of 9 = 6.3 -> 7
        (9, 2, 3, 6),  # 2/3 of 9 = 6 exactly
        (10, 2, 3, 7),  # 2/3 of 10 = 6.67 -> 7
        (9, 80, 100, 8),  # 80% of 9 = 7.2 -> 8 (SCENARIO: candidate B with 7 fails)
        (9, 90, 100, 9),  # 90% of 9 = 8.1 -> 9
        (10, 90, 100, 9),  # 90% of 10 = 9 exactly
        (11, 90, 100, 10),  # 90% of 11 = 9.9 -> 10
        (8, 51, 100, 5),  # majority of 8 present
        (3, 2, 3, 2),
        (0, 2, 3, 0),
        # A float would get these wrong: 0.7 * 10 = 7.000000000000001 and ceil() gives 8.
        (10, 70, 100, 7),
        (100, 7, 10, 70),
    ],
)
def test_at_least_rounds_up_in_integers(total, numerator, denominator, needed):
    assert at_least(total, numerator, denominator) == needed


def test_quorum_of_two_thirds_of_nine_members_is_six():
    assert quorum_needed(9, 2, 3) == 6
    assert quorum_needed(10, 2, 3) == 7


def _count(agree, disagree=0, abstain=0, members=9, participants=9, chair_agreed=None):
    return Count(agree, disagree, abstain, members, participants, chair_agreed)


@pytest.mark.parametrize(
    ("count", "percent", "base", "chair", "expected_base", "expected_required", "passed"),
    [
        # CSTĐ cơ sở: 80% of the total (9): 8 needed (SCENARIO §5, candidates A and B).
        (_count(8, 1, participants=8), 80, TOTAL, False, 9, 8, True),
        (_count(7, 1, participants=8), 80, TOTAL, False, 9, 8, False),
        # 90% of total members (NĐ 91/2017 Art. 45(8)): 9 of 10 passes, 8 of 10 fails, absences count against.
        (_count(9, 0, members=10, participants=9), 90, TOTAL, False, 10, 9, True),
        (_count(8, 0, members=10, participants=8), 90, TOTAL, False, 10, 9, False),
        # 70% of 9 members needs 7.
        (_count(7, 2), 70, TOTAL, False, 9, 7, True),
        (_count(6, 3), 70, TOTAL, False, 9, 7, False),
        # Majority (51%) of those taking part: 8 present -> 5.
        (_count(5, 3, participants=8), 51, PRESENT, False, 8, 5, True),
        (_count(4, 4, participants=8), 51, PRESENT, False, 8, 5, False),
        # On valid ballots: abstentions are valid ballots, so they count in the base.
        (_count(4, 1, 1, participants=6), 66, VALID, False, 6, 4, True),
        (_count(3, 1, 2, participants=6), 66, VALID, False, 6, 4, False),
        # No ballot at all on the item: nothing passes on an empty base.
        (_count(0, 0, 0, participants=0), 51, VALID, False, 0, 1, False),
        # Chair must agree: enough votes but the Chair disagreed -> failed.
        (_count(9, 0, chair_agreed=True), 90, TOTAL, True, 9, 9, True),
        (_count(9, 0, chair_agreed=False), 90, TOTAL, True, 9, 9, False),
        (_count(9, 0, chair_agreed=None), 90, TOTAL, True, 9, 9, False),
    ],
)
def test_tally_table(count, percent, base, chair, expected_base, expected_required, passed):
    result = tally(count, threshold_percent=percent, threshold_base=base, chair_must_agree=chair)
    assert (result.base, result.required, result.passed) == (expected_base, expected_required, passed)


@pytest.mark.parametrize(("agree", "base", "text"), [(8, 9, "88,89%"), (7, 9, "77,78%"), (9, 9, "100,00%"),
                                                    (2, 3, "66,67%"), (1, 8, "12,50%")])
def test_percentage_printed_in_the_minutes_is_rounded_half_up(agree, base, text):
    assert tally(_count(agree, members=base), threshold_percent=50, threshold_base=TOTAL,
                 chair_must_agree=False).percent_text(agree) == text
