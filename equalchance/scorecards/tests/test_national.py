"""The national recompute (every ward and district at once, in arrays) gives what the scorecard
computes line by line from the database, and its aggregation is the same in SQL on this database
(SQLite or PostgreSQL), in DuckDB and in numpy."""

from datetime import date

import duckdb
import numpy as np
import pytest
from django.db.models import Sum

from equalchance.indicators.models import Indicator, Observation
from equalchance.places import services as places_services
from equalchance.places.models import Area, ComparatorGroup, LsoaPlacement
from equalchance.scorecards import national
from equalchance.scorecards.compute import line_compute, scorecard_areas
from equalchance.scorecards.models import Line, Scorecard, Theme
from equalchance.stats import arrays

pytestmark = pytest.mark.django_db
SOLIHULL = "E08000029"
CHELMSLEY_WOOD = "E05001287"


@pytest.fixture
def ward_scorecard(system):
    district = Area.objects.get(code=SOLIHULL)
    target = places_services.priority_area_create(
        name="Chelmsley Wood",
        district=district,
        description="",
        method="wards",
        codes=[CHELMSLEY_WOOD],
        by=system,
    )
    scorecard = Scorecard.objects.create(
        name="One ward",
        district=district,
        target=target,
        comparator_group=ComparatorGroup.objects.get(home=district, kind=ComparatorGroup.Kind.DFE_2025),
        baseline_year=2000,
    )
    theme = Theme.objects.create(scorecard=scorecard, name="All")
    for order, code in enumerate(["asb-rate", "community-cohesion", "u75-circulatory-mortality"]):
        Line.objects.create(theme=theme, indicator=Indicator.objects.get(code=code), order=order)
    return scorecard


@pytest.mark.parametrize("code", ["asb-rate", "community-cohesion", "u75-circulatory-mortality"])
def test_the_national_recompute_agrees_with_the_scorecard_for_a_ward(ward_scorecard, code):
    indicator = Indicator.objects.get(code=code)
    counts, lsoas = national.modelled_counts(indicator)
    geography = national.england_geography(lsoas)
    result = national.national_compute(counts, geography)
    i = int(np.flatnonzero(result.targets == CHELMSLEY_WOOD)[0])
    line = line_compute(
        Line.objects.get(theme__scorecard=ward_scorecard, indicator=indicator),
        scorecard_areas(ward_scorecard),
        as_at=date.max,
        baseline_year=2000,
    )
    latest = national.non_overlapping(counts.periods)[-1]
    for key, scalar in [
        ("target", line.values.target),
        ("rest", line.values.rest),
        ("parent", line.values.district),
        ("england", line.values.england),
        ("comparators", line.values.comparators),
    ]:
        got = result.values[key]
        want = scalar.estimate
        assert (got.value[i, latest], got.lower[i, latest], got.upper[i, latest]) == pytest.approx(
            (want.value, want.lower, want.upper), rel=1e-9
        ), key
    assert result.gaps["rest"].value[i] == pytest.approx(line.gaps["rest"].value, rel=1e-9)
    assert result.gaps["comparators"].upper[i] == pytest.approx(line.gaps["comparators"].upper, rel=1e-9)
    assert arrays.DIRECTIONS[result.from_previous[i]] == line.from_previous.direction
    assert arrays.DIRECTIONS[result.from_baseline[i]] == line.from_baseline.direction
    assert arrays.GAP_TRENDS[result.trend[i]] == line.trend


def test_every_ward_and_district_in_england_is_a_target():
    counts, lsoas = national.modelled_counts(Indicator.objects.get(code="crime-rate"))
    geography = national.england_geography(lsoas)
    result = national.national_compute(counts, geography)
    assert len(geography.districts) == 317 and len(geography.wards) > 6800
    assert len(result.targets) == len(geography.wards) + 317
    assert result.values["target"].available.all()  # every area has a crime rate in every period
    labels = {arrays.DIRECTIONS[c] for c in result.from_previous}
    assert {"narrowing", "widening", "no significant change"} <= labels


def test_ward_sums_are_the_same_in_sql_duckdb_and_numpy():
    """The analytic query (sum an indicator's LSOA counts to wards) on this database, in DuckDB over the
    same rows, and by the national recompute's sparse sums."""
    lsoas = LsoaPlacement.objects.filter(geography="2019", district_id=SOLIHULL)
    ward_of = dict(lsoas.values_list("lsoa_id", "ward_id"))
    rows = Observation.objects.filter(indicator__code="asb-rate", area_id__in=list(ward_of))
    in_sql = {
        (r["period_start"], ward): (r["n"], r["d"])
        for ward in set(ward_of.values())
        for r in rows.filter(area__placements__geography="2019", area__placements__ward_id=ward)
        .values("period_start")
        .annotate(n=Sum("numerator"), d=Sum("denominator"))
    }
    table = [(o.period_start, ward_of[o.area_id], o.numerator, o.denominator) for o in rows]
    con = duckdb.connect()
    con.execute("create table obs (period date, ward varchar, numerator double, denominator double)")
    con.executemany("insert into obs values (?, ?, ?, ?)", table)
    in_duckdb = {
        (period, ward): (n, d)
        for period, ward, n, d in con.execute(
            "select period, ward, sum(numerator), sum(denominator) from obs group by period, ward"
        ).fetchall()
    }
    periods = sorted({period for period, *_ in table})
    codes = sorted(ward_of)
    position = {(o.period_start, o.area_id): o for o in rows}
    numerators = np.array([[position[(p, c)].numerator for c in codes] for p in periods])
    denominators = np.array([[position[(p, c)].denominator for c in codes] for p in periods])
    geography = national.geography_from(codes, [ward_of[c] for c in codes], [SOLIHULL] * len(codes), {})
    wards, _, _ = national._sums(geography, np.concatenate([numerators.T, denominators.T], axis=1))
    in_numpy = {
        (period, ward): (wards[w, t], wards[w, len(periods) + t])
        for w, ward in enumerate(geography.wards)
        for t, period in enumerate(periods)
    }
    assert len(in_sql) == 17 * 10
    assert in_sql == in_duckdb == in_numpy
