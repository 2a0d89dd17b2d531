"""The same statistics over numpy arrays, for recomputing whole geographies at once (every ward and
district in England). Each function agrees with its scalar counterpart in `intervals`, `gaps` and
`trends` element by element (tested); a value that cannot be given is NaN, and labels are integer codes
into DIRECTIONS / GAP_TRENDS.
"""

from dataclasses import dataclass

import numpy as np
from scipy import stats as scipy_stats

from equalchance.stats.gaps import Direction
from equalchance.stats.intervals import EXACT_BELOW, z_for
from equalchance.stats.trends import POINTS, GapTrend, critical_value

DIRECTIONS = list(Direction)
GAP_TRENDS = list(GapTrend)


@dataclass(frozen=True)
class Intervals:
    """Values and limits of the same shape; NaN where not available."""

    value: np.ndarray
    lower: np.ndarray
    upper: np.ndarray

    @property
    def available(self) -> np.ndarray:
        return ~(np.isnan(self.value) | np.isnan(self.lower) | np.isnan(self.upper))

    def negated(self) -> "Intervals":
        return Intervals(-self.value, -self.upper, -self.lower)

    def turned(self, signs: np.ndarray) -> "Intervals":
        """Multiplied by +1 or -1 per element, limits swapped where negated."""
        flip = signs < 0
        return Intervals(
            np.where(flip, -self.value, self.value),
            np.where(flip, -self.upper, self.lower),
            np.where(flip, -self.lower, self.upper),
        )


def _floats(*arrays) -> list[np.ndarray]:
    return [np.asarray(a, dtype=float) for a in np.broadcast_arrays(*arrays)]


def proportions(numerators, denominators, *, confidence: float = 0.95, multiplier: float = 1) -> Intervals:
    """Wilson score intervals; NaN where the denominator is not above 0 or the numerator is out of range."""
    x, n = _floats(numerators, denominators)
    z = z_for(confidence)
    valid = (n > 0) & (x >= 0) & (x <= n)
    n_safe = np.where(valid, n, 1.0)
    x_safe = np.where(valid, x, 0.0)
    centre = 2 * x_safe + z * z
    spread = z * np.sqrt(z * z + 4 * x_safe * (1 - x_safe / n_safe))
    scale = 2 * (n_safe + z * z)
    lower = np.where(x_safe == 0, 0.0, (centre - spread) / scale)
    upper = np.where(x_safe == n_safe, 1.0, (centre + spread) / scale)
    nan = np.where(valid, 1.0, np.nan)
    return Intervals(x_safe / n_safe * multiplier * nan, lower * multiplier * nan, upper * multiplier * nan)


