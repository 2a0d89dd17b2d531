"""MHCLG's district summary measures, tested against hand-worked examples, an independent
pure-Python computation over all 317 districts, and facts MHCLG published for IoD2019."""

import csv
import gzip
import math
from collections import defaultdict
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from equalchance.stats.deprivation import SummaryInputs, extent_weights, rank_descending, summarise

IOD2019 = Path(__file__).resolve().parents[2] / "places" / "data" / "iod2019_lsoa11_england.csv.gz"
N = 32_844


def test_extent_weights_follow_the_published_sliding_scale():
    # percentile = ceil(rank / 32,844 x 100): rank 3,284 is the 10th percentile, 3,285 the 11th
    ranks = np.array([1, 3284, 3285, 9853, 9854, 32844])
    weights = extent_weights(ranks, N)
    assert weights[0] == 1.0 and weights[1] == 1.0
    assert weights[2] == pytest.approx(0.95)  # 11th percentile
    assert math.ceil(9853 / N * 100) == 30 and weights[3] == pytest.approx(0.05)  # 30th
    assert weights[4] == 0.0 and weights[5] == 0.0  # 31st and beyond


def test_hand_worked_district_of_three_lsoas():
    # Three LSOAs: ranks 100, 5,000, 20,000; populations 1,000, 2,000, 7,000; scores 60, 30, 10.
    inputs = SummaryInputs(
        groups=np.array([0, 0, 0]),
        n_groups=1,
        ranks=np.array([100, 5000, 20000]),
        deciles=np.array([1, 2, 7]),
        n_lsoas=N,
        scores=np.array([60.0, 30.0, 10.0]),
        populations=np.array([1000, 2000, 7000]),
        numerators=np.array([400.0, 500.0, 700.0]),
    )
    result = summarise(
        inputs,
        (
            "average_score",
            "average_rank",
            "proportion_most_deprived_10pc",
            "extent",
            "local_concentration",
            "scale",
        ),
    )
    # (1000*60 + 2000*30 + 7000*10) / 10000 = 19
    assert result["average_score"][0] == pytest.approx(19.0)
    # reversed ranks 32,745, 27,845, 12,845: (32,745,000 + 55,690,000 + 89,915,000) / 10,000 = 17,835.0
    assert result["average_rank"][0] == pytest.approx(17835.0)
    assert result["proportion_most_deprived_10pc"][0] == pytest.approx(1 / 3)
    # rank 5,000 is the 16th percentile: weight 0.95 - 5 x 0.9/19; rank 20,000 is beyond the 30th
    assert result["extent"][0] == pytest.approx((1000 * 1.0 + 2000 * (0.95 - 5 * 0.9 / 19)) / 10000)
    # 10% of 10,000 people = 1,000: exactly the most deprived LSOA, reversed rank 32,745
    assert result["local_concentration"][0] == pytest.approx(32745.0)
    assert result["scale"][0] == pytest.approx(1600.0)


def test_local_concentration_takes_part_of_the_last_lsoa():
    # 10% of 20,000 = 2,000 people: all 1,500 of the most deprived LSOA and 500 of the next.
    inputs = SummaryInputs(
        np.array([0, 0, 0]),
        1,
        np.array([10, 50, 30000]),
        np.array([1, 1, 10]),
        N,
        populations=np.array([1500, 1500, 17000]),
    )
    result = summarise(inputs, ("local_concentration",))
    assert result["local_concentration"][0] == pytest.approx(
        (1500 * (N + 1 - 10) + 500 * (N + 1 - 50)) / 2000
    )


def test_ties_share_the_smallest_rank():
    assert list(rank_descending(np.array([0.5, 0.0, 0.5, 0.2, 0.0]))) == [1, 4, 1, 3, 4]


def test_missing_populations_are_refused_for_weighted_measures():
    inputs = SummaryInputs(np.array([0]), 1, np.array([1]), np.array([1]), N)
    with pytest.raises(ValueError, match="Population denominators"):
        summarise(inputs, ("average_rank",))
    with pytest.raises(ValueError, match="between 1 and"):
        summarise(
            SummaryInputs(np.array([0]), 1, np.array([N + 1]), np.array([10]), N),
            ("proportion_most_deprived_10pc",),
        )


