"""The words for a gap and its direction, decided in one place, checked against hand-worked examples."""

import numpy as np
import pytest

from equalchance.stats import (
    Direction,
    Estimate,
    Polarity,
    direction_of_travel,
    direction_wording,
    gap_status,
)
from equalchance.stats.arrays import DIRECTIONS, Intervals, directions_of_travel
from equalchance.stats.gaps import gap_wording


def est(value, lower, upper):
    return Estimate(value, lower, upper)


def turned(raw: Estimate, orientation: int) -> Estimate:
    return raw if orientation > 0 else est(-raw.value, -raw.upper, -raw.lower)


@pytest.mark.parametrize(
    "polarity, target, rest, raw_gap, orientation, expected",
    [
        # Higher is better: 54.8% against 70.5% is 15.7 points lower, which is worse.
        (Polarity.HIGH_IS_GOOD, 54.8, 70.5, est(-15.7, -20.1, -11.3), -1, "target significantly worse"),
        # Higher is better, target above.
        (Polarity.HIGH_IS_GOOD, 80.0, 70.0, est(10.0, 6.0, 14.0), -1, "target significantly better"),
        # Lower is better: 9.2% not in education against 3.6% is worse.
        (Polarity.LOW_IS_GOOD, 9.2, 3.6, est(5.6, 4.3, 7.1), 1, "target significantly worse"),
        (Polarity.LOW_IS_GOOD, 2.0, 5.0, est(-3.0, -4.0, -2.0), 1, "target significantly better"),
        (Polarity.LOW_IS_GOOD, 5.1, 5.0, est(0.1, -0.5, 0.7), 1, "no significant gap"),
        # No judgement, target above: 81.8 plans per 10,000 against 22.6 is higher, neither better nor worse.
        (Polarity.NO_JUDGEMENT, 81.8, 22.6, est(59.2, 42.4, 78.3), 1, "target significantly higher"),
        # No judgement, target below, and below from the first period (turned: -1).
        (Polarity.NO_JUDGEMENT, 10.0, 30.0, est(-20.0, -30.0, -10.0), -1, "target significantly lower"),
        # No judgement, target below now though it was above at first (not turned: +1).
        (Polarity.NO_JUDGEMENT, 10.0, 30.0, est(-20.0, -30.0, -10.0), 1, "target significantly lower"),
        # No judgement, target above now though it was below at first (turned: -1).
        (Polarity.NO_JUDGEMENT, 30.0, 10.0, est(20.0, 10.0, 30.0), -1, "target significantly higher"),
        (Polarity.NO_JUDGEMENT, 30.0, 29.0, est(1.0, -2.0, 4.0), 1, "no significant difference"),
        (Polarity.NO_JUDGEMENT, None, 29.0, Estimate(None, None, None), 1, "cannot be calculated"),
    ],
)
def test_the_gap_is_worded_by_its_polarity_and_side(polarity, target, rest, raw_gap, orientation, expected):
    if target is not None:
        assert (raw_gap.value > 0) == (target > rest)  # the hand-worked gap is target minus rest
    status = gap_status(turned(raw_gap, orientation))
    assert gap_wording(status, polarity, orientation) == expected


def test_a_measure_with_no_judgement_is_never_called_better_or_worse():
    for orientation in (1, -1):
        for raw in (est(5, 2, 8), est(-5, -8, -2), est(0, -1, 1)):
            words = gap_wording(gap_status(turned(raw, orientation)), "no_judgement", orientation)
            assert "better" not in words and "worse" not in words


def test_a_gap_with_no_judgement_that_changes_sides_has_crossed_over_not_reversed():
    assert direction_wording(Direction.REVERSED, Polarity.NO_JUDGEMENT) == "crossed over"
    assert direction_wording(Direction.REVERSED, Polarity.LOW_IS_GOOD) == "reversed"
    assert direction_wording(Direction.NARROWING, Polarity.NO_JUDGEMENT) == "narrowing"
    crossed = direction_of_travel(est(2, 0.5, 3.5), est(-3, -5, -1), est(-5, -7, -3), by_size=True)
    assert direction_wording(crossed, "no_judgement") == "crossed over"


def test_with_no_judgement_the_direction_follows_the_size_of_the_gap_on_either_side():
    # The target was 6 below the rest and is now 3 below: the gap is half the size.
    earlier, later, change = est(-6, -8, -4), est(-3, -5, -1), est(3, 1, 5)
    assert direction_of_travel(earlier, later, change) == Direction.WIDENING  # as a judged gap would be
    assert direction_of_travel(earlier, later, change, by_size=True) == Direction.NARROWING
    # 3 below to 6 below: wider.
    assert direction_of_travel(later, earlier, est(-3, -5, -1), by_size=True) == Direction.WIDENING
    # Above the rest, as before: the same as a judged gap.
    assert (
        direction_of_travel(est(6, 4, 8), est(3, 1, 5), est(-3, -5, -1), by_size=True) == Direction.NARROWING
    )


def test_the_array_directions_by_size_agree_with_the_scalar_ones():
    cases = [
        (est(-6, -8, -4), est(-3, -5, -1), est(3, 1, 5)),
        (est(-3, -5, -1), est(-6, -8, -4), est(-3, -5, -1)),
        (est(2, 0.5, 3.5), est(-3, -5, -1), est(-5, -7, -3)),
        (est(-2, -3.5, -0.5), est(3, 1, 5), est(5, 3, 7)),
        (est(6, 4, 8), est(3, 1, 5), est(-3, -5, -1)),
    ]

    def arrays(i):
        return Intervals(
            *(np.array([getattr(c[i], k) for c in cases], float) for k in ("value", "lower", "upper"))
        )

    codes = directions_of_travel(arrays(0), arrays(1), arrays(2), by_size=True)
    assert [DIRECTIONS[c] for c in codes] == [direction_of_travel(*c, by_size=True) for c in cases]


@pytest.mark.parametrize(
    "raw, polarity, orientation, expected, words",
    [
        (est(-15.7, -20.1, -11.3), "high_is_good", -1, "worse", "Worse than the rest"),
        (est(-3, -4, -2), "low_is_good", 1, "better", "Better than the rest"),
        (est(0.1, -0.5, 0.7), "low_is_good", 1, "similar", "Similar to the rest"),
        (est(59.2, 42.4, 78.3), "no_judgement", 1, "higher", "Higher than the rest"),
        (est(-20, -30, -10), "no_judgement", -1, "lower", "Lower than the rest"),
        (Estimate(None, None, None), "no_judgement", 1, "not compared", "Not compared with the rest"),
    ],
)
def test_the_comparison_with_the_rest_is_the_verdict_of_the_gap(raw, polarity, orientation, expected, words):
    from equalchance.stats import comparison_wording, gap_comparison

    comparison = gap_comparison(gap_status(turned(raw, orientation)), polarity, orientation)
    assert comparison == expected and comparison_wording(comparison, "the rest") == words
