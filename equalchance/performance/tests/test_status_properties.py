"""Properties of the performance status, trend and feedback rules that hold for any input (Hypothesis)."""

import re
from decimal import Decimal
from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import stats as scipy_stats

from equalchance.performance.status import (
    against_forecast,
    area_trajectory,
    change_from_baseline,
    current_trend,
    direction_of_travel,
    feedback_direction,
    forecast_status,
    measure_status,
    percent_positive,
    wilson_interval,
)

SEVERITY = {"green": 0, "amber": 1, "red": 2}
SWAPPED = {
    "improving": "worsening",
    "worsening": "improving",
    "increasing": "decreasing",
    "decreasing": "increasing",
    "no_change": "no_change",
    None: None,
}
POLARITIES = ["higher_better", "lower_better", "in_range", "none"]

# Values as people type them (two decimal places), whole numbers, and any float, so that both the
# boundaries typed on purpose and awkward binary fractions come up.
typed = st.decimals(min_value=-10_000, max_value=10_000, places=2).map(float)
numbers = typed | st.integers(-10_000, 10_000) | st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
maybe_number = st.none() | numbers
tolerances = st.sampled_from([0, 0.01, 0.05, 0.1, 0.25, 2, 5]) | st.decimals(0, 10, places=2).map(float)
tolerance_types = st.sampled_from(["relative", "absolute"])
thresholds = st.sampled_from([0, 0.1, 0.5, 1]) | st.decimals(0, 5, places=2).map(float)


def exact(value) -> Fraction:
    """As the issue means a typed value: a float is the decimal it prints as."""
    return Fraction(value) if isinstance(value, int | Decimal | Fraction) else Fraction(repr(value))


def as_float(value: Fraction) -> float | None:
    """Floats round up to infinity from 2**1024 - 2**970 (the largest float plus half its last step)."""
    return float(value) if abs(value) < Fraction(2) ** 1024 - Fraction(2) ** 970 else None


@st.composite
def ranges(draw):
    low = draw(st.none() | typed)
    high = draw(st.none() | typed)
    assume(low is not None or high is not None)
    if low is not None and high is not None and low > high:
        low, high = high, low
    return {"range_low": low, "range_high": high}


# --- Status against target -----------------------------------------------------------------------


@settings(max_examples=150)
@given(numbers, numbers, tolerances, tolerance_types)
def test_swapping_polarity_swaps_green_and_red_outside_the_tolerance(actual, target, tolerance, kind):
    given_inputs = {"actual": actual, "target": target, "tolerance": tolerance, "tolerance_type": kind}
    higher = measure_status(polarity="higher_better", **given_inputs).state
    lower = measure_status(polarity="lower_better", **given_inputs).state
    if higher == "red":
        assert lower == "green"
    if lower == "red":
        assert higher == "green"
    size = exact(tolerance) * abs(exact(target)) if kind == "relative" else exact(tolerance)
    if abs(exact(actual) - exact(target)) > size:
        assert {higher, lower} == {"green", "red"}
    if actual == target:
        assert higher == lower == "green"


@settings(max_examples=150)
@given(numbers, st.decimals(0, 1000, places=2), tolerances, tolerances, tolerance_types, tolerance_types)
def test_a_status_never_depends_on_the_tolerance_when_the_actual_meets_the_target(
    target, better_by, tolerance, other_tolerance, kind, other_kind
):
    for polarity, actual in (
        ("higher_better", exact(target) + exact(better_by)),
        ("lower_better", exact(target) - exact(better_by)),
    ):
        one = measure_status(
            actual=actual, target=target, polarity=polarity, tolerance=tolerance, tolerance_type=kind
        )
        other = measure_status(
            actual=actual,
            target=target,
            polarity=polarity,
            tolerance=other_tolerance,
            tolerance_type=other_kind,
        )
        assert one.state == other.state == "green"


@settings(max_examples=150)
@given(numbers, numbers, numbers, tolerances, tolerance_types)
def test_a_higher_value_is_never_worse_when_higher_is_better(first, second, target, tolerance, kind):
    low, high = sorted([first, second], key=exact)
    settings_ = {"target": target, "tolerance": tolerance, "tolerance_type": kind}
    at_low = measure_status(actual=low, polarity="higher_better", **settings_).state
    at_high = measure_status(actual=high, polarity="higher_better", **settings_).state
    assert SEVERITY[at_high] <= SEVERITY[at_low]
    at_low = measure_status(actual=low, polarity="lower_better", **settings_).state
    at_high = measure_status(actual=high, polarity="lower_better", **settings_).state
    assert SEVERITY[at_low] <= SEVERITY[at_high]


