"""Statistics for Equal Chance: pure functions over numbers and arrays, no web framework.

- Intervals (`intervals`): proportion (Wilson), rate (exact Poisson / Byars), dsr (Dobson), mean (t).
- Gaps (`gaps`): difference and difference_in_differences (MOVER), adverse gaps, direction of travel.
- Comparison with a benchmark (`comparison`) and the recent trend test (`trends`).
- MHCLG's district summary measures of the Indices of Deprivation (`deprivation`).
Invalid input raises ValueError with a message saying what is wrong.
"""

from equalchance.stats.comparison import (
    Comparison,
    compare_with_benchmark,
    comparison_wording,
    gap_comparison,
)
from equalchance.stats.deprivation import (
    MEASURES,
    PUBLISHED_DECIMALS,
    SummaryInputs,
    extent_weights,
    rank_descending,
    summarise,
)
from equalchance.stats.gaps import (
    Direction,
    GapStatus,
    Polarity,
    adverse,
    combine,
    difference,
    difference_in_differences,
    direction_of_travel,
    direction_wording,
    gap_status,
    gap_wording,
)
from equalchance.stats.intervals import ESP2013, Estimate, dsr, mean, poisson_limits, proportion, rate
from equalchance.stats.trends import GapTrend, Trend, gap_trend, proportion_trend, recent_trend

__all__ = [
    "ESP2013",
    "MEASURES",
    "PUBLISHED_DECIMALS",
    "Comparison",
    "Direction",
    "Estimate",
    "GapStatus",
    "GapTrend",
    "Polarity",
    "SummaryInputs",
    "Trend",
    "adverse",
    "combine",
    "compare_with_benchmark",
    "comparison_wording",
    "difference",
    "difference_in_differences",
    "direction_of_travel",
    "direction_wording",
    "dsr",
    "extent_weights",
    "gap_comparison",
    "gap_status",
    "gap_wording",
    "gap_trend",
    "mean",
    "poisson_limits",
    "proportion",
    "proportion_trend",
    "rank_descending",
    "rate",
    "recent_trend",
    "summarise",
]
