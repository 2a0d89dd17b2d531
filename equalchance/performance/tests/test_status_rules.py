"""The performance status, trend and feedback rules against cases worked out by hand from issue 12
("The rules as a pure module", items 2, 4 and 6) and guide sections 6.1, 6.2 and 6.5.

Variance is (actual - target) / target and percent of target actual / target x 100; the expected
figures below were worked out on paper, not by the module. Unless a row says otherwise the tolerance is
the default: 5% of the target (relative).
"""

import ast
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from scipy import stats as scipy_stats

from equalchance.performance import status as module
from equalchance.performance.status import (
    DEFAULT_TOLERANCE,
    LOW_BASE_BELOW,
    SIGNIFICANCE_CONFIDENCE,
    STABILISED_CHANGES,
    SUPPRESS_BELOW,
    MeasureStatusError,
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

HIGHER, LOWER, IN_RANGE, NONE = "higher_better", "lower_better", "in_range", "none"


def case(sentence, expect, **inputs):
    return pytest.param(inputs, expect, id=sentence)


# --- Status against target (guide 6.1) -------------------------------------------------------------
# expect: (state, variance, percent_of_target)

STATUS_CASES = [
    # Rule 1: no data, which wins over everything.
    case(
        "no value is no data whatever the target",
        ("no_data", None, None),
        actual=None,
        target=65,
        polarity=HIGHER,
    ),
    case(
        "no value on a data only measure is no data rather than data only",
        ("no_data", None, None),
        actual=None,
        polarity=HIGHER,
        data_only=True,
    ),
    case(
        "no value on an in range measure is no data",
        ("no_data", None, None),
        actual=None,
        polarity=IN_RANGE,
        range_low=5,
        range_high=10,
    ),
    # Rule 2: data only.
    case(
        "a data only measure with a target is data only and keeps its variance",
        # (50 - 60) / 60 = -1/6; 50 / 60 = 83.33%
        ("data_only", -1 / 6, 250 / 3),
        actual=50,
        target=60,
        polarity=HIGHER,
        data_only=True,
    ),
    case(
        "polarity none with a target is data only",
        ("data_only", 0.2, 120),
        actual=120,
        target=100,
        polarity=NONE,
    ),
    case(
        "polarity none without a target is data only",
        ("data_only", None, None),
        actual=120,
        polarity=NONE,
    ),
    case(
        "higher is better with no target for the period is data only",
        ("data_only", None, None),
        actual=120,
        polarity=HIGHER,
    ),
    case(
        "lower is better with no target is data only whatever the tolerance",
        ("data_only", None, None),
        actual=3,
        polarity=LOWER,
        tolerance=0,
    ),
    case(
        "in range with no range set is data only even with a target",
        ("data_only", 0, 100),
        actual=7,
        target=7,
        polarity=IN_RANGE,
    ),
    # Rule 3: green, on or better than target.
    case(
        "higher is better exactly on target is green",
        ("green", 0, 100),
        actual=65,
        target=65,
        polarity=HIGHER,
    ),
    case(
        "higher is better above target is green",
        # 14 / 56 = 0.25
        ("green", 0.25, 125),
        actual=70,
        target=56,
        polarity=HIGHER,
    ),
    case(
        "lower is better below target is green",
        ("green", -0.2, 80),
        actual=80,
        target=100,
        polarity=LOWER,
    ),
    case(
        "lower is better exactly on target with no tolerance is green",
        ("green", 0, 100),
        actual=10,
        target=10,
        polarity=LOWER,
        tolerance=0,
    ),
    # Rules 4 and 5 with a relative tolerance: amber from T x 0.95 (higher) or up to T x 1.05 (lower).
    case(
        "higher is better exactly 5 percent below target is amber",
        ("amber", -0.05, 95),
        actual=95,
        target=100,
        polarity=HIGHER,
    ),
    case(
        "higher is better just over 5 percent below target is red",
        ("red", -0.0501, 94.99),
        actual=94.99,
        target=100,
        polarity=HIGHER,
    ),
    case(
        "the example 61.2 percent against a target of 65 percent is red",
        # 65 x 0.95 = 61.75, so 61.2 is beyond; -3.8 / 65 = -0.0584615...; 61.2 / 65 = 94.15%
        ("red", -3.8 / 65, 6120 / 65),
        actual=61.2,
        target=65,
        polarity=HIGHER,
        is_percentage=True,
    ),
    case(
        "lower is better exactly 5 percent above target is amber",
        ("amber", 0.05, 105),
        actual=105,
        target=100,
        polarity=LOWER,
    ),
    case(
        "lower is better just over 5 percent above target is red",
        ("red", 0.0501, 105.01),
        actual=105.01,
        target=100,
        polarity=LOWER,
    ),
    case(
        "exactly 5 percent above 33.3 is amber although floats put 33.3 x 1.05 below 34.965",
        # 33.3 x 1.05 = 34.965 exactly; in floats 33.3 * 1.05 = 34.964999999999996 and 34.965 > it
        ("amber", 0.05, 105),
        actual=34.965,
        target=33.3,
        polarity=LOWER,
    ),
    case(
        "a 10 percent relative tolerance widens the amber band",
        ("amber", -0.09, 91),
        actual=91,
        target=100,
        polarity=HIGHER,
        tolerance=0.10,
    ),
    # Rules 4 and 5 with an absolute tolerance (percentage points for a percentage).
    case(
        "2 percentage points below a target of 65 percent with an absolute tolerance of 2 is amber",
        # relative 5% would allow 3.25 points too; -2 / 65 = -0.0307692; 63 / 65 = 96.92%
        ("amber", -2 / 65, 6300 / 65),
        actual=63,
        target=65,
        polarity=HIGHER,
        tolerance=2,
        tolerance_type="absolute",
        is_percentage=True,
    ),
    case(
        "2.1 percentage points below with an absolute tolerance of 2 is red",
        ("red", -2.1 / 65, 6290 / 65),
        actual=62.9,
        target=65,
        polarity=HIGHER,
        tolerance=2,
        tolerance_type="absolute",
        is_percentage=True,
    ),
    case(
        "lower is better 2 above a target of 10 with an absolute tolerance of 2 is amber",
        # a relative 5% tolerance would allow only 0.5, and make this red
        ("amber", 0.2, 120),
        actual=12,
        target=10,
        polarity=LOWER,
        tolerance=2,
        tolerance_type="absolute",
    ),
    case(
        "lower is better 2.5 above a target of 10 with an absolute tolerance of 2 is red",
        ("red", 0.25, 125),
        actual=12.5,
        target=10,
        polarity=LOWER,
        tolerance=2,
        tolerance_type="absolute",
    ),
    # Tolerance 0: no amber band.
    case(
        "with no tolerance a hair below target is red",
        ("red", -0.0001, 99.99),
        actual=99.99,
        target=100,
        polarity=HIGHER,
        tolerance=0,
    ),
    # Target 0: no variance, and a relative tolerance gives no amber band.
    case(
        "on a target of 0 is green with no variance or percent of target",
        ("green", None, None),
        actual=0,
        target=0,
        polarity=LOWER,
    ),
    case(
        "1 above a target of 0 with a relative tolerance is red as there is no amber band",
        ("red", None, None),
        actual=1,
        target=0,
        polarity=LOWER,
    ),
    case(
        "below a target of 0 when lower is better is green",
        ("green", None, None),
        actual=-1,
        target=0,
        polarity=LOWER,
    ),
    case(
        "1.5 above a target of 0 with an absolute tolerance of 2 is amber",
        ("amber", None, None),
        actual=1.5,
        target=0,
        polarity=LOWER,
        tolerance=2,
        tolerance_type="absolute",
    ),
    case(
        "2.5 above a target of 0 with an absolute tolerance of 2 is red",
        ("red", None, None),
        actual=2.5,
        target=0,
        polarity=LOWER,
        tolerance=2,
        tolerance_type="absolute",
    ),
    # Negative targets: the relative band is 5% of the target's size (0.5 for -10).
    case(
        "a negative target higher is better: -9.6 is above -10 and green",
        # variance (-9.6 + 10) / -10 = -0.04: its sign is the opposite of the difference's
        ("green", -0.04, 96),
        actual=-9.6,
        target=-10,
        polarity=HIGHER,
    ),
    case(
        "a negative target higher is better: -10.5 is exactly 5 percent of its size below and amber",
        ("amber", 0.05, 105),
        actual=-10.5,
        target=-10,
        polarity=HIGHER,
    ),
    case(
        "a negative target higher is better: -10.6 is red",
        ("red", 0.06, 106),
        actual=-10.6,
        target=-10,
        polarity=HIGHER,
    ),
    case(
        "a negative target lower is better: -9.5 is 0.5 above and amber",
        ("amber", -0.05, 95),
        actual=-9.5,
        target=-10,
        polarity=LOWER,
    ),
    case(
        "a negative target lower is better: -9.4 is red",
        ("red", -0.06, 94),
        actual=-9.4,
        target=-10,
        polarity=LOWER,
    ),
    # In range: status from the range, tolerance absolute (here 1 unit).
    case(
        "inside the range is green",
        ("green", None, None),
        actual=7,
        polarity=IN_RANGE,
        range_low=5,
        range_high=10,
        tolerance=1,
        tolerance_type="absolute",
    ),
    case(
        "on the lower edge of the range is green",
        ("green", None, None),
        actual=5,
        polarity=IN_RANGE,
        range_low=5,
        range_high=10,
        tolerance=1,
        tolerance_type="absolute",
    ),
    case(
        "on the upper edge of the range is green",
        ("green", None, None),
        actual=10,
        polarity=IN_RANGE,
        range_low=5,
        range_high=10,
        tolerance=0,
    ),
    case(
        "exactly the tolerance above the range is amber",
        ("amber", None, None),
        actual=11,
        polarity=IN_RANGE,
        range_low=5,
        range_high=10,
        tolerance=1,
        tolerance_type="absolute",
    ),
    case(
        "just beyond the tolerance above the range is red",
        ("red", None, None),
        actual=11.01,
        polarity=IN_RANGE,
        range_low=5,
        range_high=10,
        tolerance=1,
        tolerance_type="absolute",
    ),
    case(
        "exactly the tolerance below the range is amber",
        ("amber", None, None),
        actual=4,
        polarity=IN_RANGE,
        range_low=5,
        range_high=10,
        tolerance=1,
        tolerance_type="absolute",
    ),
    case(
        "just beyond the tolerance below the range is red",
        ("red", None, None),
        actual=3.99,
        polarity=IN_RANGE,
        range_low=5,
        range_high=10,
        tolerance=1,
        tolerance_type="absolute",
    ),
    case(
        "in range the default tolerance is 0.05 units so 10.05 is amber",
        ("amber", None, None),
        actual=10.05,
        polarity=IN_RANGE,
        range_low=5,
        range_high=10,
    ),
    case(
        "in range the default tolerance is 0.05 units so 10.06 is red",
        ("red", None, None),
        actual=10.06,
        polarity=IN_RANGE,
        range_low=5,
        range_high=10,
    ),
    case(
        "in range a relative tolerance of 0.1 is read as 0.1 units so 10.2 is red",
        # 10% of the upper bound 10 would be 1 and make it amber: the issue says absolute
        ("red", None, None),
        actual=10.2,
        polarity=IN_RANGE,
        range_low=5,
        range_high=10,
        tolerance=0.1,
        tolerance_type="relative",
    ),
    case(
        "in range with only an upper bound is open below",
        ("green", None, None),
        actual=-100,
        polarity=IN_RANGE,
        range_high=10,
    ),
    case(
        "in range with only a lower bound is amber half a unit below it with a tolerance of 1",
        ("amber", None, None),
        actual=4.5,
        polarity=IN_RANGE,
        range_low=5,
        tolerance=1,
        tolerance_type="absolute",
    ),
    case(
        "in range with a target has a variance from the target but a status from the range",
        # 1.5 / 7.5 = 0.2
        ("green", 0.2, 120),
        actual=9,
        target=7.5,
        polarity=IN_RANGE,
        range_low=5,
        range_high=10,
    ),
    case(
        "values from the database as decimals are judged exactly",
        ("red", -0.0501, 94.99),
        actual=Decimal("94.99"),
        target=Decimal("100.00"),
        polarity=HIGHER,
    ),
]


def approx(value):
    return None if value is None else pytest.approx(value, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize(("inputs", "expect"), STATUS_CASES)
def test_worked_status_case(inputs, expect):
    result = measure_status(**inputs)
    state, variance, percent = expect
    assert (result.state, result.variance, result.percent_of_target) == (
        state,
        approx(variance),
        approx(percent),
    ), result.reason


def test_the_status_table_has_every_state_and_the_tables_at_least_forty_rows():
    states = {measure_status(**inputs).state for inputs, _ in (c.values for c in STATUS_CASES)}
    assert states == {"no_data", "data_only", "green", "amber", "red"}
    tables = (STATUS_CASES, TRAVEL_CASES, TREND_CASES, TRAJECTORY_CASES, PERCENT_CASES, FEEDBACK_CASES)
    assert sum(len(table) for table in tables) >= 40
    assert len(STATUS_CASES) >= 25


def test_the_defaults_are_the_guides():
    assert (DEFAULT_TOLERANCE, SUPPRESS_BELOW, LOW_BASE_BELOW, SIGNIFICANCE_CONFIDENCE) == (0.05, 5, 30, 0.95)
    assert STABILISED_CHANGES == 2


def test_difference_is_in_the_measures_units_and_outside_range_by_for_in_range():
    result = measure_status(actual=61.2, target=65, polarity=HIGHER, is_percentage=True)
    assert result.difference == pytest.approx(-3.8)
    assert result.outside_range_by is None
    ranged = measure_status(actual=11.5, polarity=IN_RANGE, range_low=5, range_high=10)
    assert (ranged.difference, ranged.outside_range_by) == (None, 1.5)
    assert measure_status(actual=7, polarity=IN_RANGE, range_low=5, range_high=10).outside_range_by == 0


def test_labels_are_words():
    assert measure_status(actual=None, polarity=HIGHER).label == "No data"
    assert measure_status(actual=5, polarity=NONE).label == "Data only"
    assert measure_status(actual=95, target=100, polarity=HIGHER).label == "Amber"


# --- The reason, in words ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inputs", "reason"),
    [
        pytest.param(
            {"actual": 61.2, "target": 65, "polarity": HIGHER, "is_percentage": True},
            "61.2% against a target of 65% (higher is better): 3.8 percentage points below target, "
            "outside the tolerance of 5% of the target (3.25 percentage points): red.",
            id="a percentage says its difference and its relative tolerance in percentage points",
        ),
        pytest.param(
            {"actual": 57, "target": 60, "polarity": HIGHER},
            "57 against a target of 60 (higher is better): 3 below target (5% below it), "
            "within the 5% tolerance: amber.",
            id="a number says its difference and how far below the target that is as a share",
        ),
        pytest.param(
            {"actual": 56.99, "target": 60, "polarity": HIGHER},
            # 3.01 / 60 = 5.0166...%: to one place it would read 5.0%, as if within the tolerance
            "56.99 against a target of 60 (higher is better): 3.01 below target (5.02% below it), "
            "outside the 5% tolerance: red.",
            id="a share just over the tolerance is never shown equal to it",
        ),
        pytest.param(
            {
                "actual": 64,
                "target": 65,
                "polarity": HIGHER,
                "tolerance": 1,
                "tolerance_type": "absolute",
                "is_percentage": True,
            },
            "64% against a target of 65% (higher is better): 1 percentage point below target, "
            "within the tolerance of 1 percentage point: amber.",
            id="one percentage point is singular",
        ),
        pytest.param(
            {"actual": 1, "target": 0, "polarity": LOWER},
            "1 against a target of 0 (lower is better): 1 above target; a tolerance relative to a "
            "target of 0 gives no amber band: red.",
            id="a target of 0 says why there is no amber",
        ),
        pytest.param(
            {"actual": -10.4, "target": -10, "polarity": HIGHER},
            "\u221210.4 against a target of \u221210 (higher is better): 0.4 below target (4% below it), "
            "within the 5% tolerance: amber.",
            id="a negative target says below in words whatever the sign of the variance",
        ),
        pytest.param(
            {"actual": 64.996, "target": 65, "polarity": HIGHER, "is_percentage": True, "tolerance": 0},
            # to two places 64.996 would read 65%, as if on target
            "64.996% against a target of 65% (higher is better): 0.004 percentage points below target, "
            "with no tolerance: red.",
            id="a value a hair from the target is never shown equal to it",
        ),
        pytest.param(
            {
                "actual": 9.994,
                "target": 10,
                "polarity": HIGHER,
                "tolerance": 0.005,
                "tolerance_type": "absolute",
            },
            # to the usual two places 9.994 would read 9.99 and the difference 0.01
            "9.994 against a target of 10 (higher is better): 0.006 below target (0.1% below it), "
            "outside the tolerance of 0.005: red.",
            id="a tolerance set finer than two places shows the figures as finely",
        ),
        pytest.param(
            {"actual": 61.75, "target": 65, "polarity": HIGHER, "is_percentage": True, "decimals": 1},
            # to the measure's one place 61.75 would read 61.8, as if inside the band rather than on its edge
            "61.75% against a target of 65.0% (higher is better): 3.25 percentage points below target, "
            "within the tolerance of 5% of the target (3.25 percentage points): amber.",
            id="a value on the edge of the amber band is shown exactly whatever the measure's decimals",
        ),
        pytest.param(
            {"actual": 48.3, "target": 72.88, "polarity": HIGHER, "is_percentage": True, "decimals": 1},
            # probe finding 11: the band of 3.644 points put the difference to three places (24.58)
            "48.3% against a target of 72.9% (higher is better): 24.6 percentage points below target, "
            "outside the tolerance of 5% of the target (3.644 percentage points): red.",
            id="a measure that sets its decimals has its differences shown to them, its tolerance as set",
        ),
        pytest.param(
            {"actual": 1234567.891, "target": 1200000, "polarity": HIGHER},
            "1,234,567.89 against a target of 1,200,000 (higher is better): 34,567.89 above target "
            "(2.9% above it), better than the target: green.",
            id="large numbers have thousands separators",
        ),
        pytest.param(
            {"actual": 65.0, "target": 65, "polarity": HIGHER, "is_percentage": True, "decimals": 1},
            "65.0% against a target of 65.0% (higher is better): on target: green.",
            id="a measure's decimal places are kept",
        ),
        pytest.param(
            {
                "actual": 96,
                "polarity": IN_RANGE,
                "range_low": 85,
                "range_high": 95,
                "tolerance": 1,
                "is_percentage": True,
            },
            "96% against a range of 85% to 95%: 1 percentage point above the range, within the "
            "tolerance of 1 percentage point: amber.",
            id="in range says how far outside the range",
        ),
        pytest.param(
            {"actual": 3, "polarity": IN_RANGE, "range_high": 10},
            "3 against a range of 10 or less: within the range: green.",
            id="a range with one bound says so",
        ),
        pytest.param(
            {"actual": None, "target": 10, "polarity": HIGHER},
            "No value for this period: no data.",
            id="no data says there is no value",
        ),
        pytest.param(
            {"actual": 12.5, "polarity": HIGHER},
            "12.5 with no target for this period, so no status against target: data only.",
            id="no target says there is no status against target",
        ),
        pytest.param(
            {"actual": 5, "target": 3, "polarity": NONE},
            "5 against a target of 3, but the measure has no better direction, so it is not judged "
            "against a target: data only.",
            id="polarity none with a target says why it is not judged",
        ),
        pytest.param(
            {"actual": 5, "target": 5, "polarity": HIGHER, "data_only": True},
            "5 recorded for a data-only measure, not judged against a target: data only.",
            id="a data only measure says so",
        ),
    ],
)
def test_reason_sentence(inputs, reason):
    assert measure_status(**inputs).reason == reason


# --- Year-end forecast status (guide 6.1) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("inputs", "expect"),
    [
        case(
            "a forecast on the annual target is green",
            ("green", 0, 100),
            forecast=1200,
            target=1200,
            polarity=HIGHER,
        ),
        case(
            "a forecast 4 percent under the annual target is amber",
            # 1152 / 1200 = 0.96
            ("amber", -0.04, 96),
            forecast=1152,
            target=1200,
            polarity=HIGHER,
        ),
        case(
            "a forecast 6 percent over a lower is better annual target is red",
            ("red", 0.06, 106),
            forecast=1272,
            target=1200,
            polarity=LOWER,
        ),
        case("no forecast is no data", ("no_data", None, None), forecast=None, target=1200, polarity=HIGHER),
        case(
            "a forecast with no annual target is data only",
            ("data_only", None, None),
            forecast=5,
            polarity=LOWER,
        ),
    ],
)
def test_worked_forecast_status_case(inputs, expect):
    result = forecast_status(**inputs)
    state, variance, percent = expect
    assert (result.state, result.variance, result.percent_of_target) == (
        state,
        approx(variance),
        approx(percent),
    )