@settings(max_examples=150)
@given(numbers, numbers, tolerances, st.sampled_from(["higher_better", "lower_better"]))
def test_a_relative_tolerance_is_the_same_as_that_share_of_the_target_in_units(
    actual, target, tolerance, polarity
):
    assume(target != 0)
    relative = measure_status(actual=actual, target=target, polarity=polarity, tolerance=tolerance)
    absolute = measure_status(
        actual=actual,
        target=target,
        polarity=polarity,
        tolerance=exact(tolerance) * abs(exact(target)),
        tolerance_type="absolute",
    )
    assert relative.state == absolute.state


@settings(max_examples=150)
@given(numbers, numbers, tolerances, tolerance_types, st.sampled_from(["higher_better", "lower_better"]))
def test_amber_is_exactly_worse_than_target_by_no_more_than_the_tolerance(
    actual, target, tolerance, kind, polarity
):
    result = measure_status(
        actual=actual, target=target, polarity=polarity, tolerance=tolerance, tolerance_type=kind
    )
    shortfall = (
        exact(target) - exact(actual) if polarity == "higher_better" else exact(actual) - exact(target)
    )
    band = exact(tolerance) * abs(exact(target)) if kind == "relative" else exact(tolerance)
    assert (result.state == "green") == (shortfall <= 0)
    assert (result.state == "amber") == (0 < shortfall <= band)
    assert (result.state == "red") == (shortfall > band and shortfall > 0)


@settings(max_examples=150)
@given(numbers, ranges(), tolerances, tolerance_types)
def test_in_range_is_green_inside_amber_within_the_tolerance_in_units_and_red_beyond(
    actual, bounds, tolerance, kind
):
    result = measure_status(
        actual=actual, polarity="in_range", tolerance=tolerance, tolerance_type=kind, **bounds
    )
    value, low, high = exact(actual), bounds["range_low"], bounds["range_high"]
    below = exact(low) - value if low is not None else Fraction(0)
    above = value - exact(high) if high is not None else Fraction(0)
    outside = max(below, above, Fraction(0))
    assert result.outside_range_by == float(outside)
    expected = "green" if outside == 0 else "amber" if outside <= exact(tolerance) else "red"
    assert result.state == expected


@settings(max_examples=150)
@given(
    maybe_number,
    maybe_number,
    st.sampled_from(POLARITIES),
    st.booleans(),
    tolerances,
    tolerance_types,
    st.booleans(),
    ranges(),
)
def test_no_data_wins_then_data_only_and_the_reason_ends_with_the_state(
    actual, target, polarity, data_only, tolerance, kind, is_percentage, bounds
):
    result = measure_status(
        actual=actual,
        target=target,
        polarity=polarity,
        data_only=data_only,
        tolerance=tolerance,
        tolerance_type=kind,
        is_percentage=is_percentage,
        **bounds,
    )
    if actual is None:
        assert result.state == "no_data"
    elif data_only or polarity == "none" or (polarity != "in_range" and target is None):
        assert result.state == "data_only"
    else:
        assert result.state in SEVERITY
    assert result.reason[0].isupper() or result.reason[0].isdigit() or result.reason[0] == "\u2212"
    assert result.reason.endswith(f": {result.label.lower()}.")
    if is_percentage and result.state in ("amber", "red") and polarity != "in_range":
        assert "percentage point" in result.reason


@settings(max_examples=150)
@given(maybe_number, maybe_number, st.sampled_from(POLARITIES), st.booleans())
def test_variance_and_percent_of_target_follow_the_formulas(actual, target, polarity, data_only):
    result = measure_status(
        actual=actual, target=target, polarity=polarity, data_only=data_only, range_low=0, range_high=100
    )
    if actual is None or target is None or target == 0:
        assert result.variance is result.percent_of_target is None
    else:
        a, t = exact(actual), exact(target)
        assert result.variance == as_float((a - t) / t)
        assert result.percent_of_target == as_float(a / t * 100)
        assert result.difference == as_float(a - t)


@settings(max_examples=150)
@given(maybe_number, maybe_number, st.sampled_from(POLARITIES), tolerances, tolerance_types, ranges())
def test_the_forecast_status_is_the_status_of_the_forecast(
    forecast, target, polarity, tolerance, kind, bounds
):
    given_inputs = {"target": target, "polarity": polarity, "tolerance": tolerance, "tolerance_type": kind}
    forecast_result = forecast_status(forecast=forecast, **given_inputs, **bounds)
    current = measure_status(actual=forecast, **given_inputs, **bounds)
    assert forecast_result.state == current.state
    assert forecast_result.variance == current.variance
    assert "forecast" in forecast_result.reason.lower()


# --- Direction of travel ------------------------------------------------------------------------


