"""The array statistics agree with the scalar ones (which are tested against published examples),
element by element, on random inputs including small counts, zeros and totals."""

import numpy as np
import pytest

from equalchance import stats
from equalchance.stats import arrays

RNG = np.random.default_rng(20261123)


def scalar(intervals: arrays.Intervals, i: int) -> stats.Estimate:
    v, lo, hi = (float(a.flat[i]) for a in (intervals.value, intervals.lower, intervals.upper))
    if np.isnan(v):
        return stats.Estimate(None, None, None)
    return stats.Estimate(v, lo, hi)


def random_counts(size=400):
    denominators = RNG.integers(1, 5000, size).astype(float)
    numerators = np.floor(denominators * RNG.beta(0.6, 4, size))
    numerators[:20] = 0
    numerators[20:40] = denominators[20:40]  # all events
    numerators[40:80] = RNG.integers(0, 10, 40)  # exact Poisson territory
    return np.minimum(numerators, denominators), denominators


@pytest.mark.parametrize("confidence", [0.95, 0.998])
def test_wilson_arrays_match_scalar_proportion(confidence):
    x, n = random_counts()
    got = arrays.proportions(x, n, confidence=confidence, multiplier=100)
    for i in range(len(x)):
        want = stats.proportion(x[i], n[i], confidence=confidence, multiplier=100)
        assert (got.value[i], got.lower[i], got.upper[i]) == pytest.approx(
            (want.value, want.lower, want.upper), rel=1e-12, abs=1e-12
        )


@pytest.mark.parametrize("confidence", [0.95, 0.998])
def test_rate_arrays_match_scalar_rate_exact_below_ten_byars_from_ten(confidence):
    counts, population = random_counts()
    got = arrays.rates(counts, population, multiplier=1000, confidence=confidence)
    for i in range(len(counts)):
        want = stats.rate(counts[i], population[i], multiplier=1000, confidence=confidence)
        assert (got.value[i], got.lower[i], got.upper[i]) == pytest.approx(
            (want.value, want.lower, want.upper), rel=1e-9, abs=1e-12
        )


def test_invalid_denominators_give_nan_not_an_error():
    got = arrays.proportions([1, 5, 3], [0, 4, 10])
    assert np.isnan(got.value[:2]).all() and not np.isnan(got.value[2])
    assert list(arrays.rates([1, 2], [0, 10]).available) == [False, True]


def test_mover_and_direction_of_travel_arrays_match_scalar():
    size = 600
    x, n = random_counts(size * 4)
    est = arrays.proportions(x, n, multiplier=100)
    parts = [
        arrays.Intervals(*(a[k * size : (k + 1) * size] for a in (est.value, est.lower, est.upper)))
        for k in range(4)
    ]
    a_later, b_later, a_earlier, b_earlier = parts
    later = arrays.differences(a_later, b_later)
    earlier = arrays.differences(a_earlier, b_earlier)
    change = arrays.differences_in_differences(a_later, b_later, a_earlier, b_earlier)
    codes = arrays.directions_of_travel(earlier, later, change)
    seen = set()
    for i in range(size):
        sa, sb, se, sf = (scalar(p, i) for p in parts)
        want_later = stats.difference(sa, sb)
        want_change = stats.difference_in_differences(sa, sb, se, sf)
        assert (later.value[i], later.lower[i], later.upper[i]) == pytest.approx(
            (want_later.value, want_later.lower, want_later.upper), rel=1e-12, abs=1e-12
        )
        assert change.upper[i] == pytest.approx(want_change.upper, rel=1e-12, abs=1e-12)
        want = stats.direction_of_travel(stats.difference(se, sf), want_later, want_change)
        assert arrays.DIRECTIONS[codes[i]] == want
        seen.add(want)
    assert len(seen) >= 4  # the random cases reach most labels, so the comparison means something


def test_missing_components_cannot_be_calculated():
    missing = arrays.proportions([1.0], [0.0])
    present = arrays.proportions([5.0], [10.0])
    gap = arrays.differences(missing, present)
    code = arrays.directions_of_travel(gap, gap, gap)[0]
    assert arrays.DIRECTIONS[code] == stats.Direction.CANNOT_BE_CALCULATED


def test_gap_trend_arrays_match_scalar_gap_trend():
    lines, points = 300, 6
    base = RNG.normal(5, 3, (lines, 1))
    slope = RNG.choice([-1.5, -0.4, 0, 0.4, 1.5], (lines, 1))
    values = base + slope * np.arange(points) + RNG.normal(0, 0.5, (lines, points))
    half = RNG.uniform(0.2, 2.5, (lines, points))
    series = arrays.Intervals(values, values - half, values + half * RNG.uniform(0.8, 1.2, (lines, points)))
    codes = arrays.gap_trends(series)
    seen = set()
    for i in range(lines):
        estimates = [
            stats.Estimate(series.value[i, t], series.lower[i, t], series.upper[i, t]) for t in range(points)
        ]
        want = stats.gap_trend(estimates, confidence=0.998)
        assert arrays.GAP_TRENDS[codes[i]] == want
        seen.add(want)
    assert {stats.GapTrend.NARROWING, stats.GapTrend.WIDENING, stats.GapTrend.NO_SIGNIFICANT_TREND} <= seen


def test_gap_trend_needs_five_points():
    series = arrays.Intervals(*(np.ones((2, 4)) * k for k in (1, 0, 2)))
    assert {arrays.GAP_TRENDS[c] for c in arrays.gap_trends(series)} == {stats.GapTrend.CANNOT_BE_CALCULATED}


@pytest.mark.parametrize("confidence", [0.95, 0.998])
def test_dsr_arrays_match_scalar_dobson(confidence):
    areas, bands = 200, 15
    populations = RNG.integers(20, 4000, (areas, bands)).astype(float)
    counts = RNG.poisson(populations * np.geomspace(1e-5, 2e-2, bands) * RNG.uniform(0.2, 3, (areas, 1)))
    counts[:10] = 0  # too few events: no value
    weights = stats.ESP2013[:bands]
    got = arrays.dsrs(counts, populations, weights, confidence=confidence)
    for i in range(areas):
        want = stats.dsr(counts[i].tolist(), populations[i].tolist(), weights, confidence=confidence)
        if want.value is None:
            assert np.isnan(got.value[i])
            continue
        assert (got.value[i], got.lower[i], got.upper[i]) == pytest.approx(
            (want.value, want.lower, want.upper), rel=1e-12
        )
    assert np.isnan(got.value).sum() >= 10 and (~np.isnan(got.value)).sum() > 150
