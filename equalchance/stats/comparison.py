"""Comparing an area's value with a benchmark (England, the borough, a comparator group).

Fingertips' rule: the benchmark outside the area's interval means a significant difference; touching
the interval counts as similar. Polarity turns higher/lower into better/worse.
"""

from enum import StrEnum

from equalchance.stats.gaps import Polarity
from equalchance.stats.intervals import Estimate


class Comparison(StrEnum):
    BETTER = "better"
    SIMILAR = "similar"
    WORSE = "worse"
    HIGHER = "higher"
    LOWER = "lower"
    NOT_COMPARED = "not compared"


def compare_with_benchmark(estimate: Estimate, benchmark: float | None, polarity: Polarity) -> Comparison:
    if not estimate.available or benchmark is None:
        return Comparison.NOT_COMPARED
    if estimate.lower > benchmark:
        raw = Comparison.HIGHER
    elif estimate.upper < benchmark:
        raw = Comparison.LOWER
    else:
        return Comparison.SIMILAR
    if polarity == Polarity.HIGH_IS_GOOD:
        return Comparison.BETTER if raw == Comparison.HIGHER else Comparison.WORSE
    if polarity == Polarity.LOW_IS_GOOD:
        return Comparison.WORSE if raw == Comparison.HIGHER else Comparison.BETTER
    return raw
