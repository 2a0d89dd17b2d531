"""How a measure's settings read on its definition sheet."""

from decimal import Decimal
from fractions import Fraction

import pytest

from equalchance.performance import presenting, status


@pytest.mark.parametrize(
    ("tolerance", "kind", "percentage", "unit", "said"),
    [
        (Decimal("0.0500"), "relative", False, "", "5% of the target"),
        (Decimal("0.125"), "relative", True, "%", "12.5% of the target"),
        (Decimal("2.000"), "absolute", True, "%", "2 percentage points"),
        (Decimal("1"), "absolute", True, "%", "1 percentage point"),
        (Decimal("3.5"), "absolute", False, "days", "3.5 days"),
        (Decimal("10"), "absolute", False, "", "10 (in the measure's units)"),
    ],
)
def test_a_tolerance_reads_as_a_share_of_the_target_or_in_the_measures_units(
    tolerance, kind, percentage, unit, said
):
    assert (
        presenting.tolerance_said(tolerance=tolerance, tolerance_type=kind, percentage=percentage, unit=unit)
        == said
    )


def test_when_a_measure_is_reported_keeps_the_months_capitals():
    assert (
        presenting.reported_said(
            frequency="Quarterly", calendar="Financial year (1 April to 31 March)", data_lag_days=30
        )
        == "Quarterly, by the financial year (1 April to 31 March); due 30 days after each period ends"
    )
    assert presenting.reported_said(
        frequency="Monthly", calendar="Academic year (1 September to 31 August)", data_lag_days=0
    ).endswith("; due when each period ends")


def test_a_data_only_measure_is_shown_without_the_tick_that_means_complete():
    shown = presenting.state_shown("data_only")
    assert shown.words == "Data only" and shown.shape == presenting.DATA_ONLY_SHAPE != "✓"


def test_a_measure_judged_against_a_target_it_lacks_for_the_period_says_no_target_not_data_only():
    lacking = status.measure_status(actual=7, polarity="higher_better")
    assert lacking.state == "data_only" and lacking.missing == "target"
    assert presenting.status_shown(lacking, period="Q2 2026/27").words == "No target for Q2 2026/27"
    no_range = status.measure_status(actual=7, polarity="in_range")
    assert presenting.status_shown(no_range).words == "No range"
    for kind in (
        status.measure_status(actual=7, target=5, polarity="higher_better", data_only=True),
        status.measure_status(actual=7, target=5, polarity="none"),
    ):
        assert kind.missing == "" and presenting.status_shown(kind).words == "Data only"
    forecast = status.forecast_status(forecast=7, polarity="lower_better")
    assert presenting.status_shown(forecast, period="the year end").words == "No target for the year end"


def test_stopped_getting_worse_is_answered_yes_or_no_before_saying_which():
    """Probe 8: "Stopped getting worse? Worsening" did not answer the question."""
    assert presenting.TRAJECTORY_WORDS == {
        "worsening": "No: still worsening",
        "stabilised": "Yes: stabilised",
        "improving": "Yes: improving",
    }


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (Decimal("81.25"), 1, "81.3%"),  # probe 9: the page said 81.2%, its workbook 81.3
        (81.25, 1, "81.3%"),
        (Decimal("0.125"), 2, "0.13%"),
        (Decimal("2.5"), 0, "3%"),
        (Decimal("1234567.5"), 0, "1,234,568%"),
        (Fraction(300, 7), 1, "42.9%"),
        (Decimal("64"), 1, "64.0%"),
    ],
)
def test_a_figure_is_rounded_half_up_as_people_and_the_workbooks_round(value, places, shown):
    assert presenting.figure(value, places, percentage=True) == shown
    # The rules' own words round the same way.
    exact = value if isinstance(value, Fraction) else Fraction(str(value))
    assert status._shown(exact, places, fixed=True) + "%" == shown
