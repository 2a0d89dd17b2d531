"""Where a measure stands (``performance.standing``), against cases worked out by hand from guide
sections 6.1, 6.2 and 6.4 and the decisions in the module's text. Quarters are of the financial year
2026/27 (Q1 April to June ... Q4 January to March 2027) unless a case says otherwise."""

import ast
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from equalchance.performance import periods
from equalchance.performance import standing as module
from equalchance.performance.standing import (
    Point,
    Settings,
    linear_trend,
    passed_over,
    standing,
    worsening_run,
)

QUARTERS = periods.periods_of_year(2026, "quarterly", "financial")
HIGHER = Settings(polarity="higher_better")


def series(*values, targets=(), forecasts=(), year=QUARTERS):
    """Points for the year's first periods with these approved values (None for none)."""
    targets = list(targets) + [None] * (len(values) - len(targets))
    forecasts = list(forecasts) + [None] * (len(values) - len(forecasts))
    return [
        Point(period, actual, target, forecast)
        for period, actual, target, forecast in zip(year, values, targets, forecasts, strict=False)
    ]


def codes(found):
    return [code for code, _ in found.exceptions]


def test_the_module_imports_no_django():
    tree = ast.parse(Path(module.__file__).read_text())
    imported = {
        (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert "django" not in imported


def test_a_current_period_with_no_approved_value_is_no_data_and_overdue_from_its_due_date():
    found = standing(
        series(50, 60, None, targets=(50, 55, 60)), Settings(polarity="higher_better", data_lag_days=30)
    )
    assert found.status.state == "no_data"
    # Q3 ends on 31 December 2026; 30 days' lag makes it due on 30 January 2027.
    assert found.overdue_since.isoformat() == "2027-01-30"
    assert found.latest.period.label == "Q2 2026/27" and found.latest.actual == 60
    assert codes(found) == ["data_overdue"]
    assert found.exceptions[0][1] == "No approved value for Q3 2026/27: it was due by 30 January 2027."
    # A missing period gives no direction of travel.
    assert found.direction is None


def test_a_period_due_before_the_measure_was_defined_is_no_data_but_not_overdue():
    """Probe 9: a measure defined on 2 December 2026 was at once "data overdue" for Q2 2026/27, due by 30
    September, before anyone was asked for it (the reminders already never chased it)."""
    values = series(None, None)
    for defined_on, overdue in ((date(2026, 12, 2), None), (date(2026, 9, 30), date(2026, 9, 30))):
        found = standing(values, Settings(polarity="higher_better", defined_on=defined_on))
        assert found.status.state == "no_data" and found.overdue_since == overdue
        assert codes(found) == ([] if overdue is None else ["data_overdue"])


def test_a_red_measure_with_no_live_action_is_red_and_neglected_and_with_one_only_red():
    points = series(50, 40, targets=(50, 50))  # 40 against 50: 20% short, outside 5%
    assert codes(standing(points, HIGHER)) == ["red", "neglected"]
    assert codes(standing(points, HIGHER, has_live_action=True)) == ["red"]
    # Why, in words that fit: through its part of a plan, or because it measures no part of a plan.
    assert dict(standing(points, HIGHER).exceptions)["neglected"].startswith("No live plan action is linked")
    outside = dict(standing(points, HIGHER, in_plan=False).exceptions)["neglected"]
    assert outside == "It measures no part of a plan, so no plan action is linked to it."


def test_amber_is_listed_only_when_it_is_also_worse_than_the_period_before():
    # 48 against 50 is within 5% (47.5): amber.
    worse = standing(series(49, 48, targets=(50, 50)), HIGHER, has_live_action=True)
    better = standing(series(47, 48, targets=(50, 50)), HIGHER, has_live_action=True)
    assert worse.status.state == better.status.state == "amber"
    assert codes(worse) == ["amber_worsening"]
    assert codes(better) == []


def test_a_run_of_three_worsening_periods_is_listed_whatever_the_status_and_two_is_not():
    monthly = periods.periods_of_year(2026, "monthly", "financial")
    four = standing(series(50, 48, 46, 44, year=monthly), HIGHER)
    three = standing(series(50, 48, 46, year=monthly), HIGHER)
    assert four.worsening_run == 3 and four.status.state == "data_only"
    assert codes(four) == ["worsening_run", "neglected"]
    assert three.worsening_run == 2 and codes(three) == []


@pytest.mark.parametrize(
    ("values", "polarity", "run"),
    [
        ((50, 48, 46, 44), "higher_better", 3),
        ((44, 46, 48, 50), "lower_better", 3),
        ((50, 48, None, 46, 44), "higher_better", 1),  # a gap ends the run
        ((50, 48, 48, 46), "higher_better", 1),  # no change ends it
        ((50, 52, 48), "higher_better", 1),
        ((50,), "higher_better", 0),
        ((), "higher_better", 0),
        ((1, 2, 3), "none", 0),  # no better direction: nothing worsens
    ],
)
def test_the_worsening_run_counts_the_most_recent_worsening_changes_in_a_row(values, polarity, run):
    assert worsening_run(list(values), Settings(polarity=polarity)) == run


def test_an_in_range_measure_worsens_by_moving_away_from_its_range_whichever_way():
    kept = Settings(polarity="in_range", range_low=10, range_high=20)
    assert worsening_run([15, 21, 23, 26], kept) == 3  # leaving the range (15 to 21) is a worsening too
    assert worsening_run([12, 18, 19], kept) == 0  # moving about inside it is no change
    assert worsening_run([9, 8, 7, 6], kept) == 3
    # With no range there is nothing to move towards: no direction, trend or run.
    loose = standing(series(1, 2, 3), Settings(polarity="in_range"))
    assert (loose.direction, loose.worsening_run, tuple(loose.trend)) == (None, 0, ("flat", 0))


def test_worse_than_forecast_is_listed_for_a_measure_with_no_target():
    found = standing(series(40, 38, forecasts=(None, 41)), HIGHER, has_live_action=True)
    assert found.status.state == "data_only"
    assert str(found.against_forecast) == "worse_than_forecast"
    assert codes(found) == ["worse_than_forecast"]


def test_the_year_end_forecast_is_a_straight_line_through_this_years_values_against_q4s_target():
    # Q1 10, Q2 12: the line rises 2 a quarter, so Q4 is 16. The year's target is Q4's, 15: green.
    found = standing(series(10, 12), HIGHER, year_end=Point(QUARTERS[3], target=15))
    assert found.year == "2026/27"
    assert found.year_forecast == 16 and found.year_forecast_how.startswith("a straight line")
    assert found.year_target == 15 and found.forecast_status.state == "green"
    # Another year's last period is not this year's end.
    other = periods.periods_of_year(2025, "quarterly", "financial")[3]
    assert standing(series(10, 12), HIGHER, year_end=Point(other, target=15)).year_target is None
    # One value is no line.
    assert standing(series(10), HIGHER).year_forecast is None


def test_a_forecast_recorded_for_the_years_last_period_wins_over_the_line():
    found = standing(series(10, 12, 13), HIGHER, year_end=Point(QUARTERS[3], target=15, forecast=14))
    assert found.year_target == 15 and found.year_forecast == 14
    # 14 against 15 with 5% (14.25): red at the year end, while the current status is no data.
    assert found.forecast_status.state == "red"
    assert found.forecast_status.reason.startswith("Forecast for the year end:")
    assert found.status.state == "data_only"  # Q3 has no target


def test_the_years_outturn_is_the_forecast_once_the_last_period_has_its_value():
    points = series(10, 12, 13, 17, targets=(None, None, None, 15), forecasts=(None, None, None, 14))
    found = standing(points, HIGHER)
    assert found.year_forecast == 17 and found.year_forecast_how == "the year's outturn"
    assert found.forecast_status.state == "green" and found.status.state == "green"


def test_a_cumulative_measure_forecasts_the_year_at_its_rate_so_far_against_its_annual_target():
    ytd = Settings(polarity="higher_better", cumulative=True)
    # 55 by the end of Q2 of four: 110 by the year end.
    found = standing(series(30, 55, targets=(25, 50)), ytd)
    assert found.year_forecast == 110
    assert found.status.state == "green"  # 55 against the profiled year-to-date target of 50
    # Q3 is overdue; the year to date at Q2 still forecasts 110, against the year's 120 with 5% (114): red.
    annual = series(30, 55, None, targets=(25, 50, 75))
    found = standing(annual, ytd, year_end=Point(QUARTERS[3], target=120), has_live_action=True)
    assert found.year_target == 120 and found.year_forecast == 110
    assert found.forecast_status.state == "red"


def test_the_change_from_baseline_is_from_the_latest_approved_value():
    found = standing(series(60, None), HIGHER, baseline=50)
    assert found.baseline_change.change == 10 and found.baseline_change.relative_change == 0.2


def test_a_standing_works_out_its_trend_when_first_read_and_compares_by_it(monkeypatch):
    worked_out = []
    real = module.rules.current_trend
    monkeypatch.setattr(module.rules, "current_trend", lambda *a, **k: worked_out.append(1) or real(*a, **k))
    rising, falling = standing(series(10, 11, 12), HIGHER), standing(series(12, 11, 12), HIGHER)
    assert worked_out == []  # the exception report reads none of it for the hundreds it judges
    assert tuple(rising.trend) == ("up", 2) and tuple(falling.trend) == ("up", 1)
    assert rising.trend is rising.trend and len(worked_out) == 2  # once each
    # Their latest values, targets and so on are the same: only the worked-out trend tells them apart.
    assert rising.status == falling.status and rising.direction == falling.direction
    assert rising != falling and rising == standing(series(10, 11, 12), HIGHER)


def test_an_empty_series_stands_nowhere_without_error():
    found = standing([], HIGHER)
    assert found.status.state == "no_data" and found.current is None and found.exceptions == []


@given(
    st.lists(
        st.tuples(st.integers(-50, 50), st.integers(-10_000, 10_000)),
        min_size=2,
        max_size=12,
        unique_by=lambda p: p[0],
    ),
    st.integers(-60, 60),
)
def test_the_linear_trend_agrees_with_numpys_least_squares_fit(points, at):
    slope, intercept = numpy.polyfit([x for x, _ in points], [y for _, y in points], 1)
    (ours,) = linear_trend(points, [at])
    assert float(ours) == pytest.approx(slope * at + intercept, rel=1e-9, abs=1e-6)


@given(
    st.lists(
        st.tuples(st.integers(-50, 50), st.decimals(-10_000, 10_000, places=3, allow_nan=False)),
        min_size=2,
        max_size=12,
        unique_by=lambda p: p[0],
    ),
    st.integers(-60, 60),
)
def test_the_linear_trend_is_exactly_the_textbook_least_squares_line(points, at):
    """Against the definition, term by term in fractions: the sums over common denominators change the
    arithmetic, never the line."""
    xs, ys = [Fraction(x) for x, _ in points], [Fraction(y) for _, y in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / sum((x - mean_x) ** 2 for x in xs)
    assert linear_trend(points, [at]) == [mean_y + slope * (at - mean_x)]


def test_a_linear_trend_needs_two_different_periods():
    assert linear_trend([(1, 5)], [2]) is None
    assert linear_trend([(1, 5), (1, 7)], [2]) is None
    assert linear_trend([(0, 1), (2, 2)], [1]) == [Fraction(3, 2)]


def test_a_withheld_feedback_result_is_no_data_but_not_overdue():
    """Probe finding: a quarter withheld for fewer than 5 responses was listed as data overdue."""
    points = series(50, None)
    points[-1] = Point(points[-1].period, None, None, None, suppressed=True)
    found = standing(points, HIGHER)
    assert found.status.state == "no_data" and found.overdue_since is None and found.exceptions == []


MONTHS = periods.periods_between(date(2022, 4, 1), date(2027, 3, 31), "monthly", "financial")
value = st.decimals(min_value=-50, max_value=150, places=1)
maybe_value = st.one_of(st.none(), value)


@given(
    values=st.lists(value, max_size=len(MONTHS)),
    holes=st.sets(st.integers(0, len(MONTHS) - 1), max_size=6),
    targets=st.lists(maybe_value, max_size=len(MONTHS)),
    forecasts=st.lists(maybe_value, max_size=len(MONTHS)),
    polarity=st.sampled_from(["higher_better", "lower_better", "in_range", "none"]),
    tolerance=st.sampled_from([0, 0.05, 1, 5]),
    tolerance_type=st.sampled_from(["relative", "absolute"]),
    bounds=st.sampled_from([(None, None), (10, 60), (None, 40)]),
    has_live_action=st.booleans(),
    withheld_last=st.booleans(),
)
def test_the_exception_reports_quick_pass_lists_exactly_the_measures_the_full_standing_lists(
    values,
    holes,
    targets,
    forecasts,
    polarity,
    tolerance,
    tolerance_type,
    bounds,
    has_live_action,
    withheld_last,
):
    """The exception report page judges only what it needs (`listed_only`); it must list the same
    measures, for the same reasons, with the same standing, as the measure's full standing."""
    values = [None if i in holes else v for i, v in enumerate(values)]
    points = series(*values, targets=targets, forecasts=forecasts, year=MONTHS)
    if points and withheld_last and points[-1].actual is None:
        points[-1] = Point(points[-1].period, None, points[-1].target, None, suppressed=True)
    settings = Settings(
        polarity=polarity,
        tolerance=tolerance,
        tolerance_type=tolerance_type,
        range_low=bounds[0],
        range_high=bounds[1],
        frequency="monthly",
    )
    full = standing(points, settings, has_live_action=has_live_action)
    quick = standing(points, settings, has_live_action=has_live_action, listed_only=True)
    # What the quick pass reads, each from the whole series by the rule itself.
    assert full.worsening_run == worsening_run(points, settings)
    if points:
        assert full.status == settings.status(points[-1].actual, points[-1].target)
    if len(points) > 1:
        assert full.direction == settings.travel(points[-1], points[-2])
    if full.exceptions:
        assert quick == full
        # The page passes over a measure on its last two points alone: never one the full standing lists.
        assert not passed_over(points[-1], points[-2] if len(points) > 1 else None, settings)
        now, before, earliest = three(points)
        assert not passed_over(now, before, settings, earliest)
    else:
        assert quick is None


NEAR = st.sampled_from([Decimal("49.9"), Decimal("50"), Decimal("50.1"), 50.1])  # a float, too


@st.composite
def walks(draw):
    """Points whose values are a tenth apart and move by at most a tenth a period, mostly one way, now
    and then missing; most have a target near them and some a forecast: runs of three, ties with the
    target and changes of direction come up often. Each with a feedback count, used if the measure is
    fed by feedback."""
    way = draw(st.sampled_from([-1, 1]))
    steps = draw(st.lists(st.sampled_from([way, way, way, 0, -way]), min_size=1, max_size=6))
    values = [Decimal("50") + Decimal(sum(steps[:i])) / 10 for i in range(len(steps) + 1)]
    hole = draw(st.sampled_from([None] * 6 + list(range(len(values)))))
    return [
        Point(
            period,
            None if i == hole else value,
            draw(st.one_of(NEAR, NEAR, st.none())),
            draw(st.one_of(st.none(), st.none(), st.none(), NEAR)),
            counts=(draw(st.sampled_from([5, 30, 55, 80, 95])), 100),
        )
        for i, (period, value) in enumerate(zip(MONTHS, values, strict=False))
    ]


@settings(max_examples=500)
@given(
    points=walks(),
    polarity=st.sampled_from(
        ["higher_better", "lower_better", "higher_better", "lower_better", "in_range", "none"]
    ),
    data_only=st.sampled_from([False, False, True]),
    tolerance=st.sampled_from([0, Decimal("0.002"), Decimal("0.1")]),
    tolerance_type=st.sampled_from(["relative", "absolute"]),
    significance=st.sampled_from([False, False, True]),
    has_live_action=st.booleans(),
)
def test_the_exception_report_never_passes_over_a_measure_the_full_standing_lists(
    points, polarity, data_only, tolerance, tolerance_type, significance, has_live_action
):
    measure = Settings(
        polarity=polarity,
        data_only=data_only,
        tolerance=tolerance,
        tolerance_type=tolerance_type,
        range_low=50 if polarity == "in_range" else None,
        significance=significance,
        frequency="monthly",
    )
    now, before, earliest = three(points)
    for passed in (
        passed_over(now, points[-2] if len(points) > 1 else None, measure),
        passed_over(now, before, measure, earliest),
    ):
        if passed:
            assert standing(points, measure, has_live_action=has_live_action).exceptions == []


def three(points) -> tuple:
    """The last three points as the page reads them first: newest first, a Point with no value where the
    series has none."""
    padded = [Point(None)] * 2 + list(points)
    return padded[-1], padded[-2], padded[-3]


@pytest.mark.parametrize(
    "values, targets, settings, passed",
    [
        ((50, 55), (50, 50), HIGHER, True),  # better than target and better than before
        ((50, 50), (50, 50), HIGHER, True),  # on target, no change
        ((60, 55), (50, 50), HIGHER, False),  # better than target but worse than before: maybe a run
        ((50, 49.9), (50, 49.9), HIGHER, False),  # on target, but lower than before
        ((50, 48), (50, 50), HIGHER, False),  # below target: amber or red
        ((50, 48), (50, 50), Settings(polarity="lower_better"), True),
        ((50, 48), (50, 50), Settings(polarity="higher_better", data_only=True), False),  # worse than before
        ((48, 50), (50, 45), Settings(polarity="higher_better", data_only=True), True),
        ((50, 10), (), Settings(polarity="none"), True),  # data only, never worse
        ((50, 55), (), HIGHER, True),  # no target: data only, and better than before
        ((None, 55), (), HIGHER, True),  # no value before: no direction, no run
        ((50, None), (), HIGHER, False),  # overdue
        ((50, 55), (50, 50), Settings(polarity="in_range", range_low=40), False),  # judged in full
        ((50, 55), (50, 50), Settings(polarity="higher_better", significance=True), False),  # feedback
        ((50, 55.0), (50, 55), HIGHER, True),  # a float is the decimal it prints as, as in the rules
        # 0.1 as a float is a hair above this decimal, but the rules read it as 0.1, which is below it.
        ((Decimal("0.100000000000000005551115123125782"), 0.1), (), HIGHER, False),
    ],
)
def test_the_exception_report_passes_over_a_measure_only_when_its_last_two_points_show_nothing_wrong(
    values, targets, settings, passed
):
    before, now = series(*values, targets=targets)
    assert passed_over(now, before, settings) is passed
    if passed:  # and the full rules agree
        assert standing([before, now], settings, listed_only=True) is None


@pytest.mark.parametrize(
    "values, passed",
    [
        ((50, 56, 55), True),  # worse than before, but the change before was better: a run of one
        ((56, 56, 55), True),  # no change before the fall: a run of one
        ((None, 56, 55), True),  # a gap before: a run of one
        ((57, 56, 55), False),  # two falls: maybe a run of three, judged in full
    ],
)
def test_a_measure_on_target_but_worse_than_before_is_passed_over_when_the_change_before_was_not_worse(
    values, passed
):
    earliest, before, now = series(*values, targets=(50, 50, 50))
    assert passed_over(now, before, HIGHER) is False  # two points alone cannot tell
    assert passed_over(now, before, HIGHER, earliest) is passed
    if passed:  # and the full rules agree
        assert standing([earliest, before, now], HIGHER, listed_only=True) is None


def test_a_forecast_for_the_latest_period_is_always_judged_in_full():
    before, now = series(50, 55, targets=(50, 50), forecasts=(None, 60))
    assert passed_over(now, before, HIGHER) is False
    assert codes(standing([before, now], HIGHER)) == ["worse_than_forecast"]