@settings(max_examples=150)
@given(maybe_number, maybe_number, st.sampled_from(POLARITIES), thresholds, ranges())
def test_direction_of_travel_is_antisymmetric(current, previous, polarity, threshold, bounds):
    forward = direction_of_travel(
        current=current, previous=previous, polarity=polarity, threshold=threshold, **bounds
    )
    backward = direction_of_travel(
        current=previous, previous=current, polarity=polarity, threshold=threshold, **bounds
    )
    assert backward == SWAPPED[forward]
    assert (forward is None) == (current is None or previous is None)
    vocabulary = (
        {"increasing", "decreasing", "no_change"}
        if polarity == "none"
        else {"improving", "worsening", "no_change"}
    )
    assert forward is None or forward in vocabulary


@settings(max_examples=150)
@given(numbers, numbers, st.sampled_from(POLARITIES), thresholds, thresholds, ranges())
def test_a_larger_threshold_never_turns_no_change_into_a_change(
    current, previous, polarity, one, two, bounds
):
    small, large = sorted([one, two])
    at_small = direction_of_travel(
        current=current, previous=previous, polarity=polarity, threshold=small, **bounds
    )
    at_large = direction_of_travel(
        current=current, previous=previous, polarity=polarity, threshold=large, **bounds
    )
    if at_small == "no_change":
        assert at_large == "no_change"
    assert at_large in (at_small, "no_change")


@settings(max_examples=150)
@given(numbers, numbers, thresholds)
def test_higher_and_lower_is_better_read_increases_and_decreases_opposite_ways(current, previous, threshold):
    plain = direction_of_travel(current=current, previous=previous, polarity="none", threshold=threshold)
    higher = direction_of_travel(
        current=current, previous=previous, polarity="higher_better", threshold=threshold
    )
    lower = direction_of_travel(
        current=current, previous=previous, polarity="lower_better", threshold=threshold
    )
    expected = {
        "increasing": ("improving", "worsening"),
        "decreasing": ("worsening", "improving"),
        "no_change": ("no_change", "no_change"),
    }
    assert (higher, lower) == expected[plain]
    change = abs(exact(current) - exact(previous))
    assert (plain == "no_change") == (change <= exact(threshold))


@settings(max_examples=150)
@given(maybe_number, maybe_number, st.sampled_from(POLARITIES), thresholds, ranges())
def test_against_forecast_and_baseline_change_read_as_the_direction_of_travel(
    actual, forecast, polarity, threshold, bounds
):
    travel = direction_of_travel(
        current=actual, previous=forecast, polarity=polarity, threshold=threshold, **bounds
    )
    turned = against_forecast(
        actual=actual, forecast=forecast, polarity=polarity, threshold=threshold, **bounds
    )
    words = {
        None: None,
        "improving": "better_than_forecast",
        "worsening": "worse_than_forecast",
        "no_change": "in_line_with_forecast",
        "increasing": "above_forecast",
        "decreasing": "below_forecast",
    }
    assert turned == words[travel]
    baseline = change_from_baseline(
        current=actual, baseline=forecast, polarity=polarity, threshold=threshold, **bounds
    )
    assert baseline.direction == travel
    if travel is not None:
        assert baseline.change == float(exact(actual) - exact(forecast))
        assert baseline.reason.endswith(".")


# --- Current trend and trajectory ---------------------------------------------------------------

series = st.lists(st.none() | typed | st.integers(-50, 50), max_size=12)


def naive_trend(values, threshold):
    """The issue's rule written out plainly, on exact values."""
    delta = exact(threshold)

    def step(i):
        if values[i] is None or values[i - 1] is None:
            return None
        change = exact(values[i]) - exact(values[i - 1])
        return "flat" if abs(change) <= delta else "up" if change > 0 else "down"

    if len(values) < 2 or step(len(values) - 1) in (None, "flat"):
        return ("flat", 0)
    latest, run = step(len(values) - 1), 0
    i = len(values) - 1
    while i >= 1 and step(i) == latest:
        run, i = run + 1, i - 1
    return (latest, run)


@settings(max_examples=200)
@given(series, st.sampled_from(["higher_better", "lower_better", "none"]), thresholds)
def test_the_current_trend_follows_the_issues_rule_and_its_run_fits_the_changes(values, polarity, threshold):
    trend = current_trend(values, polarity=polarity, threshold=threshold)
    assert trend == naive_trend(values, threshold)
    assert 0 <= trend.run_length <= max(len(values) - 1, 0)
    assert (trend.direction == "flat") == (trend.run_length == 0)


@settings(max_examples=150)
@given(
    series, st.sampled_from(["higher_better", "lower_better"]), thresholds, st.decimals("0.01", 10, places=2)
)
def test_one_more_step_the_same_way_lengthens_the_run_by_one(values, polarity, threshold, extra):
    assume(values and values[-1] is not None)
    before = current_trend(values, polarity=polarity, threshold=threshold)
    step = exact(threshold) + exact(extra)
    direction = before.direction if before.direction != "flat" else "up"
    after = current_trend(
        [*values, exact(values[-1]) + (step if direction == "up" else -step)],
        polarity=polarity,
        threshold=threshold,
    )
    expected_run = before.run_length + 1 if before.direction == direction else 1
    assert after == (direction, expected_run)
    better = (direction == "up") == (polarity == "higher_better")
    assert after.judgement == ("improving" if better else "worsening")
    assert current_trend([*values, None], polarity=polarity, threshold=threshold) == ("flat", 0)


