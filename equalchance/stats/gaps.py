"""The gap between a target area and a comparator, and whether it is narrowing.

Differences use MOVER (Zou & Donner 2008): the interval of a sum or difference is built from each
component's own interval, so it behaves for small counts and serves proportions (Newcombe's method 10),
rates and DSRs alike. Adverse gaps are signed so that a positive gap always means "target worse".
"""

import math
from enum import StrEnum

from equalchance.stats.intervals import Estimate


class Polarity(StrEnum):
    HIGH_IS_GOOD = "high_is_good"
    LOW_IS_GOOD = "low_is_good"
    NO_JUDGEMENT = "no_judgement"


def _require(*estimates: Estimate) -> bool:
    return all(e is not None and e.available for e in estimates)


def _confidence(*estimates: Estimate) -> float:
    levels = {e.confidence for e in estimates}
    if len(levels) != 1:
        raise ValueError(f"estimates must share one confidence level, not {sorted(levels)}")
    return levels.pop()


def combine(terms: list[tuple[int, Estimate]]) -> Estimate:
    """MOVER interval for a sum of +/- estimates: terms are (sign, estimate) with sign +1 or -1."""
    estimates = [e for _, e in terms]
    confidence = _confidence(*estimates)
    if not _require(*estimates):
        return Estimate(None, None, None, confidence, "MOVER", "cannot be calculated: a component is missing")
    value = sum(sign * e.value for sign, e in terms)
    low = high = 0.0
    for sign, e in terms:
        below, above = e.value - e.lower, e.upper - e.value
        if sign > 0:
            low, high = low + below**2, high + above**2
        else:
            low, high = low + above**2, high + below**2
    return Estimate(value, value - math.sqrt(low), value + math.sqrt(high), confidence, "MOVER")


def difference(a: Estimate, b: Estimate) -> Estimate:
    """a minus b with a MOVER interval from each side's interval."""
    return combine([(+1, a), (-1, b)])


def difference_in_differences(
    a_later: Estimate, b_later: Estimate, a_earlier: Estimate, b_earlier: Estimate
) -> Estimate:
    """(a_later - b_later) - (a_earlier - b_earlier): the change in a gap between two periods."""
    return combine([(+1, a_later), (-1, b_later), (-1, a_earlier), (+1, b_earlier)])


def adverse(gap: Estimate, polarity: Polarity) -> Estimate:
    """The gap signed so that positive means the target is worse (low is good: as is; high is good:
    negated). With no judgement the gap is returned unchanged and its size is what matters."""
    if polarity != Polarity.HIGH_IS_GOOD or not gap.available:
        return gap
    return Estimate(-gap.value, -gap.upper, -gap.lower, gap.confidence, gap.method, gap.note)


class GapStatus(StrEnum):
    WORSE = "target significantly worse"
    BETTER = "target significantly better"
    NO_SIGNIFICANT_GAP = "no significant gap"
    CANNOT_BE_CALCULATED = "cannot be calculated"


def gap_status(adverse_gap: Estimate) -> GapStatus:
    if not adverse_gap.available:
        return GapStatus.CANNOT_BE_CALCULATED
    if adverse_gap.lower > 0:
        return GapStatus.WORSE
    if adverse_gap.upper < 0:
        return GapStatus.BETTER
    return GapStatus.NO_SIGNIFICANT_GAP


class Direction(StrEnum):
    NARROWING = "narrowing"
    WIDENING = "widening"
    NO_SIGNIFICANT_CHANGE = "no significant change"
    GAP_CLOSED = "gap closed"
    REVERSED = "reversed"
    CANNOT_BE_CALCULATED = "cannot be calculated"


def _turned(e: Estimate) -> Estimate:
    return Estimate(-e.value, -e.upper, -e.lower, e.confidence, e.method, e.note)


def direction_of_travel(
    earlier: Estimate, later: Estimate, change: Estimate, *, by_size: bool = False
) -> Direction:
    """Label the change in an adverse gap between two non-overlapping periods.

    With `by_size` (measures with no judgement) the three are first turned so that the earlier gap is
    not negative: narrowing and widening then follow the gap's size whichever side the target was on,
    and "reversed" means the target crossed to the other side (worded "crossed over").

    `earlier` and `later` are the adverse gaps (positive = target worse); `change` is later minus
    earlier with its interval (difference_in_differences, signed the same way). In order:
    reversed (the target is now significantly better, and was not), gap closed (significantly worse
    before, not significantly different now), narrowing (the change is significantly negative from a
    gap that was adverse), widening (significantly positive), otherwise no significant change.
    """
    if not (earlier.available and later.available and change.available):
        return Direction.CANNOT_BE_CALCULATED
    if by_size and earlier.value < 0:
        earlier, later, change = _turned(earlier), _turned(later), _turned(change)
    before, after = gap_status(earlier), gap_status(later)
    if after == GapStatus.BETTER and before != GapStatus.BETTER:
        return Direction.REVERSED
    if before == GapStatus.WORSE and after == GapStatus.NO_SIGNIFICANT_GAP:
        return Direction.GAP_CLOSED
    if change.upper < 0 and earlier.value > 0:
        return Direction.NARROWING
    if change.lower > 0:
        return Direction.WIDENING
    return Direction.NO_SIGNIFICANT_CHANGE


# ---------------------------------------------------------------------------------------------------
# Words: the one place that decides what a gap and its direction are called, for every page and file.

NO_SIGNIFICANT_DIFFERENCE = "no significant difference"
HIGHER = "target significantly higher"
LOWER = "target significantly lower"
CROSSED_OVER = "crossed over"


def gap_wording(status: GapStatus | str, polarity: Polarity | str, orientation: int = 1) -> str:
    """What the gap's status is called. `status` is gap_status of the oriented gap and `orientation`
    how the raw gap (target minus comparator) was turned to make it (+1 as is, -1 negated).

    Judged measures say better or worse; measures with no judgement only say higher or lower (or "no
    significant difference"), never better or worse."""
    status = GapStatus(status)
    if Polarity(polarity) != Polarity.NO_JUDGEMENT or status == GapStatus.CANNOT_BE_CALCULATED:
        return status.value
    if status == GapStatus.NO_SIGNIFICANT_GAP:
        return NO_SIGNIFICANT_DIFFERENCE
    # WORSE means the oriented gap is significantly positive: the raw gap has the orientation's sign.
    raw_positive = (status == GapStatus.WORSE) == (orientation > 0)
    return HIGHER if raw_positive else LOWER


def direction_wording(direction: Direction | str, polarity: Polarity | str) -> str:
    """What a direction of travel is called: for measures with no judgement it is about the gap's size,
    so a gap that changed sides has "crossed over" (never "reversed", which reads as better)."""
    direction = Direction(direction)
    if Polarity(polarity) == Polarity.NO_JUDGEMENT and direction == Direction.REVERSED:
        return CROSSED_OVER
    return direction.value
