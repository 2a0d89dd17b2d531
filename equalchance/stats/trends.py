"""The recent trend test of the public-health tools (Fingertips), for a series or for a gap.

The five most recent points (oldest first, t = 1..5) are tested; a trend is significant when its
chi-squared exceeds the 99.8% (default) or 95% critical value and the slope keeps its sign when each
point in turn is left out.
"""

import math
from collections.abc import Sequence
from enum import StrEnum

from scipy import stats as scipy_stats

from equalchance.stats.intervals import Estimate, z_for

POINTS = 5


class Trend(StrEnum):
    INCREASING = "increasing"
    DECREASING = "decreasing"
    NO_SIGNIFICANT_CHANGE = "no significant change"
    CANNOT_BE_CALCULATED = "cannot be calculated"


def critical_value(confidence: float) -> float:
    return float(scipy_stats.chi2.ppf(confidence, 1))


def weighted_slope(
    values: Sequence[float], standard_errors: Sequence[float], times: Sequence[float] | None = None
) -> tuple[float, float]:
    """Inverse-variance weighted least-squares slope on time (t = 1..k unless given) and its
    chi-squared statistic (slope / its standard error, squared)."""
    times = list(times) if times is not None else list(range(1, len(values) + 1))
    weights = [1 / se**2 for se in standard_errors]
    s1 = sum(weights)
    s2 = sum(w * v * t for w, v, t in zip(weights, values, times))
    s3 = sum(w * t for w, t in zip(weights, times))
    s4 = sum(w * v for w, v in zip(weights, values))
    s5 = sum(w * t * t for w, t in zip(weights, times))
    denominator = s1 * s5 - s3 * s3
    slope = (s1 * s2 - s3 * s4) / denominator
    return slope, slope**2 * denominator / s1


def recent_trend(series: Sequence[Estimate], *, confidence: float = 0.998) -> Trend:
    """Weighted trend test over the last five points (values with intervals), oldest first."""
    points = list(series)[-POINTS:]
    if len(points) < POINTS or not all(p.available and p.upper > p.lower for p in points):
        return Trend.CANNOT_BE_CALCULATED
    values = [p.value for p in points]
    errors = [(p.upper - p.lower) / (2 * z_for(p.confidence)) for p in points]
    slope, chi_squared = weighted_slope(values, errors)
    if chi_squared <= critical_value(confidence):
        return Trend.NO_SIGNIFICANT_CHANGE
    for left_out in range(POINTS):  # the outlier check: the sign must hold without any one point
        kept = [i for i in range(POINTS) if i != left_out]
        other, _ = weighted_slope([values[i] for i in kept], [errors[i] for i in kept], [i + 1 for i in kept])
        if other == 0 or (other > 0) != (slope > 0):
            return Trend.NO_SIGNIFICANT_CHANGE
    return Trend.INCREASING if slope > 0 else Trend.DECREASING


class GapTrend(StrEnum):
    NARROWING = "narrowing trend"
    WIDENING = "widening trend"
    NO_SIGNIFICANT_TREND = "no significant trend"
    CANNOT_BE_CALCULATED = "cannot be calculated"


def gap_trend(adverse_gaps: Sequence[Estimate], *, confidence: float = 0.998) -> GapTrend:
    """The recent trend test applied to a series of adverse gaps (positive = target worse)."""
    trend = recent_trend(adverse_gaps, confidence=confidence)
    return {
        Trend.DECREASING: GapTrend.NARROWING,
        Trend.INCREASING: GapTrend.WIDENING,
        Trend.NO_SIGNIFICANT_CHANGE: GapTrend.NO_SIGNIFICANT_TREND,
    }.get(trend, GapTrend.CANNOT_BE_CALCULATED)


def proportion_trend(
    numerators: Sequence[float], denominators: Sequence[float], *, confidence: float = 0.998
) -> Trend:
    """Chi-squared test for trend in proportions (Armitage), direction from the log-odds slope."""
    x = list(numerators)[-POINTS:]
    n = list(denominators)[-POINTS:]
    if len(x) < POINTS or any(xi >= ni or xi <= 0 for xi, ni in zip(x, n)):
        return Trend.CANNOT_BE_CALCULATED
    t = range(1, POINTS + 1)
    big_n, big_x = sum(n), sum(x)
    sxt = sum(xi * ti for xi, ti in zip(x, t))
    snt = sum(ni * ti for ni, ti in zip(n, t))
    sntt = sum(ni * ti * ti for ni, ti in zip(n, t))
    chi_squared = (
        big_n * (big_n * sxt - big_x * snt) ** 2 / (big_x * (big_n - big_x) * (big_n * sntt - snt**2))
    )
    if chi_squared <= critical_value(confidence):
        return Trend.NO_SIGNIFICANT_CHANGE
    log_odds = [math.log(xi / (ni - xi)) for xi, ni in zip(x, n)]
    mean_t, mean_y = sum(t) / POINTS, sum(log_odds) / POINTS
    slope = sum((ti - mean_t) * (y - mean_y) for ti, y in zip(t, log_odds))
    return Trend.INCREASING if slope > 0 else Trend.DECREASING
