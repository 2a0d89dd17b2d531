"""The recent trend test and benchmark comparison."""

import numpy as np
import pytest
from scipy import stats as scipy_stats

from equalchance.stats import (
    Comparison,
    Estimate,
    GapTrend,
    Polarity,
    Trend,
    compare_with_benchmark,
    gap_trend,
    proportion,
    proportion_trend,
    recent_trend,
)
from equalchance.stats.trends import weighted_slope


def test_weighted_slope_agrees_with_weighted_least_squares():
    values, errors = [10.0, 11.5, 12.1, 13.8, 15.0], [0.5, 0.6, 0.4, 0.7, 0.5]
    slope, chi_squared = weighted_slope(values, errors)
    t = np.arange(1, 6)
    x = np.column_stack([np.ones(5), t])
    w = np.diag(1 / np.square(errors))
    covariance = np.linalg.inv(x.T @ w @ x)
    beta = covariance @ x.T @ w @ np.array(values)
    assert slope == pytest.approx(beta[1])
    assert chi_squared == pytest.approx(beta[1] ** 2 / covariance[1, 1])


def series(values, half_width):
    return [Estimate(v, v - half_width, v + half_width) for v in values]


def test_a_steady_rise_is_increasing_and_a_flat_series_is_not():
    assert recent_trend(series([10, 12, 14, 16, 18], 0.5)) == Trend.INCREASING
    assert recent_trend(series([18, 16, 14, 12, 10], 0.5)) == Trend.DECREASING
    assert recent_trend(series([10, 10.2, 9.9, 10.1, 10], 1.0)) == Trend.NO_SIGNIFICANT_CHANGE


def test_a_trend_made_by_one_point_fails_the_leave_one_out_check():
    # Significant overall only because of the last point; without it the slope turns negative.
    values = [10.4, 10.2, 10.0, 9.8, 30.0]
    errors = [0.1, 0.1, 0.1, 0.1, 0.1]
    _, chi_squared = weighted_slope(values, errors)
    assert chi_squared > scipy_stats.chi2.ppf(0.998, 1)
    assert recent_trend(series(values, 0.1 * 1.959963984540054)) == Trend.NO_SIGNIFICANT_CHANGE


def test_fewer_than_five_points_cannot_be_tested():
    assert recent_trend(series([1, 2, 3, 4], 0.1)) == Trend.CANNOT_BE_CALCULATED


def test_proportion_trend_agrees_with_the_cochran_armitage_statistic():
    x, n = [50, 60, 72, 85, 99], [1000, 1000, 1000, 1000, 1000]
    t = np.arange(1, 6)
    p_bar = sum(x) / sum(n)
    statistic = (np.dot(t, np.array(x) - np.array(n) * p_bar)) ** 2 / (
        p_bar * (1 - p_bar) * (np.dot(n, t**2) - np.dot(n, t) ** 2 / sum(n))
    )
    assert statistic > scipy_stats.chi2.ppf(0.998, 1)
    assert proportion_trend(x, n) == Trend.INCREASING
    assert proportion_trend([99, 85, 72, 60, 50], n) == Trend.DECREASING
    assert proportion_trend([50, 51, 49, 50, 50], n) == Trend.NO_SIGNIFICANT_CHANGE


def test_a_shrinking_adverse_gap_is_a_narrowing_trend():
    assert gap_trend(series([8, 7, 6, 5, 4], 0.4)) == GapTrend.NARROWING
    assert gap_trend(series([4, 5, 6, 7, 8], 0.4)) == GapTrend.WIDENING


@pytest.mark.parametrize(
    "polarity, benchmark, expected",
    [
        (Polarity.HIGH_IS_GOOD, 0.10, Comparison.BETTER),
        (Polarity.LOW_IS_GOOD, 0.10, Comparison.WORSE),
        (Polarity.NO_JUDGEMENT, 0.10, Comparison.HIGHER),
        (Polarity.HIGH_IS_GOOD, 0.40, Comparison.WORSE),
        (Polarity.NO_JUDGEMENT, 0.40, Comparison.LOWER),
        (Polarity.HIGH_IS_GOOD, 0.30, Comparison.SIMILAR),
    ],
)
def test_benchmark_comparison_follows_polarity(polarity, benchmark, expected):
    area = proportion(60, 200)  # 0.30, 95% CI about 0.24 to 0.37
    assert compare_with_benchmark(area, benchmark, polarity) == expected


def test_a_benchmark_touching_the_interval_is_similar():
    assert compare_with_benchmark(Estimate(5, 4, 6), 6.0, Polarity.LOW_IS_GOOD) == Comparison.SIMILAR
    assert (
        compare_with_benchmark(Estimate(None, None, None), 6.0, Polarity.LOW_IS_GOOD)
        == Comparison.NOT_COMPARED
    )
