"""Confidence intervals against published values and independent computations with scipy."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize
from scipy import stats as scipy_stats

from equalchance.stats import ESP2013, dsr, mean, poisson_limits, proportion, rate


def wilson_by_root_finding(x, n, confidence):
    """Wilson: the p whose score test accepts x/n, solving |x/n - p| = z sqrt(p(1-p)/n)."""
    z = scipy_stats.norm.ppf(1 - (1 - confidence) / 2)
    phat = x / n

    def score(p):
        return (phat - p) ** 2 - z * z * p * (1 - p) / n

    # phat itself is a root only when x is 0 or n; bracket just inside it
    lower = 0.0 if x == 0 else optimize.brentq(score, 1e-15, phat - 1e-12)
    upper = 1.0 if x == n else optimize.brentq(score, phat + 1e-12, 1 - 1e-15)
    return lower, upper


def exact_poisson_by_root_finding(o, confidence):
    alpha = 1 - confidence
    lower = (
        0.0
        if o == 0
        else optimize.brentq(lambda m: scipy_stats.poisson.sf(o - 1, m) - alpha / 2, 1e-12, 10 * o + 10)
    )
    upper = optimize.brentq(lambda m: scipy_stats.poisson.cdf(o, m) - alpha / 2, 1e-12, 10 * o + 100)
    return lower, upper


def test_wilson_matches_newcombe_1998_example():
    # Newcombe (1998), Statistics in Medicine 17:857, example 81/263: 0.2553 to 0.3662
    p = proportion(81, 263)
    assert (round(p.lower, 4), round(p.upper, 4)) == (0.2553, 0.3662)
    assert p.value == pytest.approx(81 / 263)


@pytest.mark.parametrize("x, n", [(0, 10), (1, 10), (5, 10), (10, 10), (81, 263), (3, 1000), (999, 1000)])
@pytest.mark.parametrize("confidence", [0.95, 0.998])
def test_wilson_agrees_with_root_finding(x, n, confidence):
    p = proportion(x, n, confidence=confidence, multiplier=100)
    lower, upper = wilson_by_root_finding(x, n, confidence)
    assert p.lower == pytest.approx(lower * 100, abs=1e-9)
    assert p.upper == pytest.approx(upper * 100, abs=1e-9)


@pytest.mark.parametrize("count", [0, 1, 2, 5, 9])
@pytest.mark.parametrize("confidence", [0.95, 0.998])
def test_small_counts_use_exact_poisson_limits(count, confidence):
    r = rate(count, 1, multiplier=1, confidence=confidence)
    lower, upper = exact_poisson_by_root_finding(count, confidence)
    assert r.method == "Exact Poisson"
    assert r.lower == pytest.approx(lower, rel=1e-7, abs=1e-12) and r.upper == pytest.approx(upper, rel=1e-7)


def test_published_exact_limits_for_zero_and_five_events():
    # Standard tables (e.g. PHE technical guide): 0 events -> 0 to 3.689; 5 events -> 1.623 to 11.668
    assert [round(v, 3) for v in poisson_limits(0, 0.95)] == [0.0, 3.689]
    assert [round(v, 3) for v in poisson_limits(5, 0.95)] == [1.623, 11.668]


@pytest.mark.parametrize("count", [10, 11, 20, 50, 100, 389, 1000, 10_000])
def test_byars_from_ten_events_is_within_a_fraction_of_a_percent_of_exact(count):
    r = rate(count, 1, multiplier=1)
    lower, upper = exact_poisson_by_root_finding(count, 0.95)
    assert r.method == "Byars"
    assert abs(r.lower - lower) / lower < 0.002 and abs(r.upper - upper) / upper < 0.002


def test_rate_scales_by_its_multiplier():
    r = rate(30, 12_000, multiplier=1000)
    assert r.value == pytest.approx(2.5)
    assert r.lower == pytest.approx(poisson_limits(30, 0.95)[0] / 12)


def _dsr_independently(counts, populations, weights, confidence):
    counts, populations, weights = map(np.asarray, (counts, populations, weights))
    value = (weights * counts / populations).sum() / weights.sum()
    variance = (counts * (weights / populations) ** 2).sum() / weights.sum() ** 2
    o = counts.sum()
    z = scipy_stats.norm.ppf(1 - (1 - confidence) / 2)
    o_lower = o * (1 - 1 / (9 * o) - z / (3 * math.sqrt(o))) ** 3
    o_upper = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * math.sqrt(o + 1))) ** 3
    return (
        value,
        value + math.sqrt(variance / o) * (o_lower - o),
        value + math.sqrt(variance / o) * (o_upper - o),
    )


def test_dsr_agrees_with_an_independent_computation_over_the_esp2013_bands_under_75():
    bands = ESP2013[:15]  # 0-4 .. 70-74
    counts = [0, 0, 0, 1, 1, 2, 3, 5, 8, 12, 20, 28, 40, 55, 70]
    populations = [
        9000,
        9500,
        9000,
        8500,
        9000,
        10000,
        11000,
        10500,
        10000,
        11000,
        11500,
        10000,
        9000,
        8500,
        7000,
    ]
    result = dsr(counts, populations, bands)
    value, lower, upper = _dsr_independently(counts, populations, bands, 0.95)
    assert result.value == pytest.approx(value * 100_000)
    assert result.lower == pytest.approx(lower * 100_000) and result.upper == pytest.approx(upper * 100_000)
    assert result.lower < result.value < result.upper


def test_dsr_of_one_band_is_the_crude_rate_with_byars_limits():
    one_band = dsr([25], [10_000], [100_000])
    crude = rate(25, 10_000)
    assert (one_band.value, one_band.lower, one_band.upper) == pytest.approx(
        (crude.value, crude.lower, crude.upper)
    )


def test_dsr_is_not_given_below_ten_events():
    result = dsr([3, 6], [1000, 1000], [1, 1])
    assert result.value is None and not result.available and "fewer than 10" in result.note


def test_mean_uses_students_t():
    values = [4.1, 5.2, 6.3, 5.0, 4.8, 5.9]
    result = mean(values)
    lower, upper = scipy_stats.t.interval(
        0.95, len(values) - 1, loc=np.mean(values), scale=scipy_stats.sem(values)
    )
    assert (result.lower, result.upper) == pytest.approx((lower, upper))


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: proportion(-1, 10), "numerator must be a number of 0 or more"),
        (lambda: proportion(11, 10), "cannot be greater than the denominator"),
        (lambda: proportion(1, 0), "denominator must be greater than 0"),
        (lambda: proportion(1, 10, confidence=0.5), "confidence must be between 0.9 and 1"),
        (lambda: proportion(1, 10, confidence=1.0), "confidence must be between 0.9 and 1"),
        (lambda: rate(-3, 100), "count must be a number of 0 or more"),
        (lambda: rate(3, 0), "denominator must be greater than 0"),
        (lambda: rate(3, 100, confidence=0.8), "confidence must be between 0.9 and 1"),
        (lambda: dsr([1, -1], [10, 10], [1, 1]), "each band's count must be a number of 0 or more"),
        (lambda: dsr([1, 1], [10, 0], [1, 1]), "denominator must be greater than 0"),
        (lambda: dsr([1], [10, 10], [1, 1]), "one value per age band"),
        (lambda: mean([1.0]), "at least two values"),
    ],
)
def test_invalid_input_is_refused_clearly(call, message):
    with pytest.raises(ValueError, match=message):
        call()


@given(st.integers(0, 10_000), st.integers(1, 10_000), st.sampled_from([0.95, 0.998]))
@settings(max_examples=300, deadline=None)
def test_a_proportions_interval_contains_its_value(x, n, confidence):
    x = min(x, n)
    p = proportion(x, n, confidence=confidence)
    assert p.lower - 1e-12 <= p.value <= p.upper + 1e-12
    assert 0 <= p.lower and p.upper <= 1


@given(st.integers(0, 100_000), st.floats(1, 1e7), st.sampled_from([0.95, 0.998]))
@settings(max_examples=300, deadline=None)
def test_a_rates_interval_contains_its_value(count, denominator, confidence):
    r = rate(count, denominator, confidence=confidence)
    assert r.lower <= r.value <= r.upper


@given(st.lists(st.tuples(st.integers(0, 200), st.integers(100, 50_000)), min_size=2, max_size=19))
@settings(max_examples=200, deadline=None)
def test_a_dsrs_interval_contains_its_value(bands):
    counts = [c for c, _ in bands]
    populations = [p for _, p in bands]
    result = dsr(counts, populations, ESP2013[: len(bands)])
    if sum(counts) < 10:
        assert result.value is None
    else:
        assert result.lower <= result.value <= result.upper


def test_higher_confidence_gives_a_wider_interval():
    narrow, wide = proportion(30, 200), proportion(30, 200, confidence=0.998)
    assert wide.lower < narrow.lower and wide.upper > narrow.upper
