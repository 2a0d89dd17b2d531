"""Confidence intervals for indicator values, as the public-health technical guides define them.

- proportion: Wilson score interval (Wilson 1927; Newcombe 1998).
- rate: exact Poisson limits below 10 events, Byars' approximation from 10 (Breslow & Day 1987).
- dsr: directly standardised rate with Dobson's method (Dobson et al. 1991); no value below 10 events.
- mean: Student's t.
Every function returns an Estimate in the indicator's units (x multiplier).
"""

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy import stats as scipy_stats

EXACT_BELOW = 10  # events: exact Poisson below, Byars from here (PHE: Byars within 0.2% of exact)


@dataclass(frozen=True)
class Estimate:
    """A value and its confidence interval. All three are None when the value cannot be given."""

    value: float | None
    lower: float | None
    upper: float | None
    confidence: float = 0.95
    method: str = ""
    note: str = ""

    @property
    def available(self) -> bool:
        return self.value is not None and self.lower is not None and self.upper is not None

    def contains(self, x: float) -> bool:
        return self.available and self.lower <= x <= self.upper


@functools.lru_cache(maxsize=64)  # scipy's ppf costs ~0.2 ms, and a scorecard asks thousands of times
def z_for(confidence: float) -> float:
    check_confidence(confidence)
    return float(scipy_stats.norm.ppf(1 - (1 - confidence) / 2))


def check_confidence(confidence: float) -> None:
    if not 0.9 <= confidence < 1:
        raise ValueError(
            f"confidence must be between 0.9 and 1 (for example 0.95 or 0.998), not {confidence}"
        )


def _check_count(name: str, value: float) -> None:
    if value is None or not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a number of 0 or more, not {value}")


def _check_denominator(value: float) -> None:
    if value is None or not math.isfinite(value) or value <= 0:
        raise ValueError(f"the denominator must be greater than 0, not {value}")


def proportion(
    numerator: float, denominator: float, *, confidence: float = 0.95, multiplier: float = 1
) -> Estimate:
    """Wilson score interval for numerator / denominator (x multiplier, e.g. 100 for a percentage)."""
    _check_count("the numerator", numerator)
    _check_denominator(denominator)
    if numerator > denominator:
        raise ValueError(
            f"the numerator ({numerator}) cannot be greater than the denominator ({denominator})"
        )
    z = z_for(confidence)
    x, n = float(numerator), float(denominator)
    centre = 2 * x + z * z
    spread = z * math.sqrt(z * z + 4 * x * (1 - x / n))
    scale = 2 * (n + z * z)
    lower = 0.0 if x == 0 else (centre - spread) / scale
    upper = 1.0 if x == n else (centre + spread) / scale
    return Estimate(x / n * multiplier, lower * multiplier, upper * multiplier, confidence, "Wilson")


def poisson_limits(count: float, confidence: float, *, exact: bool | None = None) -> tuple[float, float]:
    """Confidence limits for a Poisson count: exact (chi-squared) below 10 events, Byars from 10."""
    _check_count("the count", count)
    check_confidence(confidence)
    alpha = 1 - confidence
    if exact is None:
        exact = count < EXACT_BELOW
    if exact:
        lower = 0.0 if count == 0 else float(scipy_stats.chi2.ppf(alpha / 2, 2 * count)) / 2
        upper = float(scipy_stats.chi2.ppf(1 - alpha / 2, 2 * count + 2)) / 2
        return lower, upper
    z = z_for(confidence)
    o = float(count)
    lower = 0.0 if o == 0 else o * (1 - 1 / (9 * o) - z / (3 * math.sqrt(o))) ** 3
    upper = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * math.sqrt(o + 1))) ** 3
    return lower, upper


def rate(
    count: float, denominator: float, *, multiplier: float = 100_000, confidence: float = 0.95
) -> Estimate:
    """Crude rate count / denominator x multiplier (e.g. per 1,000), exact Poisson or Byars limits."""
    _check_count("the count", count)
    _check_denominator(denominator)
    lower, upper = poisson_limits(count, confidence)
    method = "Exact Poisson" if count < EXACT_BELOW else "Byars"
    scale = multiplier / denominator
    return Estimate(count * scale, lower * scale, upper * scale, confidence, method)


# European Standard Population 2013, 19 bands (0-4, 5-9, ..., 85-89, 90+), total 100,000.
ESP2013 = (
    5000,
    5500,
    5500,
    5500,
    6000,
    6000,
    6500,
    7000,
    7000,
    7000,
    7000,
    6500,
    6000,
    5500,
    5000,
    4000,
    2500,
    1500,
    1000,
)


def dsr(
    counts: Sequence[float],
    populations: Sequence[float],
    standard_populations: Sequence[float],
    *,
    multiplier: float = 100_000,
    confidence: float = 0.95,
) -> Estimate:
    """Directly standardised rate over age bands, with Dobson's confidence interval (Byars limits of
    the total count). Below 10 events in total the value and limits are not given."""
    if not (len(counts) == len(populations) == len(standard_populations)) or not counts:
        raise ValueError(
            "counts, populations and standard populations need one value per age band, the same number"
        )
    for count in counts:
        _check_count("each band's count", count)
    for population in populations:
        _check_denominator(population)
    for weight in standard_populations:
        _check_count("each standard population", weight)
    total_weight = float(sum(standard_populations))
    if total_weight <= 0:
        raise ValueError("the standard populations must add up to more than 0")
    check_confidence(confidence)
    observed = float(sum(counts))
    if observed < EXACT_BELOW:
        return Estimate(None, None, None, confidence, "Dobson", "not calculated: fewer than 10 events")
    value = sum(w * x / n for x, n, w in zip(counts, populations, standard_populations)) / total_weight
    variance = (
        sum(x * (w / n) ** 2 for x, n, w in zip(counts, populations, standard_populations)) / total_weight**2
    )
    lower_count, upper_count = poisson_limits(observed, confidence, exact=False)
    factor = math.sqrt(variance / observed)
    return Estimate(
        value * multiplier,
        (value + factor * (lower_count - observed)) * multiplier,
        (value + factor * (upper_count - observed)) * multiplier,
        confidence,
        "Dobson",
    )


def mean(values: Sequence[float], *, confidence: float = 0.95) -> Estimate:
    """Mean with Student's t interval (sample standard deviation, k - 1 divisor)."""
    check_confidence(confidence)
    if len(values) < 2:
        raise ValueError("a mean with a confidence interval needs at least two values")
    k = len(values)
    average = sum(values) / k
    sd = math.sqrt(sum((v - average) ** 2 for v in values) / (k - 1))
    half = float(scipy_stats.t.ppf(1 - (1 - confidence) / 2, k - 1)) * sd / math.sqrt(k)
    return Estimate(average, average - half, average + half, confidence, "Student's t")