@settings(max_examples=150)
@given(series, st.sampled_from(["higher_better", "lower_better", "in_range"]), thresholds, ranges())
def test_the_trajectory_agrees_with_the_latest_direction_and_steady_periods_stabilise(
    values, polarity, threshold, bounds
):
    settings_ = {"polarity": polarity, "threshold": threshold, **bounds}
    trajectory = area_trajectory(values, **settings_)
    latest = (
        direction_of_travel(current=values[-1], previous=values[-2], **settings_)
        if len(values) >= 2
        else None
    )
    if latest in ("improving", "worsening"):
        assert trajectory == latest
    if latest is None:
        assert trajectory is None
    if values and values[-1] is not None:
        assert area_trajectory([*values, values[-1], values[-1]], **settings_) == "stabilised"


# --- Feedback -----------------------------------------------------------------------------------

counts = st.integers(0, 2000).flatmap(lambda total: st.tuples(st.integers(0, total), st.just(total)))


@settings(max_examples=200)
@given(counts)
def test_suppression_is_exactly_below_5_and_low_base_below_30(pair):
    positive, total = pair
    result = percent_positive(positive, total)
    assert result.suppressed == (total < 5)
    assert result.low_base == (total < 30)
    assert (result.value is None) == result.suppressed
    if result.value is not None:
        assert 0 <= result.value <= 100
        assert result.value == 100 * positive / total
    assert result.n == total


@settings(max_examples=150)
@given(counts, counts)
def test_feedback_direction_is_antisymmetric_and_only_follows_the_shares(now, before):
    forward = feedback_direction(
        positive_now=now[0], total_now=now[1], positive_before=before[0], total_before=before[1]
    )
    backward = feedback_direction(
        positive_now=before[0], total_now=before[1], positive_before=now[0], total_before=now[1]
    )
    assert (forward is None) == (now[1] < 5 or before[1] < 5)
    swapped = {
        "improving": "worsening",
        "worsening": "improving",
        "no_significant_change": "no_significant_change",
    }
    assert backward == (None if forward is None else swapped[forward])
    if forward == "improving":
        assert Fraction(*now) > Fraction(*before)
    if forward == "worsening":
        assert Fraction(*now) < Fraction(*before)


@settings(max_examples=150)
@given(counts.filter(lambda pair: pair[1] > 0))
def test_a_wilson_interval_holds_the_share_and_matches_scipy(pair):
    positive, total = pair
    lower, upper = wilson_interval(positive, total)
    assert 0 <= lower <= positive / total <= upper <= 1
    independent = scipy_stats.binomtest(positive, total).proportion_ci(confidence_level=0.95, method="wilson")
    assert abs(lower - independent.low) < 1e-9 and abs(upper - independent.high) < 1e-9


_SAID = re.compile(
    r"^(−?[\d,.]+)%? against a target of (−?[\d,.]+)%? \([^)]*\): "
    r"([\d,.]+)(?: percentage points?)? (?:above|below) "
)


def _read(text: str) -> Decimal:
    return Decimal(text.replace(",", "").replace("−", "-"))


@given(
    actual=typed,
    target=typed.filter(lambda t: t != 0),
    polarity=st.sampled_from(["higher_better", "lower_better"]),
    decimals=st.none() | st.integers(0, 3),
    is_percentage=st.booleans(),
)
def test_the_difference_said_is_the_difference_of_the_figures_said(
    actual, target, polarity, decimals, is_percentage
):
    """Probe 6: 83.75% against 90% read "83.8%", "90.0%" and "6.3 percentage points", which a board member
    subtracts to 6.2. Whatever the figures, the difference shown is the shown figures' difference."""
    assume(actual != target)
    reason = measure_status(
        actual=actual, target=target, polarity=polarity, is_percentage=is_percentage, decimals=decimals
    ).reason
    said = _SAID.match(reason)
    assert said, reason
    shown_actual, shown_target, difference = (_read(part) for part in said.groups())
    assert abs(shown_actual - shown_target) == difference, reason


def test_a_measure_of_one_decimal_reads_its_difference_off_the_figures_it_shows():
    reason = measure_status(
        actual=83.75, target=90, polarity="higher_better", is_percentage=True, decimals=1
    ).reason
    assert reason.startswith(
        "83.8% against a target of 90.0% (higher is better): 6.2 percentage points below target, outside"
    )