def test_a_forecast_status_says_it_is_the_forecast_for_the_year_end():
    assert forecast_status(forecast=70, target=65, polarity=LOWER).reason == (
        "Forecast for the year end: 70 against a target of 65 (lower is better): 5 above target "
        "(7.7% above it), outside the 5% tolerance: red."
    )
    assert forecast_status(forecast=None, target=65, polarity=LOWER).reason == (
        "No forecast for the year end: no data."
    )


# --- Direction of travel (guide 6.2) ---------------------------------------------------------------

TRAVEL_CASES = [
    case("higher is better and up is improving", "improving", current=65, previous=60, polarity=HIGHER),
    case("higher is better and down is worsening", "worsening", current=55, previous=60, polarity=HIGHER),
    case("lower is better and up is worsening", "worsening", current=65, previous=60, polarity=LOWER),
    case("lower is better and down is improving", "improving", current=55, previous=60, polarity=LOWER),
    case("the same value is no change", "no_change", current=60, previous=60, polarity=HIGHER),
    case(
        "a change exactly the size of the threshold is no change",
        "no_change",
        current=60.5,
        previous=60,
        polarity=HIGHER,
        threshold=0.5,
    ),
    case(
        "a change just over the threshold counts",
        "improving",
        current=60.51,
        previous=60,
        polarity=HIGHER,
        threshold=0.5,
    ),
    case(
        "0.7 to 0.8 is a change of exactly 0.1 and no change with a threshold of 0.1",
        # in floats 0.8 - 0.7 = 0.10000000000000009, which would be over the threshold
        "no_change",
        current=0.8,
        previous=0.7,
        polarity=HIGHER,
        threshold=0.1,
    ),
    case("with no better direction up is increasing", "increasing", current=3, previous=2, polarity=NONE),
    case("with no better direction down is decreasing", "decreasing", current=1, previous=2, polarity=NONE),
    case(
        "with no better direction a change within the threshold is no change",
        "no_change",
        current=2.2,
        previous=2,
        polarity=NONE,
        threshold=0.2,
    ),
    case(
        "lower is better and -5 from -3 is improving",
        "improving",
        current=-5,
        previous=-3,
        polarity=LOWER,
    ),
    case(
        "in range moving down towards the range from above is improving",
        "improving",
        current=11,
        previous=12,
        polarity=IN_RANGE,
        range_low=5,
        range_high=10,
    ),
    case(
        "in range moving up away from the range is worsening",
        "worsening",
        current=12,
        previous=11,
        polarity=IN_RANGE,
        range_low=5,
        range_high=10,
    ),
    case(
        "in range moving about inside the range is no change",
        "no_change",
        current=9,
        previous=6,
        polarity=IN_RANGE,
        range_low=5,
        range_high=10,
    ),
    case(
        "in range moving into the range from below is improving",
        "improving",
        current=7,
        previous=3,
        polarity=IN_RANGE,
        range_low=5,
        range_high=10,
    ),
    case(
        "in range jumping over the range to further beyond it is worsening",
        # 1 below the range (4) to 2 above it (12): the distance grew from 1 to 2
        "worsening",
        current=12,
        previous=4,
        polarity=IN_RANGE,
        range_low=5,
        range_high=10,
    ),
    case(
        "in range coming nearer by exactly the threshold is no change",
        # distance 0.9 to 0.4: nearer by 0.5
        "no_change",
        current=10.4,
        previous=10.9,
        polarity=IN_RANGE,
        range_low=5,
        range_high=10,
        threshold=0.5,
    ),
    case(
        "in range with only a lower bound rising towards it is improving",
        "improving",
        current=4,
        previous=3,
        polarity=IN_RANGE,
        range_low=5,
    ),
    case("no current value gives no direction", None, current=None, previous=3, polarity=HIGHER),
    case("no previous value gives no direction", None, current=3, previous=None, polarity=NONE),
]


