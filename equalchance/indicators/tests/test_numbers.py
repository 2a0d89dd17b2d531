"""Numbers for people: percentages, rates with their units, thousands separators and gaps in points."""

import pytest

from equalchance.indicators.numbers import Measure, count, gap, interval, number, value

PERCENT = Measure("%", 1, "proportion")
FRACTION = Measure("", 1, "proportion")  # a proportion held as a fraction of 1
PER_10000 = Measure("per 10,000", 1, "crude_rate")
PER_100000 = Measure("per 100,000", 1, "dsr")
RATIO = Measure("", 2, "mean")


@pytest.mark.parametrize(
    "x, measure, expected",
    [
        (11.94, PERCENT, "11.9%"),
        (0.1194, FRACTION, "11.9%"),
        (54.76973684210527, PERCENT, "54.8%"),
        (5.0, PERCENT, "5.0%"),  # consistent decimals: never "5%" beside "5.4%"
        (81.8249, PER_10000, "81.8 per 10,000"),
        (1234.56, PER_100000, "1,234.6 per 100,000"),
        (1.5, RATIO, "1.50"),
        (-2.25, RATIO, "−2.25"),
        (None, PERCENT, "–"),
        (float("nan"), PERCENT, "–"),
    ],
)
def test_values_are_written_with_their_unit_and_the_measures_decimals(x, measure, expected):
    assert value(x, measure) == expected


@pytest.mark.parametrize(
    "x, measure, expected",
    [
        (3.24, PERCENT, "+3.2 percentage points"),
        (-15.69, PERCENT, "−15.7 percentage points"),
        (0.032, FRACTION, "+3.2 percentage points"),
        (59.2, PER_10000, "+59.2 per 10,000"),
        (-0.04, PERCENT, "0.0 percentage points"),  # no "-0.0"
        (1234.5, RATIO, "+1,234.50"),
    ],
)
def test_gaps_are_signed_and_in_percentage_points_for_percentages(x, measure, expected):
    assert gap(x, measure) == expected


def test_intervals_and_counts():
    assert interval(50.79, 58.68, PERCENT) == "50.8% to 58.7%"
    assert interval(0.5079, 0.5868, FRACTION) == "50.8% to 58.7%"
    assert interval(65.8, 100.44, PER_10000) == "65.8 to 100.4"
    assert interval(-20.1, -11.3, PERCENT, signed=True) == "−20.1 to −11.3"
    assert interval(11.3, 20.1, PERCENT, signed=True) == "+11.3 to +20.1"
    assert interval(None, 2, PERCENT) == ""
    assert count(405723.0) == "405,723" and count(12.5) == "12.5" and count(None) == "–"
    assert number(1234567.891, 2) == "1,234,567.89"
