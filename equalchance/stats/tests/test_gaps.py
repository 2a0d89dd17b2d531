"""Gaps and their change: MOVER intervals against Newcombe (1998), properties, direction labels."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from equalchance.stats import (
    Direction,
    Estimate,
    GapStatus,
    Polarity,
    adverse,
    difference,
    difference_in_differences,
    direction_of_travel,
    gap_status,
    proportion,
    rate,
)


@pytest.mark.parametrize(
    "a, b, expected",
    [
        # Newcombe (1998), Stat Med 17:873, Table II, method 10 (score, no continuity correction)
        ((56, 70), (48, 80), (0.0524, 0.3339)),
        ((9, 10), (3, 10), (0.1705, 0.8090)),
        ((6, 7), (2, 7), (0.0582, 0.8062)),
        ((5, 56), (0, 29), (-0.0381, 0.1926)),
        ((0, 10), (0, 20), (-0.1611, 0.2775)),
        ((10, 10), (0, 20), (0.6791, 1.0000)),
        ((10, 10), (0, 10), (0.6075, 1.0000)),
    ],
)
def test_difference_of_proportions_matches_newcombe_method_10(a, b, expected):
    d = difference(proportion(*a), proportion(*b))
    assert d.value == pytest.approx(a[0] / a[1] - b[0] / b[1])
    assert (round(d.lower, 4), round(d.upper, 4)) == expected


def test_difference_in_differences_reduces_to_a_difference_when_the_earlier_gap_is_exact():
    zero = Estimate(0.0, 0.0, 0.0)
    a, b = proportion(56, 70), proportion(48, 80)
    did = difference_in_differences(a, b, zero, zero)
    d = difference(a, b)
    assert (did.value, did.lower, did.upper) == pytest.approx((d.value, d.lower, d.upper))


def test_difference_in_differences_interval_combines_all_four_components():
    later_t, later_c, earlier_t, earlier_c = (
        rate(120, 10_000),
        rate(300, 50_000),
        rate(150, 10_000),
        rate(310, 50_000),
    )
    did = difference_in_differences(later_t, later_c, earlier_t, earlier_c)
    expected = (later_t.value - later_c.value) - (earlier_t.value - earlier_c.value)
    assert did.value == pytest.approx(expected)
    low = (
        (later_t.value - later_t.lower) ** 2
        + (later_c.upper - later_c.value) ** 2
        + (earlier_t.upper - earlier_t.value) ** 2
        + (earlier_c.value - earlier_c.lower) ** 2
    ) ** 0.5
    assert did.lower == pytest.approx(expected - low)


@given(st.integers(1, 5_000), st.integers(1, 5_000), st.floats(0.01, 0.99), st.floats(0.01, 0.99))
@settings(max_examples=300, deadline=None)
def test_the_gap_against_the_borough_is_the_rest_gap_scaled_by_the_rest_share(
    n_target, n_rest, p_target, p_rest
):
    x_target, x_rest = round(p_target * n_target), round(p_rest * n_rest)
    target, rest = proportion(x_target, n_target), proportion(x_rest, n_rest)
    borough = proportion(x_target + x_rest, n_target + n_rest)
    share = n_target / (n_target + n_rest)
    assert difference(target, borough).value == pytest.approx(
        (1 - share) * difference(target, rest).value, abs=1e-12
    )


@given(st.integers(0, 500), st.integers(1, 500), st.integers(0, 500), st.integers(1, 500))
@settings(max_examples=300, deadline=None)
def test_a_differences_interval_contains_its_value(xa, na, xb, nb):
    d = difference(proportion(min(xa, na), na), proportion(min(xb, nb), nb))
    assert d.lower <= d.value <= d.upper


def test_adverse_gaps_mean_the_target_is_worse_whatever_the_polarity():
    gap = Estimate(5.0, 2.0, 8.0)  # target higher
    assert adverse(gap, Polarity.LOW_IS_GOOD) == gap
    flipped = adverse(gap, Polarity.HIGH_IS_GOOD)
    assert (flipped.value, flipped.lower, flipped.upper) == (-5.0, -8.0, -2.0)
    assert gap_status(flipped) == GapStatus.BETTER and gap_status(gap) == GapStatus.WORSE
    assert gap_status(Estimate(1.0, -1.0, 3.0)) == GapStatus.NO_SIGNIFICANT_GAP


def est(value, lower, upper):
    return Estimate(value, lower, upper)


@pytest.mark.parametrize(
    "earlier, later, change, expected",
    [
        (est(6, 4, 8), est(3, 1, 5), est(-3, -5, -1), Direction.NARROWING),
        (est(3, 1, 5), est(6, 4, 8), est(3, 1, 5), Direction.WIDENING),
        (est(5, 3, 7), est(4, 2, 6), est(-1, -3, 1), Direction.NO_SIGNIFICANT_CHANGE),
        (est(5, 3, 7), est(1, -1, 3), est(-4, -7, -1), Direction.GAP_CLOSED),
        (est(2, 0.5, 3.5), est(-3, -5, -1), est(-5, -7, -3), Direction.REVERSED),
        (est(-2, -4, 0.5), est(-1, -3, 1), est(1, -2, 4), Direction.NO_SIGNIFICANT_CHANGE),
        (Estimate(None, None, None), est(3, 1, 5), est(3, 1, 5), Direction.CANNOT_BE_CALCULATED),
    ],
)
def test_direction_of_travel_labels(earlier, later, change, expected):
    assert direction_of_travel(earlier, later, change) == expected


def test_a_missing_component_makes_the_gap_incalculable():
    assert not difference(Estimate(None, None, None), proportion(1, 10)).available


def test_mixed_confidence_levels_are_refused():
    with pytest.raises(ValueError, match="one confidence level"):
        difference(proportion(1, 10), proportion(1, 10, confidence=0.998))