@pytest.mark.parametrize(("inputs", "expect"), TRAVEL_CASES)
def test_worked_direction_of_travel_case(inputs, expect):
    assert direction_of_travel(**inputs) == expect


@pytest.mark.parametrize(
    ("inputs", "expect"),
    [
        case(
            "above forecast when higher is better is better", "better_than_forecast", actual=70, forecast=65
        ),
        case(
            "above forecast when lower is better is worse",
            "worse_than_forecast",
            actual=70,
            forecast=65,
            polarity=LOWER,
        ),
        case("on the forecast is in line", "in_line_with_forecast", actual=65, forecast=65),
        case(
            "within the threshold of the forecast is in line",
            "in_line_with_forecast",
            actual=65.5,
            forecast=65,
            threshold=0.5,
        ),
        case(
            "with no better direction above the forecast is above",
            "above_forecast",
            actual=70,
            forecast=65,
            polarity=NONE,
        ),
        case(
            "with no better direction below the forecast is below",
            "below_forecast",
            actual=60,
            forecast=65,
            polarity=NONE,
        ),
        case(
            "in range nearer the range than forecast is better",
            "better_than_forecast",
            actual=10.5,
            forecast=12,
            polarity=IN_RANGE,
            range_low=5,
            range_high=10,
        ),
        case("no forecast gives nothing", None, actual=70, forecast=None),
    ],
)
def test_worked_against_forecast_case(inputs, expect):
    assert against_forecast(**{"polarity": HIGHER, **inputs}) == expect


