"""MHCLG's higher-level summary measures of the English Indices of Deprivation.

Definitions: The English Indices of Deprivation 2019, Technical report, section 3.8 (Table 3.2) and
Appendix N. Every measure is computed for many groups of LSOAs at once (districts, wards, or one
priority area), so that summaries for all of England take milliseconds.

Conventions, as MHCLG's: LSOA rank 1 = most deprived; measures built from ranks use reversed ranks
(n_lsoas + 1 - rank, so larger = more deprived); every measure ranks its largest value 1; ties share
the smallest rank.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

MEASURES = (
    "average_score",
    "average_rank",
    "proportion_most_deprived_10pc",
    "extent",
    "local_concentration",
    "scale",
)

# Decimal places used in MHCLG's File 10 (IoD2019 and IoD2025), for output. Scale is a count of people
# (MHCLG publishes the Employment scale with fractions of a person; computed scales are estimates).
PUBLISHED_DECIMALS = {
    "average_score": 3,
    "average_rank": 2,
    "proportion_most_deprived_10pc": 4,
    "extent": 4,
    "local_concentration": 2,
    "scale": 0,
}


def round_half_up(value: float, decimals: int) -> Decimal:
    """`value` rounded as MHCLG's published tables are (and as a spreadsheet does): halves away from
    zero, so 1/32 = 0.03125 becomes 0.0313 at 4 places (Python's round() and format() give 0.0312).

    The number is taken at its shortest decimal form (repr), as a spreadsheet shows it, so a binary
    value such as 2.675 (stored as 2.67499999...) rounds to 2.68 as it would on the published sheet.
    """
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_half_up(value: float, decimals: int) -> str:
    """The value as text with exactly `decimals` places, rounded half up; "" for NaN."""
    if value != value:
        return ""
    text = str(round_half_up(value, decimals))
    return "0" + text[2:] if text.startswith("-0") and not text.strip("-0.") else text


@dataclass(frozen=True)
class SummaryInputs:
    """LSOA-level inputs for one domain of one release. Arrays are aligned, one element per LSOA.

    groups: integer group index (0..n_groups-1) of each LSOA, e.g. its district.
    ranks, deciles: the domain's national rank (1 = most deprived) and decile.
    n_lsoas: number of LSOAs in England in the release (32,844 for IoD2019).
    scores: the domain score, or None where the release has none.
    populations: the population denominator MHCLG used for this domain, or None where unknown.
    numerators: deprived people per LSOA (Income and Employment scale), or None.
    """

    groups: np.ndarray
    n_groups: int
    ranks: np.ndarray
    deciles: np.ndarray
    n_lsoas: int
    scores: np.ndarray | None = None
    populations: np.ndarray | None = None
    numerators: np.ndarray | None = None


def extent_weights(ranks: np.ndarray, n_lsoas: int) -> np.ndarray:
    """Weight of each LSOA in the extent measure, from its national percentile.

    Percentile p = ceil(rank / n_lsoas x 100); weight 1 for p <= 10, falling linearly from 0.95 at
    p = 11 to 0.05 at p = 30, and 0 above.
    """
    ranks = np.asarray(ranks, dtype=np.int64)
    percentile = (ranks * 100 + n_lsoas - 1) // n_lsoas  # integer ceiling: no floating-point edge cases
    sliding = 0.95 - (percentile - 11) * (0.90 / 19)
    return np.where(percentile <= 10, 1.0, np.where(percentile <= 30, sliding, 0.0))


def _group_sum(groups: np.ndarray, n_groups: int, weights: np.ndarray) -> np.ndarray:
    return np.bincount(groups, weights=weights, minlength=n_groups)


def _local_concentration(
    inputs: SummaryInputs, reversed_ranks: np.ndarray, total_pop: np.ndarray
) -> np.ndarray:
    """Population-weighted mean reversed rank of each group's most deprived LSOAs holding exactly 10%
    of its population (the last LSOA counted only in part)."""
    order = np.lexsort((inputs.ranks, inputs.groups))  # by group, then most deprived first
    groups = inputs.groups[order]
    pop = inputs.populations[order].astype(float)
    cumulative = np.cumsum(pop)
    group_start = np.concatenate(([0.0], np.cumsum(total_pop)))[groups]
    before = cumulative - pop - group_start  # population of the group's more deprived LSOAs
    target = 0.10 * total_pop[groups]
    counted = np.clip(target - before, 0.0, pop)
    weighted = _group_sum(groups, inputs.n_groups, counted * reversed_ranks[order])
    with np.errstate(invalid="ignore", divide="ignore"):
        return weighted / (0.10 * total_pop)


def summarise(inputs: SummaryInputs, measures: tuple[str, ...]) -> dict[str, np.ndarray]:
    """Compute the requested measures for every group. Returns measure -> array of n_groups values."""
    unknown = set(measures) - set(MEASURES)
    if unknown:
        raise ValueError(f"Unknown summary measure(s): {', '.join(sorted(unknown))}")
    groups = np.asarray(inputs.groups, dtype=np.int64)
    n = inputs.n_groups
    ranks = np.asarray(inputs.ranks, dtype=np.int64)
    if ranks.size and (ranks.min() < 1 or ranks.max() > inputs.n_lsoas):
        raise ValueError(f"LSOA ranks must lie between 1 and {inputs.n_lsoas}")
    reversed_ranks = (inputs.n_lsoas + 1 - ranks).astype(float)
    lsoa_count = np.bincount(groups, minlength=n).astype(float)
    needs_population = {"average_score", "average_rank", "extent", "local_concentration"} & set(measures)
    if needs_population and inputs.populations is None:
        raise ValueError(f"Population denominators are needed for: {', '.join(sorted(needs_population))}")
    pop = None if inputs.populations is None else np.asarray(inputs.populations, dtype=float)
    total_pop = None if pop is None else _group_sum(groups, n, pop)

    results: dict[str, np.ndarray] = {}
    with np.errstate(invalid="ignore", divide="ignore"):
        for measure in measures:
            if measure == "average_rank":
                results[measure] = _group_sum(groups, n, pop * reversed_ranks) / total_pop
            elif measure == "average_score":
                if inputs.scores is None:
                    raise ValueError("Scores are needed for the average score")
                results[measure] = (
                    _group_sum(groups, n, pop * np.asarray(inputs.scores, dtype=float)) / total_pop
                )
            elif measure == "proportion_most_deprived_10pc":
                in_decile_1 = (np.asarray(inputs.deciles) == 1).astype(float)
                results[measure] = _group_sum(groups, n, in_decile_1) / lsoa_count
            elif measure == "extent":
                results[measure] = (
                    _group_sum(groups, n, pop * extent_weights(ranks, inputs.n_lsoas)) / total_pop
                )
            elif measure == "local_concentration":
                results[measure] = _local_concentration(
                    SummaryInputs(groups, n, ranks, inputs.deciles, inputs.n_lsoas, populations=pop),
                    reversed_ranks,
                    total_pop,
                )
            elif measure == "scale":
                if inputs.numerators is None:
                    raise ValueError("Numerators (deprived people per LSOA) are needed for the scale")
                results[measure] = _group_sum(groups, n, np.asarray(inputs.numerators, dtype=float))
    return results


def rank_descending(values: np.ndarray) -> np.ndarray:
    """Rank 1 = largest value; ties share the smallest rank ("minimum" ranking); NaN gets rank 0."""
    values = np.asarray(values, dtype=float)
    ranks = np.zeros(values.shape, dtype=np.int64)
    present = ~np.isnan(values)
    ordered = np.sort(values[present])
    # rank = 1 + number of values strictly larger
    ranks[present] = ordered.size - np.searchsorted(ordered, values[present], side="right") + 1
    return ranks
