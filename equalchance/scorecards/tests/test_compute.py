"""The scorecard computation, checked against values recomputed here from the raw counts."""

import math
from datetime import date

import pytest
from scipy import stats as scipy_stats

from equalchance import stats
from equalchance.indicators.models import Observation
from equalchance.places.models import ComparatorGroup
from equalchance.scorecards.compute import scorecard_areas, scorecard_compute

pytestmark = pytest.mark.django_db
SOLIHULL = "E08000029"


def line_of(themes, code):
    return next(line for theme in themes for line in theme.lines if line.indicator.code == code)


def counts(code, areas, day):
    rows = Observation.objects.filter(indicator__code=code, area_id__in=areas, period_start=day)
    assert rows.count() == len(set(areas))
    return sum(r.numerator for r in rows), sum(r.denominator for r in rows)


def byars(o, z):
    lower = o * (1 - 1 / (9 * o) - z / (3 * math.sqrt(o))) ** 3
    upper = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * math.sqrt(o + 1))) ** 3
    return lower, upper


def test_the_default_scorecard_has_solihulls_five_themes_and_eleven_lines(scorecard):
    assert [t.name for t in scorecard.themes.all()] == [
        "Education & Skills",
        "Employment & Poverty",
        "Health",
        "Housing & Environment",
        "Targeting Key Individuals",
    ]
    assert sum(t.lines.count() for t in scorecard.themes.all()) == 11
    assert scorecard.target.name == "Regeneration Wards"
    assert scorecard.comparator_group.kind == ComparatorGroup.Kind.DFE_2025


def test_child_protection_line_matches_an_independent_computation(scorecard):
    areas = scorecard_areas(scorecard)
    line = line_of(scorecard_compute(scorecard), "cpp-rate")
    day = date(2025, 3, 31)
    z = scipy_stats.norm.ppf(0.975)
    t_n, t_d = counts("cpp-rate", areas.target_lsoas, day)
    r_n, r_d = counts("cpp-rate", areas.rest_lsoas, day)
    t_rate, r_rate = t_n / t_d * 1e4, r_n / r_d * 1e4
    (t_lo, t_hi), (r_lo, r_hi) = [
        (lo / d * 1e4, hi / d * 1e4) for (lo, hi), d in ((byars(t_n, z), t_d), (byars(r_n, z), r_d))
    ]
    gap = t_rate - r_rate
    lower = gap - math.sqrt((t_rate - t_lo) ** 2 + (r_hi - r_rate) ** 2)
    upper = gap + math.sqrt((t_hi - t_rate) ** 2 + (r_rate - r_lo) ** 2)
    assert line.period_label == "31 March 2025" and line.synthetic
    assert line.values.target.estimate.value == pytest.approx(t_rate)
    assert line.values.rest.estimate.value == pytest.approx(r_rate)
    # no judgement: oriented by the sign of the earliest gap, which is positive here
    assert (line.gaps["rest"].value, line.gaps["rest"].lower, line.gaps["rest"].upper) == pytest.approx(
        (gap, lower, upper)
    )
    assert line.status == stats.GapStatus.WORSE
    district_n, district_d = counts("cpp-rate", [SOLIHULL], day)
    share = t_d / district_d
    assert line.gaps["district"].value == pytest.approx((1 - share) * line.gaps["rest"].value)
    assert line.values.district.estimate.value == pytest.approx(district_n / district_d * 1e4)


def test_the_comparator_group_is_pooled_from_its_members_counts(scorecard):
    line = line_of(scorecard_compute(scorecard), "cpp-rate")
    members = list(scorecard.comparator_group.members.values_list("area_id", flat=True))
    n, d = counts("cpp-rate", members, date(2025, 3, 31))
    assert len(members) == 10 and line.values.comparators.estimate.value == pytest.approx(n / d * 1e4)
    rates = [
        o.numerator / o.denominator * 1e4
        for o in Observation.objects.filter(
            indicator__code="cpp-rate", area_id__in=members, period_start=date(2025, 3, 31)
        )
    ]
    assert line.values.comparator_mean == pytest.approx(sum(rates) / len(rates))


def test_direction_of_travel_agrees_with_the_change_in_gap_recomputed_from_counts(scorecard):
    areas = scorecard_areas(scorecard)
    line = line_of(scorecard_compute(scorecard), "cpp-rate")
    later, earlier = date(2025, 3, 31), date(2024, 3, 31)

    def estimate(areas_, day):
        return stats.rate(*counts("cpp-rate", areas_, day), multiplier=10_000)

    change = stats.difference_in_differences(
        estimate(areas.target_lsoas, later),
        estimate(areas.rest_lsoas, later),
        estimate(areas.target_lsoas, earlier),
        estimate(areas.rest_lsoas, earlier),
    )
    assert line.from_previous.period_label == "31 March 2024"
    assert line.from_previous.change.value == pytest.approx(change.value)
    assert (line.from_previous.change.lower, line.from_previous.change.upper) == pytest.approx(
        (change.lower, change.upper)
    )
    earlier_gap = stats.difference(estimate(areas.target_lsoas, earlier), estimate(areas.rest_lsoas, earlier))
    assert line.from_previous.direction == stats.direction_of_travel(earlier_gap, line.gaps["rest"], change)
    assert line.from_baseline.period_label == "31 March 2014"
    assert len(line.gap_series) == 13 and line.trend in set(stats.GapTrend)


def test_higher_is_better_gaps_are_turned_so_positive_means_worse(scorecard):
    line = line_of(scorecard_compute(scorecard), "gld")
    target, rest = line.values.target.estimate.value, line.values.rest.estimate.value
    assert target < rest  # fewer children reach a good level of development in the target area
    assert line.gaps["rest"].value == pytest.approx(rest - target) and line.gaps["rest"].value > 0


def test_lines_without_data_say_so(scorecard):
    line = line_of(scorecard_compute(scorecard, as_at=date(2014, 1, 1)), "asb-rate")
    assert line.values is None and line.note == "No data held for this period"


def test_an_earlier_reporting_date_uses_the_data_held_then(scorecard):
    line = line_of(scorecard_compute(scorecard, as_at=date(2020, 12, 31)), "cpp-rate")
    assert line.period_label == "31 March 2020"


def test_a_scorecard_line_for_a_dsr_has_dobson_intervals(scorecard):
    line = line_of(scorecard_compute(scorecard), "u75-circulatory-mortality")
    assert line.values.target.estimate.method == "Dobson" and line.values.rest.available
    assert line.values.england.estimate.method == "Dobson" and line.period_label == "2021-23"
    assert stats.GapStatus(line.status)  # a real verdict, computed from band counts
    assert line.from_previous is not None and line.from_previous.period_label == "2018-20"