# --- Change from baseline (guide 6.2) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("inputs", "expect"),
    [
        case(
            "a percentage 3.2 points over its baseline when higher is better is improving",
            # 3.2 / 58 = 0.0551724...
            (3.2, 3.2 / 58, "improving"),
            current=61.2,
            baseline=58,
            polarity=HIGHER,
            is_percentage=True,
        ),
        case(
            "1260 against a baseline of 1200 when lower is better is worsening",
            (60, 0.05, "worsening"),
            current=1260,
            baseline=1200,
            polarity=LOWER,
        ),
        case(
            "a baseline of 0 has no relative change",
            (3, None, "worsening"),
            current=3,
            baseline=0,
            polarity=LOWER,
        ),
        case(
            "no change from the baseline",
            (0, 0, "no_change"),
            current=58,
            baseline=58,
            polarity=HIGHER,
        ),
        case(
            "a negative baseline keeps the formula so up from -10 to -8 is a relative change of -0.2",
            (2, -0.2, "increasing"),
            current=-8,
            baseline=-10,
            polarity=NONE,
        ),
        case(
            "no current value gives no change",
            (None, None, None),
            current=None,
            baseline=58,
            polarity=HIGHER,
        ),
        case(
            "no baseline gives no change",
            (None, None, None),
            current=58,
            baseline=None,
            polarity=HIGHER,
        ),
    ],
)
def test_worked_baseline_case(inputs, expect):
    result = change_from_baseline(**inputs)
    assert (result.change, result.relative_change, result.direction) == (
        approx(expect[0]),
        approx(expect[1]),
        expect[2],
    )