def poisson_limits(counts, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact (chi-squared) limits below 10 events, Byars from 10."""
    (o,) = _floats(counts)
    z = z_for(confidence)
    alpha = 1 - confidence
    with np.errstate(divide="ignore", invalid="ignore"):
        lower = np.where(o == 0, 0.0, o * (1 - 1 / (9 * o) - z / (3 * np.sqrt(o))) ** 3)
        upper = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * np.sqrt(o + 1))) ** 3
    small = o < EXACT_BELOW
    if small.any():  # chi-squared quantiles only where needed: they are the slow part
        few = o[small]
        lower[small] = np.where(few == 0, 0.0, scipy_stats.chi2.ppf(alpha / 2, np.maximum(2 * few, 1e-9)) / 2)
        upper[small] = scipy_stats.chi2.ppf(1 - alpha / 2, 2 * few + 2) / 2
    return lower, upper


def rates(counts, denominators, *, multiplier: float = 100_000, confidence: float = 0.95) -> Intervals:
    """Crude rates with exact Poisson / Byars limits; NaN where the denominator is not above 0."""
    o, n = _floats(counts, denominators)
    valid = (n > 0) & (o >= 0)
    o = np.where(valid, o, 0.0)
    lower, upper = poisson_limits(o, confidence)
    scale = np.where(valid, multiplier / np.where(valid, n, 1.0), np.nan)
    return Intervals(o * scale, lower * scale, upper * scale)


def dsrs(
    counts, populations, standard_populations, *, multiplier: float = 100_000, confidence: float = 0.95
) -> Intervals:
    """Directly standardised rates over the last axis (age bands), Dobson limits from Byars limits of
    the total count; NaN below 10 events or where a band's population is not above 0."""
    x, n = _floats(counts, populations)
    w = np.asarray(standard_populations, dtype=float)
    valid = (n > 0).all(-1)
    n = np.where(n > 0, n, 1.0)
    total = w.sum()
    value = (w * x / n).sum(-1) / total
    variance = (x * (w / n) ** 2).sum(-1) / total**2
    observed = x.sum(-1)
    z = z_for(confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        lower_count = observed * (1 - 1 / (9 * observed) - z / (3 * np.sqrt(observed))) ** 3
        upper_count = (observed + 1) * (1 - 1 / (9 * (observed + 1)) + z / (3 * np.sqrt(observed + 1))) ** 3
        factor = np.sqrt(variance / observed)
    nan = np.where(valid & (observed >= EXACT_BELOW), 1.0, np.nan)
    return Intervals(
        value * multiplier * nan,
        (value + factor * (lower_count - observed)) * multiplier * nan,
        (value + factor * (upper_count - observed)) * multiplier * nan,
    )


def combine(terms: list[tuple[int, Intervals]]) -> Intervals:
    """MOVER interval for a sum of +/- interval arrays (as gaps.combine)."""
    value = sum(sign * e.value for sign, e in terms)
    low = high = 0.0
    for sign, e in terms:
        below, above = (e.value - e.lower) ** 2, (e.upper - e.value) ** 2
        low, high = (low + below, high + above) if sign > 0 else (low + above, high + below)
    return Intervals(value, value - np.sqrt(low), value + np.sqrt(high))


def differences(a: Intervals, b: Intervals) -> Intervals:
    return combine([(+1, a), (-1, b)])


def differences_in_differences(
    a_later: Intervals, b_later: Intervals, a_earlier: Intervals, b_earlier: Intervals
) -> Intervals:
    return combine([(+1, a_later), (-1, b_later), (-1, a_earlier), (+1, b_earlier)])


def _code(direction) -> int:
    return DIRECTIONS.index(direction)


def directions_of_travel(
    earlier: Intervals, later: Intervals, change: Intervals, *, by_size: bool = False
) -> np.ndarray:
    """Codes into DIRECTIONS, as gaps.direction_of_travel for adverse gaps (by_size likewise)."""
    if by_size:  # turned so that each earlier gap is not negative
        signs = np.where(np.nan_to_num(earlier.value, nan=0.0) < 0, -1.0, 1.0)
        earlier, later, change = earlier.turned(signs), later.turned(signs), change.turned(signs)
    available = earlier.available & later.available & change.available
    was_worse, was_better = earlier.lower > 0, earlier.upper < 0
    now_better = later.upper < 0
    now_no_gap = ~(later.lower > 0) & ~now_better
    # Conditions in the scalar function's order: the first that holds wins.
    return np.select(
        [
            ~available,
            now_better & ~was_better,
            was_worse & now_no_gap,
            (change.upper < 0) & (earlier.value > 0),
            change.lower > 0,
        ],
        [
            _code(Direction.CANNOT_BE_CALCULATED),
            _code(Direction.REVERSED),
            _code(Direction.GAP_CLOSED),
            _code(Direction.NARROWING),
            _code(Direction.WIDENING),
        ],
        _code(Direction.NO_SIGNIFICANT_CHANGE),
    )


def _weighted_slopes(
    values: np.ndarray, weights: np.ndarray, times: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    s1 = weights.sum(-1)
    s2 = (weights * values * times).sum(-1)
    s3 = (weights * times).sum(-1)
    s4 = (weights * values).sum(-1)
    s5 = (weights * times * times).sum(-1)
    denominator = s1 * s5 - s3 * s3
    slope = (s1 * s2 - s3 * s4) / denominator
    return slope, slope**2 * denominator / s1


def gap_trends(
    series: Intervals, *, confidence: float = 0.998, interval_confidence: float = 0.95
) -> np.ndarray:
    """The recent trend test on the last five points of the last axis (oldest first): GAP_TRENDS codes."""
    points = Intervals(*(a[..., -POINTS:] for a in (series.value, series.lower, series.upper)))
    shape = points.value.shape[:-1]
    if series.value.shape[-1] < POINTS:
        return np.full(shape, GAP_TRENDS.index(GapTrend.CANNOT_BE_CALCULATED))
    usable = (points.available & (points.upper > points.lower)).all(-1)
    errors = np.where(
        usable[..., None], (points.upper - points.lower) / (2 * z_for(interval_confidence)), 1.0
    )
    values = np.where(usable[..., None], points.value, 0.0)
    weights = 1 / errors**2
    times = np.arange(1, POINTS + 1, dtype=float)
    slope, chi_squared = _weighted_slopes(values, weights, times)
    steady = slope != 0
    for left_out in range(POINTS):  # the sign must hold without any one point
        kept = [i for i in range(POINTS) if i != left_out]
        other, _ = _weighted_slopes(values[..., kept], weights[..., kept], times[kept])
        steady &= (other != 0) & ((other > 0) == (slope > 0))
    significant = chi_squared > critical_value(confidence)
    return np.select(
        [~usable, significant & steady & (slope < 0), significant & steady & (slope > 0)],
        [
            GAP_TRENDS.index(GapTrend.CANNOT_BE_CALCULATED),
            GAP_TRENDS.index(GapTrend.NARROWING),
            GAP_TRENDS.index(GapTrend.WIDENING),
        ],
        GAP_TRENDS.index(GapTrend.NO_SIGNIFICANT_TREND),
    )
