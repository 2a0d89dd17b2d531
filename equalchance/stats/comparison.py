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


def gap_comparison(status, polarity: Polarity | str, orientation: int = 1) -> Comparison:
    """The target against the comparator its gap was tested with (MOVER), as a comparison: the same
    verdict as the gap's status, so a line never says "similar" beside "significantly worse"."""
    from equalchance.stats.gaps import HIGHER, GapStatus, gap_wording

    status = GapStatus(status)
    if status == GapStatus.CANNOT_BE_CALCULATED:
        return Comparison.NOT_COMPARED
    if status == GapStatus.NO_SIGNIFICANT_GAP:
        return Comparison.SIMILAR
    if Polarity(polarity) == Polarity.NO_JUDGEMENT:
        return Comparison.HIGHER if gap_wording(status, polarity, orientation) == HIGHER else Comparison.LOWER
    return Comparison.WORSE if status == GapStatus.WORSE else Comparison.BETTER


COMPARED_WITH = {
    Comparison.BETTER: "Better than {}",
    Comparison.SIMILAR: "Similar to {}",
    Comparison.WORSE: "Worse than {}",
    Comparison.HIGHER: "Higher than {}",
    Comparison.LOWER: "Lower than {}",
    Comparison.NOT_COMPARED: "Not compared with {}",
}


def comparison_wording(comparison: Comparison | str, against: str) -> str:
    """ "Better than England", "Similar to the rest of Solihull"...; anything else (such as
    "suppressed") is said as it is."""
    try:
        return COMPARED_WITH[Comparison(comparison)].format(against)
    except ValueError:
        return str(comparison).capitalize()