@pytest.mark.parametrize(
    ("inputs", "reason"),
    [
        pytest.param(
            {"current": 61.2, "baseline": 58, "polarity": HIGHER, "is_percentage": True},
            "61.2% against a baseline of 58%: up 3.2 percentage points: improving since the baseline.",
            id="a percentage changes in percentage points",
        ),
        pytest.param(
            {"current": 1260, "baseline": 1200, "polarity": LOWER},
            "1,260 against a baseline of 1,200: up 60 (5% higher than the baseline): worsening since the "
            "baseline.",
            id="a number says the change and its share of the baseline",
        ),
        pytest.param(
            {"current": -8, "baseline": -10, "polarity": NONE},
            "\u22128 against a baseline of \u221210: up 2 (20% higher than the baseline): increasing since "
            "the baseline.",
            id="a negative baseline reads up as up",
        ),
        pytest.param(
            {"current": 3, "baseline": 0, "polarity": LOWER},
            "3 against a baseline of 0: up 3: worsening since the baseline.",
            id="a baseline of 0 says the absolute change only",
        ),
        pytest.param(
            {"current": 58, "baseline": 58, "polarity": HIGHER},
            "58 against a baseline of 58: no change.",
            id="no change says so once",
        ),
        pytest.param(
            {"current": 58, "baseline": None, "polarity": HIGHER},
            "No baseline declared, so no change from it can be given.",
            id="no baseline says so",
        ),
    ],
)
def test_baseline_reason(inputs, reason):
    assert change_from_baseline(**inputs).reason == reason


# --- Current trend with run length (guide 6.2) ----------------------------------------------------
# expect: (direction, run_length, judgement)

