"""Statistics for Equal Chance: pure functions over numbers and arrays, no web framework.

`equalchance.stats.deprivation`: MHCLG's higher-level summary measures of the Indices of Deprivation.
"""

from equalchance.stats.deprivation import (
    MEASURES,
    PUBLISHED_DECIMALS,
    SummaryInputs,
    extent_weights,
    rank_descending,
    summarise,
)

__all__ = [
    "MEASURES",
    "PUBLISHED_DECIMALS",
    "SummaryInputs",
    "extent_weights",
    "rank_descending",
    "summarise",
]
