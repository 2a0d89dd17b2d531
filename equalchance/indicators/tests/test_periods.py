"""Reading periods the way sources write them."""

from datetime import date

import pytest

from equalchance.indicators.periods import parse_period


@pytest.mark.parametrize(
    "text, period_type, start, end, label",
    [
        ("2019/20", "financial", date(2019, 4, 1), date(2020, 3, 31), "2019/20"),
        ("2019/20", "academic", date(2019, 9, 1), date(2020, 8, 31), "2019/20"),
        ("1999/00", "financial", date(1999, 4, 1), date(2000, 3, 31), "1999/00"),
        ("2019", "calendar", date(2019, 1, 1), date(2019, 12, 31), "2019"),
        ("2025", "snapshot", date(2025, 3, 31), date(2025, 3, 31), "31 March 2025"),
        ("2017-19", "pooled_3_year", date(2017, 1, 1), date(2019, 12, 31), "2017-19"),
        ("2017 - 19", "pooled_3_year", date(2017, 1, 1), date(2019, 12, 31), "2017-19"),
        ("2017-2019", "pooled_3_year", date(2017, 1, 1), date(2019, 12, 31), "2017-19"),
        ("2017/18 - 19/20", "pooled_3_year", date(2017, 4, 1), date(2020, 3, 31), "2017/18 - 19/20"),
        ("2024-04-01/P1Y", "financial", date(2024, 4, 1), date(2025, 3, 31), "2024/25"),
        ("2022-01-01/P3Y", "pooled_3_year", date(2022, 1, 1), date(2024, 12, 31), "2022-24"),
    ],
)
def test_periods_are_read_as_sources_write_them(text, period_type, start, end, label):
    period = parse_period(text, period_type)
    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize(
    "text, period_type, message",
    [
        ("2019/21", "financial", "not a one-year period"),
        ("2019/20", "calendar", "financial or academic year, but this indicator is calendar"),
        ("2019", "financial", "write a financial year as 2019/20"),
        ("2019-17", "pooled_3_year", "ends before it starts"),
        ("Q3 2019", "calendar", "not a period we recognise"),
        ("", "calendar", "empty"),
    ],
)
def test_unreadable_periods_say_why(text, period_type, message):
    with pytest.raises(ValueError, match=message):
        parse_period(text, period_type)


def test_overlapping_windows_are_detected():
    a, b, c = (parse_period(t, "pooled_3_year") for t in ["2017-19", "2019-21", "2020-22"])
    assert a.overlaps(b) and not a.overlaps(c)


@pytest.mark.parametrize(
    "text, reason",
    [
        ("2026-13-45/P1Y", "starts on a day that does not exist (2026-13-45)"),
        ("2019-01-01/P0Y", "lasts no time"),
        ("0001-01-01/P0Y", "lasts no time"),
        ("9999-01-01/P5Y", "beyond the years a date can hold"),
        ("2019-01-01/P99999999999Y", "is not a period we recognise"),
        ("²⁰¹⁹", "is not a period we recognise"),
        ("2019" * 20, "is too long to be a period"),
    ],
)
def test_a_period_that_names_no_real_time_is_refused_in_words(text, reason):
    with pytest.raises(ValueError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        parse_period(text, "calendar")


def test_a_year_from_29_february_ends_on_28_february():
    period = parse_period("2024-02-29/P1Y", "calendar")
    assert (period.start, period.end) == (date(2024, 2, 29), date(2025, 2, 28))