TREND_CASES = [
    case("no values are flat with no run", ("flat", 0, None), values=[]),
    case("one value is flat with no run", ("flat", 0, None), values=[5]),
    case("one rise is up for 1", ("up", 1, "improving"), values=[1, 2]),
    case("three rises are up for 3", ("up", 3, "improving"), values=[1, 2, 3, 4]),
    case("three falls are down for 3", ("down", 3, "worsening"), values=[4, 3, 2, 1]),
    case("a fall after rises is down for 1", ("down", 1, "worsening"), values=[1, 2, 3, 2]),
    case("a most recent no change is flat with no run", ("flat", 0, "no_change"), values=[1, 2, 2]),
    case("a no change ends a run", ("up", 2, "improving"), values=[1, 1, 2, 3]),
    case("a missing period ends a run", ("up", 2, "improving"), values=[1, None, 2, 3, 4]),
    case("a missing latest value gives no run", ("flat", 0, None), values=[1, 2, 3, None]),
    case("a missing previous value gives no run", ("flat", 0, None), values=[1, 2, None, 3]),
    case("a fall before rises ends the run", ("up", 3, "improving"), values=[5, 4, 5, 6, 7]),
    case(
        "a most recent change within the threshold is flat",
        # changes 0.6, 0.6, 0.5: the last is not more than 0.5
        ("flat", 0, "no_change"),
        values=[10, 10.6, 11.2, 11.7],
        threshold=0.5,
    ),
    case(
        "an earlier change within the threshold ends the run",
        # changes 0.4 (flat), 0.6, 0.6
        ("up", 2, "improving"),
        values=[10, 10.4, 11, 11.6],
        threshold=0.5,
    ),
    case(
        "changes of exactly the threshold are flat though floats make them a hair over and under",
        # 0.8 - 0.7 and 0.9 - 0.8 are both exactly 0.1 (in floats 0.10000000000000009 and 0.0999...98)
        ("flat", 0, "no_change"),
        values=[0.7, 0.8, 0.9],
        threshold=0.1,
    ),
    case(
        "the direction is the sign of the change whatever the polarity",
        ("down", 2, "improving"),
        values=[3, 2, 1],
        polarity=LOWER,
    ),
    case(
        "with no better direction the judgement is increasing",
        ("up", 1, "increasing"),
        values=[3, 2, 3],
        polarity=NONE,
    ),
    case(
        "in range a rise inside the range is up with no change in judgement",
        ("up", 2, "no_change"),
        values=[5, 6, 7],
        polarity=IN_RANGE,
        range_low=5,
        range_high=10,
    ),
]


@pytest.mark.parametrize(("inputs", "expect"), TREND_CASES)
def test_worked_current_trend_case(inputs, expect):
    trend = current_trend(**{"polarity": HIGHER, **inputs})
    assert (trend.direction, trend.run_length, trend.judgement) == expect
    assert trend == expect[:2]  # the pair the issue asks for


def test_a_current_trend_is_a_pair_that_cannot_be_changed():
    trend = current_trend([1, 2, 3], polarity=HIGHER)
    direction, run = trend
    assert (direction, run) == ("up", 2) and len(trend) == 2
    with pytest.raises(AttributeError):
        trend.judgement = "worsening"


def test_a_trend_may_be_any_iterable_of_numbers():
    assert current_trend((x for x in [Decimal("1.5"), Fraction(7, 4), 2]), polarity=HIGHER) == ("up", 2)


# --- Seed 001: worsening, stabilised, improving --------------------------------------------------

TRAJECTORY_CASES = [
    case("a fall is worsening", "worsening", values=[10, 9]),
    case("a rise after a fall is improving", "improving", values=[10, 9, 10]),
    case("one steady period after a fall is still worsening", "worsening", values=[10, 9, 9]),
    case("two steady periods after a fall is stabilised", "stabilised", values=[10, 9, 9, 9]),
    case("steady after a rise is stabilised", "stabilised", values=[10, 11, 11]),
    case("always steady is stabilised", "stabilised", values=[10, 10, 10]),
    case("a fall after stabilising is worsening again", "worsening", values=[10, 9, 9, 9, 8]),
    case("a single steady change is not enough to say", None, values=[10, 10]),
    case("one value is not enough to say", None, values=[10]),
    case("no values are not enough to say", None, values=[]),
    case("a missing latest value cannot be said", None, values=[10, 9, None]),
    case(
        "a steady change after a missing period cannot be said",
        None,
        values=[10, 9, None, 9, 9],
    ),
    case(
        "lower is better: two steady periods after a rise is stabilised",
        "stabilised",
        values=[5, 6, 6, 6],
        polarity=LOWER,
    ),
    case("lower is better: a fall is improving", "improving", values=[5, 6, 5], polarity=LOWER),
    case(
        "small moves within the threshold after a fall are stabilised",
        # -2 (worsening), +0.4 and -0.1 are both within 0.5: no change twice
        "stabilised",
        values=[60, 58, 58.4, 58.3],
        threshold=0.5,
    ),
    case(
        "in range staying the same distance out after moving away is stabilised",
        "stabilised",
        values=[12, 13, 13, 13],
        polarity=IN_RANGE,
        range_low=5,
        range_high=10,
    ),
    case("no better direction has no trajectory", None, values=[10, 9, 8], polarity=NONE),
]


@pytest.mark.parametrize(("inputs", "expect"), TRAJECTORY_CASES)
def test_worked_trajectory_case(inputs, expect):
    assert area_trajectory(**{"polarity": HIGHER, **inputs}) == expect


# --- Feedback: percent positive, suppression, low base (guide 5 and 6.5) ---------------------------
# expect: (value, suppressed, low_base)

PERCENT_CASES = [
    case("no responses are suppressed", (None, True, True), positive=0, total=0),
    case("4 responses are suppressed", (None, True, True), positive=3, total=4),
    case("5 responses are shown with a low base", (80, False, True), positive=4, total=5),
    case("29 responses are a low base", (2000 / 29, False, True), positive=20, total=29),
    case("30 responses are not a low base", (90, False, False), positive=27, total=30),
    case("no positive answers of 30 is 0 percent", (0, False, False), positive=0, total=30),
    case("all positive of 30 is 100 percent", (100, False, False), positive=30, total=30),
]


@pytest.mark.parametrize(("inputs", "expect"), PERCENT_CASES)
def test_worked_percent_positive_case(inputs, expect):
    result = percent_positive(inputs["positive"], inputs["total"])
    assert (result.value, result.suppressed, result.low_base) == (approx(expect[0]), *expect[1:])
    assert result.n == inputs["total"]