# ------------------------------------------------------------------------------------------------
# All 317 districts of IoD2019 against an independent computation written plainly, row by row.


def _independent_district_measures():
    by_district = defaultdict(list)
    names = {}
    with gzip.open(IOD2019, "rt", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            by_district[row["lad19cd"]].append(row)
            names[row["lad19cd"]] = row["lad19nm"]
    measures = {}
    for code, rows in by_district.items():
        pop = [int(r["pop_total_mid2015"]) for r in rows]
        rank = [int(r["imd_rank"]) for r in rows]
        total = sum(pop)
        avg_rank = sum(p * (N + 1 - k) for p, k in zip(pop, rank)) / total
        avg_score = sum(p * float(r["imd_score"]) for p, r in zip(pop, rows)) / total
        proportion = sum(1 for r in rows if r["imd_decile"] == "1") / len(rows)
        extent = 0.0
        for p, k in zip(pop, rank):
            percentile = math.ceil(k * 100 / N)
            if percentile <= 10:
                extent += p
            elif percentile <= 30:
                extent += p * (0.95 - (percentile - 11) * 0.9 / 19)
        extent /= total
        need, taken, weighted = 0.1 * total, 0.0, 0.0
        for p, k in sorted(zip(pop, rank), key=lambda pk: pk[1]):
            part = min(p, need - taken)
            if part <= 0:
                break
            weighted += part * (N + 1 - k)
            taken += part
        measures[code] = {
            "average_rank": avg_rank,
            "average_score": avg_score,
            "proportion_most_deprived_10pc": proportion,
            "extent": extent,
            "local_concentration": weighted / need,
        }
    return measures, names


@pytest.fixture(scope="module")
def independent():
    return _independent_district_measures()


@pytest.fixture(scope="module")
def computed():
    """The code under test, fed from the same file."""
    codes, ranks, deciles, scores, pops = [], [], [], [], []
    with gzip.open(IOD2019, "rt", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            codes.append(row["lad19cd"])
            ranks.append(int(row["imd_rank"]))
            deciles.append(int(row["imd_decile"]))
            scores.append(float(row["imd_score"]))
            pops.append(int(row["pop_total_mid2015"]))
    district_codes, groups = np.unique(codes, return_inverse=True)
    inputs = SummaryInputs(
        groups,
        len(district_codes),
        np.array(ranks),
        np.array(deciles),
        N,
        scores=np.array(scores),
        populations=np.array(pops),
    )
    measures = (
        "average_rank",
        "average_score",
        "proportion_most_deprived_10pc",
        "extent",
        "local_concentration",
    )
    values = summarise(inputs, measures)
    return {m: dict(zip(district_codes, values[m])) for m in measures}, {
        m: dict(zip(district_codes, rank_descending(values[m]))) for m in measures
    }


# Published precision of File 10
PRECISION = {
    "average_rank": 2,
    "average_score": 3,
    "proportion_most_deprived_10pc": 4,
    "extent": 4,
    "local_concentration": 2,
}


@pytest.mark.parametrize("measure", list(PRECISION))
def test_every_district_agrees_with_the_independent_computation(independent, computed, measure):
    expected, _ = independent
    values, _ = computed
    assert len(values[measure]) == 317
    for code, measures in expected.items():
        assert round(values[measure][code], PRECISION[measure]) == round(
            measures[measure], PRECISION[measure]
        ), code


@pytest.mark.parametrize("measure", list(PRECISION))
def test_every_district_rank_agrees_with_an_independent_ranking(independent, computed, measure):
    expected, _ = independent
    _, ranks = computed
    for code, measures in expected.items():
        larger = sum(1 for other in expected.values() if other[measure] > measures[measure])
        assert ranks[measure][code] == larger + 1, code


def test_published_iod2019_facts(computed, independent):
    """Figures MHCLG published for IoD2019 (statistical release and File 10)."""
    values, ranks = computed
    blackpool, middlesbrough, liverpool = "E06000009", "E06000002", "E08000012"
    assert round(values["average_score"][blackpool], 3) == 45.039
    assert ranks["average_score"][blackpool] == 1 and ranks["average_rank"][blackpool] == 1
    assert ranks["proportion_most_deprived_10pc"][middlesbrough] == 1
    assert round(values["proportion_most_deprived_10pc"][middlesbrough], 4) == 0.4884
    assert ranks["extent"][liverpool] == 1
    # All 123 districts with no LSOA in the most deprived decile share rank 195; the 23 with extent 0
    # share rank 295 (File 10).
    assert (
        sorted(
            r
            for c, r in ranks["proportion_most_deprived_10pc"].items()
            if values["proportion_most_deprived_10pc"][c] == 0
        )
        == [195] * 123
    )
    assert sorted(r for c, r in ranks["extent"].items() if values["extent"][c] == 0) == [295] * 23


# ------------------------------------------------------------------------------------------------
# Properties


lsoa_sets = st.lists(st.tuples(st.integers(1, N), st.integers(1, 5000)), min_size=1, max_size=40)


@given(lsoa_sets)
@settings(max_examples=200, deadline=None)
def test_measures_stay_within_their_bounds(lsoas):
    ranks = np.array([r for r, _ in lsoas])
    pops = np.array([p for _, p in lsoas])
    deciles = np.ceil(ranks / (N / 10)).astype(int)
    inputs = SummaryInputs(np.zeros(len(lsoas), dtype=int), 1, ranks, deciles, N, populations=pops)
    result = summarise(
        inputs, ("average_rank", "proportion_most_deprived_10pc", "extent", "local_concentration")
    )
    reversed_ranks = N + 1 - ranks
    assert reversed_ranks.min() - 1e-6 <= result["average_rank"][0] <= reversed_ranks.max() + 1e-6
    assert 0 <= result["proportion_most_deprived_10pc"][0] <= 1
    assert 0 <= result["extent"][0] <= 1 + 1e-12
    # the most deprived tenth is at least as deprived as the average
    assert result["local_concentration"][0] >= result["average_rank"][0] - 1e-6


@given(lsoa_sets, st.randoms())
@settings(max_examples=100, deadline=None)
def test_order_of_lsoas_does_not_matter(lsoas, random):
    def run(items):
        ranks = np.array([r for r, _ in items])
        inputs = SummaryInputs(
            np.zeros(len(items), dtype=int),
            1,
            ranks,
            np.ceil(ranks / (N / 10)),
            N,
            populations=np.array([p for _, p in items]),
        )
        return summarise(inputs, ("average_rank", "extent", "local_concentration"))

    shuffled = list(lsoas)
    random.shuffle(shuffled)
    a, b = run(lsoas), run(shuffled)
    for measure in a:
        assert a[measure][0] == pytest.approx(b[measure][0], rel=1e-12)


# ---------------------------------------------------------------------------------------------------
# Rounding as MHCLG's published tables do: halves go up (away from zero), not to the even digit.


def test_a_half_rounds_up_as_mhclg_publishes_it():
    from decimal import Decimal

    from equalchance.stats.deprivation import format_half_up, round_half_up

    assert f"{1 / 32:.4f}" == "0.0312"  # what Python's own formatting would publish
    assert round_half_up(1 / 32, 4) == Decimal("0.0313")  # 2 LSOAs of 64, as in File 10 (IoD2019)
    assert format_half_up(3 / 96, 4) == "0.0313"
    assert format_half_up(0.0312499, 4) == "0.0312"
    assert format_half_up(2.675, 2) == "2.68"  # as a spreadsheet shows 2.675, not its binary 2.67499...
    assert format_half_up(-0.03125, 4) == "-0.0313"  # away from zero, like a spreadsheet's ROUND
    assert format_half_up(12510.305, 2) == "12510.31"
    assert format_half_up(17.37, 3) == "17.370"
    assert format_half_up(-0.00001, 2) == "0.00"
    assert format_half_up(float("nan"), 2) == ""