def test_percent_positive_labels_say_n_and_low_base_and_hide_suppressed_values():
    assert percent_positive(3, 4).label == "Fewer than 5 responses (4 responses): not shown"
    assert percent_positive(20, 29).label == "69.0% positive of 29 responses, low base"
    assert percent_positive(27, 30).label == "90.0% positive of 30 responses"
    # 2999 / 3000 = 99.966...%: to one place it would read 100%
    assert percent_positive(2999, 3000).label == "99.97% positive of 3000 responses"


def test_the_response_rate_is_given_where_invitations_are_logged():
    result = percent_positive(27, 30, invited=120)
    assert result.response_rate == 25
    assert result.label == "90.0% positive of 30 responses; response rate 25.0% of 120 invited"
    assert percent_positive(0, 0, invited=0).response_rate is None
    assert percent_positive(3, 4, invited=10).response_rate == 40


def test_a_suppressed_result_holds_nothing_that_gives_the_positive_count_away():
    result = percent_positive(0, 4)
    assert not hasattr(result, "positive")
    assert result.value is None and "0" not in result.label


# --- Feedback: significance before improving or worsening ----------------------------------------
# expect: the direction; the test also checks the intervals independently with scipy.

FEEDBACK_CASES = [
    case(
        "10 of 20 to 18 of 20 is a rise of 40 points but the intervals just overlap",
        # Wilson 95%: 10/20 is 0.2993 to 0.7007; 18/20 is 0.6990 to 0.9721: 0.6990 < 0.7007
        "no_significant_change",
        positive_now=18,
        total_now=20,
        positive_before=10,
        total_before=20,
    ),
    case(
        "10 of 20 to 19 of 20 is improving",
        # 19/20 is 0.7639 to 0.9911, wholly above 0.7007
        "improving",
        positive_now=19,
        total_now=20,
        positive_before=10,
        total_before=20,
    ),
    case(
        "19 of 20 to 10 of 20 is worsening",
        "worsening",
        positive_now=10,
        total_now=20,
        positive_before=19,
        total_before=20,
    ),
    case(
        "500 to 550 of 1000 is no significant change by overlapping intervals",
        # 0.4691 to 0.5309 against 0.5190 to 0.5805; a two-proportion z-test would say p = 0.025
        "no_significant_change",
        positive_now=550,
        total_now=1000,
        positive_before=500,
        total_before=1000,
    ),
    case(
        "500 to 600 of 1000 is improving",
        # 0.5695 to 0.6298 is wholly above 0.5309
        "improving",
        positive_now=600,
        total_now=1000,
        positive_before=500,
        total_before=1000,
    ),
    case(
        "the same share is no significant change",
        "no_significant_change",
        positive_now=15,
        total_now=20,
        positive_before=15,
        total_before=20,
    ),
    case(
        "all 4 positive now against 1 of 20 before is suppressed and gives nothing",
        None,
        positive_now=4,
        total_now=4,
        positive_before=1,
        total_before=20,
    ),
    case(
        "none of 4 before is suppressed and gives nothing",
        None,
        positive_now=20,
        total_now=20,
        positive_before=0,
        total_before=4,
    ),
    case(
        "5 responses each are enough to be judged",
        # 0/5 is 0 to 0.4345; 5/5 is 0.5655 to 1
        "improving",
        positive_now=5,
        total_now=5,
        positive_before=0,
        total_before=5,
    ),
]


def scipy_wilson(positive, total):
    interval = scipy_stats.binomtest(positive, total).proportion_ci(confidence_level=0.95, method="wilson")
    return interval.low, interval.high


@pytest.mark.parametrize(("inputs", "expect"), FEEDBACK_CASES)
def test_worked_feedback_direction_case(inputs, expect):
    assert feedback_direction(**inputs) == expect
    if expect is not None:  # the hand-worked reading of the intervals, checked independently
        now = scipy_wilson(inputs["positive_now"], inputs["total_now"])
        before = scipy_wilson(inputs["positive_before"], inputs["total_before"])
        independent = (
            "improving"
            if now[0] > before[1]
            else "worsening"
            if now[1] < before[0]
            else "no_significant_change"
        )
        assert independent == expect


def test_overlapping_intervals_can_hide_a_change_a_z_test_would_call_significant():
    # The case above by the pooled two-proportion z-test, computed here with scipy: p < 0.05, yet the
    # guide's rule (non-overlapping intervals) says no significant change: it errs towards caution.
    pooled = 1050 / 2000
    z = (0.55 - 0.50) / (pooled * (1 - pooled) * (2 / 1000)) ** 0.5
    assert 2 * scipy_stats.norm.sf(z) < 0.05
    assert (
        feedback_direction(positive_now=550, total_now=1000, positive_before=500, total_before=1000)
        == "no_significant_change"
    )


@pytest.mark.parametrize(
    ("positive", "total", "low", "high"),
    [
        # Newcombe (1998), Statistics in Medicine 17:857-872, table I, method 3 (score, no correction)
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
        (29, 29, 0.8830, 1.0),
    ],
)
def test_wilson_interval_matches_newcombes_published_values(positive, total, low, high):
    lower, upper = wilson_interval(positive, total)
    assert (round(lower, 4), round(upper, 4)) == (low, high)


@pytest.mark.parametrize(("positive", "total"), [(0, 1), (1, 1), (3, 7), (12, 29), (499, 1000), (7, 5000)])
def test_wilson_interval_matches_scipy(positive, total):
    assert wilson_interval(positive, total) == pytest.approx(scipy_wilson(positive, total), abs=1e-12)


def test_a_wilson_interval_at_another_confidence_matches_scipy():
    scipy_interval = scipy_stats.binomtest(12, 29).proportion_ci(confidence_level=0.998, method="wilson")
    assert wilson_interval(12, 29, confidence=0.998) == pytest.approx(
        (scipy_interval.low, scipy_interval.high), abs=1e-12
    )


# --- Bad input: a clear message naming what is wrong ----------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        pytest.param(
            lambda: measure_status(actual=1, target=2, polarity="up"),
            "Unknown polarity 'up': expected one of higher_better, lower_better, in_range, none",
            id="an unknown polarity is named with the choices",
        ),
        pytest.param(
            lambda: measure_status(actual=1, target=2, polarity=HIGHER, tolerance_type="percent"),
            "Unknown tolerance type 'percent'",
            id="an unknown tolerance type is named",
        ),
        pytest.param(
            lambda: measure_status(actual=1, target=2, polarity=HIGHER, tolerance=-0.05),
            "tolerance must be 0 or more, not -0.05",
            id="a negative tolerance is refused",
        ),
        pytest.param(
            lambda: measure_status(actual=float("nan"), target=2, polarity=HIGHER),
            "actual must be a finite number, not nan",
            id="not a number is refused",
        ),
        pytest.param(
            lambda: measure_status(actual="61.2", target=65, polarity=HIGHER),
            "actual must be a number, not '61.2'",
            id="a number as text is refused",
        ),
        pytest.param(
            lambda: measure_status(actual=True, target=1, polarity=HIGHER),
            "actual must be a number, not True",
            id="true or false is not a number",
        ),
        pytest.param(
            lambda: measure_status(actual=Decimal("Infinity"), target=1, polarity=HIGHER),
            "actual must be a finite number",
            id="an infinite decimal is refused",
        ),
        pytest.param(
            lambda: measure_status(actual=7, polarity=IN_RANGE, range_low=10, range_high=5),
            "range_low \\(10\\) must not be greater than range_high \\(5\\)",
            id="a range upside down is refused",
        ),
        pytest.param(
            lambda: measure_status(actual=7, target=7, polarity=HIGHER, data_only="yes"),
            "data_only must be True or False",
            id="data only must be true or false",
        ),
        pytest.param(
            lambda: measure_status(actual=7, target=7, polarity=HIGHER, decimals=9),
            "decimals must be a whole number from 0 to 6",
            id="decimals out of range are refused",
        ),
        pytest.param(
            lambda: direction_of_travel(current=7, previous=6, polarity=IN_RANGE),
            "an in_range measure needs range_low or range_high to say which way is better",
            id="a direction in range needs its range",
        ),
        pytest.param(
            lambda: direction_of_travel(current=7, previous=6, polarity=HIGHER, threshold=-1),
            "threshold must be 0 or more",
            id="a negative threshold is refused",
        ),
        pytest.param(
            lambda: current_trend("1,2,3", polarity=HIGHER),
            "values must be a list of numbers",
            id="values as text are refused",
        ),
        pytest.param(
            lambda: current_trend([1, 2, "3"], polarity=HIGHER),
            "values\\[2\\] must be a number, not '3'",
            id="a bad value is named by its position",
        ),
        pytest.param(
            lambda: area_trajectory([1, float("inf")], polarity=HIGHER),
            "values\\[1\\] must be a finite number",
            id="an infinite value in a trajectory is named by its position",
        ),
        pytest.param(
            lambda: percent_positive(6, 5),
            "positive \\(6\\) cannot be more than total \\(5\\)",
            id="more positive answers than answers is refused",
        ),
        pytest.param(
            lambda: percent_positive(2.5, 5),
            "positive must be a whole number of 0 or more, not 2.5",
            id="a count must be whole",
        ),
        pytest.param(
            lambda: percent_positive(2, -5),
            "total must be a whole number of 0 or more",
            id="a negative count is refused",
        ),
        pytest.param(
            lambda: percent_positive(2, 5, invited=4),
            "total \\(5\\) cannot be more than invited \\(4\\)",
            id="more responses than invitations is refused",
        ),
        pytest.param(
            lambda: feedback_direction(positive_now=3, total_now=2, positive_before=1, total_before=9),
            "positive_now \\(3\\) cannot be more than total_now \\(2\\)",
            id="a feedback count is named",
        ),
        pytest.param(
            lambda: wilson_interval(0, 0), "total must be more than 0", id="no interval from nothing"
        ),
        pytest.param(
            lambda: wilson_interval(1, 2, confidence=95),
            "confidence must be between 0 and 1",
            id="a confidence as a percentage is refused",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_it(call, message):
    with pytest.raises(ValueError, match=message) as raised:
        call()
    assert isinstance(raised.value, MeasureStatusError)


def test_the_rules_module_imports_the_standard_library_only():
    tree = ast.parse(Path(module.__file__).read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported and {name.split(".")[0] for name in imported} <= sys.stdlib_module_names


def test_a_target_a_hair_from_0_gives_no_variance_rather_than_an_error():
    # 1 / 1e-320 is far beyond the largest float (about 1.8e308): found by Hypothesis
    result = measure_status(actual=1, target=1e-320, polarity=HIGHER)
    assert (result.state, result.variance, result.percent_of_target) == ("green", None, None)
    assert result.difference == 1
    far = measure_status(actual=1e308, target=-1e308, polarity=LOWER, tolerance=0)
    assert (far.state, far.difference) == ("red", None)


@pytest.mark.parametrize(
    ("counts", "flagged"),
    [
        ({}, []),
        ({1: 2, 2: 3, 3: 25}, [(3, 25, 3)]),  # median 3: 25 is over 10 and over 5 x 3
        ({1: 1, 2: 1, 3: 9}, []),  # 9 is over 5 x 1 but under 10: a busy day, not a burst
        ({1: 10, 2: 12, 3: 40}, []),  # 40 is over 10 but under 5 x 12
        ({1: 4, 2: 6, 3: 30, 4: 31}, []),  # median (6 + 30) / 2 = 18: neither 30 nor 31 is 5 x 18
        ({1: 1, 2: 1, 3: 1, 4: 10}, [(4, 10, 1)]),  # exactly 10 and over 5 x 1
    ],
    ids=["no days", "a burst", "busy not a burst", "high but usual", "half the days busy", "the edge"],
)
def test_a_day_is_unusual_at_10_answers_and_5_times_the_median_day(counts, flagged):
    from fractions import Fraction

    from equalchance.performance.status import unusual_days

    assert unusual_days(counts) == [(day, n, Fraction(usual)) for day, n, usual in flagged]
