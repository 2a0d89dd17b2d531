"""The periods of a measure's frequency and calendar, checked against dates worked out by hand."""

from datetime import date

import pytest

from equalchance.performance import periods
from equalchance.performance.periods import (
    PeriodError,
    due_date,
    period_containing,
    period_of,
    periods_between,
    periods_of_year,
    reporting_year,
    year_label,
)


def spans(found):
    return [(p.start, p.end, p.label) for p in found]


def test_the_financial_year_runs_from_1_april_to_31_march_in_four_quarters():
    assert spans(periods_of_year(2026, "quarterly")) == [
        (date(2026, 4, 1), date(2026, 6, 30), "Q1 2026/27"),
        (date(2026, 7, 1), date(2026, 9, 30), "Q2 2026/27"),
        (date(2026, 10, 1), date(2026, 12, 31), "Q3 2026/27"),
        (date(2027, 1, 1), date(2027, 3, 31), "Q4 2026/27"),
    ]


def test_the_academic_year_runs_from_1_september_to_31_august():
    assert spans(periods_of_year(2026, "quarterly", "academic")) == [
        (date(2026, 9, 1), date(2026, 11, 30), "Q1 2026/27"),
        (date(2026, 12, 1), date(2027, 2, 28), "Q2 2026/27"),
        (date(2027, 3, 1), date(2027, 5, 31), "Q3 2026/27"),
        (date(2027, 6, 1), date(2027, 8, 31), "Q4 2026/27"),
    ]
    assert spans(periods_of_year(2026, "annual", "academic")) == [
        (date(2026, 9, 1), date(2027, 8, 31), "2026/27")
    ]


def test_monthly_periods_are_named_by_month_and_calendar_year():
    months = periods_of_year(2026, "monthly")
    assert len(months) == 12
    assert (months[0].label, months[8].label, months[9].label, months[11].label) == (
        "April 2026",
        "December 2026",
        "January 2027",
        "March 2027",
    )
    assert months[10].end == date(2027, 2, 28)


def test_six_monthly_periods_are_the_halves_of_the_year():
    assert spans(periods_of_year(2027, "six_monthly")) == [
        (date(2027, 4, 1), date(2027, 9, 30), "H1 2027/28"),
        (date(2027, 10, 1), date(2028, 3, 31), "H2 2027/28"),
    ]


def test_29_february_falls_in_february_the_fourth_quarter_and_the_academic_first_half():
    leap_day = date(2028, 2, 29)
    february = period_containing(leap_day, "monthly")
    assert (february.start, february.end, february.label) == (date(2028, 2, 1), leap_day, "February 2028")
    quarter = period_containing(leap_day, "quarterly")
    assert (quarter.start, quarter.end, quarter.label) == (date(2028, 1, 1), date(2028, 3, 31), "Q4 2027/28")
    half = period_containing(leap_day, "six_monthly", "academic")
    assert (half.start, half.end, half.label) == (date(2027, 9, 1), leap_day, "H1 2027/28")
    winter = period_containing(leap_day, "quarterly", "academic")
    assert (winter.start, winter.end, winter.label) == (date(2027, 12, 1), leap_day, "Q2 2027/28")


def test_the_first_and_last_days_of_a_year_belong_to_it():
    assert reporting_year(date(2026, 4, 1)) == 2026
    assert reporting_year(date(2027, 3, 31)) == 2026
    assert reporting_year(date(2026, 8, 31), "academic") == 2025
    assert reporting_year(date(2026, 9, 1), "academic") == 2026
    assert period_containing(date(2027, 3, 31), "annual").label == "2026/27"
    assert period_containing(date(2026, 3, 31), "annual").label == "2025/26"


def test_a_value_is_due_its_data_lag_after_the_period_ends():
    quarter = period_containing(date(2026, 5, 10), "quarterly")
    assert quarter.due(0) == date(2026, 6, 30)
    assert quarter.due(30) == date(2026, 7, 30)
    assert due_date(date(2028, 2, 29), 1) == date(2028, 3, 1)
    assert due_date(date(2028, 1, 31), 29) == date(2028, 2, 29)
    assert due_date(date(2027, 1, 31), 29) == date(2027, 3, 1)
    assert period_containing(date(2027, 3, 1), "annual").due(45) == date(2027, 5, 15)


@pytest.mark.parametrize("lag", [-1, 1.5, True, "30"])
def test_a_data_lag_that_is_not_a_whole_number_of_days_is_refused(lag):
    with pytest.raises(PeriodError, match="data lag"):
        due_date(date(2026, 6, 30), lag)


def test_a_period_is_found_from_its_dates_or_refused_naming_the_one_that_fits():
    assert period_of(date(2026, 7, 1), date(2026, 9, 30), "quarterly").label == "Q2 2026/27"
    with pytest.raises(PeriodError, match="Q1 2026/27, 1 April 2026 to 30 June 2026"):
        period_of(date(2026, 4, 1), date(2026, 6, 29), "quarterly")
    with pytest.raises(
        PeriodError,
        match="academic year: the one containing 1 January 2026 is Q2 2025/26, 1 December 2025 to 28",
    ):
        period_of(date(2026, 1, 1), date(2026, 3, 31), "quarterly", "academic")


def test_unknown_frequencies_and_calendars_are_refused_by_name():
    with pytest.raises(PeriodError, match="Unknown frequency 'weekly'"):
        periods_of_year(2026, "weekly")
    with pytest.raises(PeriodError, match="Unknown calendar 'calendar'"):
        period_containing(date(2026, 1, 1), "monthly", "calendar")


def test_years_are_written_with_two_digits_after_the_stroke():
    assert year_label(2026) == "2026/27"
    assert year_label(1999) == "1999/00"


def test_periods_between_two_dates_follow_one_another_without_gaps():
    found = periods_between(date(2026, 2, 10), date(2026, 11, 1), "quarterly")
    assert [p.label for p in found] == ["Q4 2025/26", "Q1 2026/27", "Q2 2026/27", "Q3 2026/27"]
    for earlier, later in zip(found, found[1:], strict=False):
        assert (later.start - earlier.end).days == 1


def test_every_day_of_a_leap_year_falls_in_exactly_one_period_of_each_frequency():
    for calendar in periods.YearCalendar:
        for frequency in periods.Frequency:
            year = periods_of_year(2027, frequency, calendar)
            days = sum((p.end - p.start).days + 1 for p in year)
            assert days == 366, (frequency, calendar)
            ends = {"financial": date(2028, 3, 31), "academic": date(2028, 8, 31)}
            assert year[-1].end == ends[calendar], (frequency, calendar)


@pytest.mark.parametrize(
    ("today", "frequency", "lag", "label"),
    [
        (date(2026, 11, 30), "quarterly", 0, "Q2 2026/27"),  # Q3 ends 31 December
        (date(2026, 10, 30), "quarterly", 30, "Q1 2026/27"),  # Q2 is due today: not yet late
        (date(2026, 10, 31), "quarterly", 30, "Q2 2026/27"),
        (date(2026, 4, 1), "monthly", 0, "March 2026"),
        (date(2026, 4, 1), "annual", 0, "2025/26"),
        (date(2026, 3, 31), "annual", 0, "2024/25"),  # 2025/26 ends today
    ],
)
def test_the_latest_overdue_period_is_the_last_whose_due_date_has_passed(today, frequency, lag, label):
    assert periods.latest_overdue(today, frequency, "financial", lag).label == label


@pytest.mark.parametrize("frequency", list(periods.Frequency))
@pytest.mark.parametrize("calendar", list(periods.YearCalendar))
def test_every_period_reads_back_from_its_label_and_from_its_first_day(frequency, calendar):
    for year in (1999, 2026, 2027):
        for period in periods_of_year(year, frequency, calendar):
            assert periods.period_from_label(period.label, frequency, calendar) == period
            assert periods.period_from_label(period.start.isoformat(), frequency, calendar) == period


@pytest.mark.parametrize(
    ("text", "frequency", "start"),
    [
        ("q3 2026/27", "quarterly", date(2026, 10, 1)),
        ("Q3  2026-27", "quarterly", date(2026, 10, 1)),
        ("Q1 2026/2027", "quarterly", date(2026, 4, 1)),
        ("h2 2026/27", "six_monthly", date(2026, 10, 1)),
        ("Mar 2027", "monthly", date(2027, 3, 1)),
        ("march 2027", "monthly", date(2027, 3, 1)),
        ("2026-27", "annual", date(2026, 4, 1)),
        ("2026-07-01 00:00:00", "quarterly", date(2026, 7, 1)),
    ],
)
def test_a_label_is_read_as_people_type_it(text, frequency, start):
    assert periods.period_from_label(text, frequency).start == start


@pytest.mark.parametrize(
    ("text", "frequency", "calendar", "reason"),
    [
        ("Q5 2026/27", "quarterly", "financial", '"Q5 2026/27" is not a quarter of the financial year'),
        ("H3 2026/27", "six_monthly", "academic", '"H3 2026/27" is not a half of the academic year'),
        ("April 2026", "quarterly", "financial", 'written like "Q1 2026/27"'),
        ("Q1 2026/27", "monthly", "financial", 'written like "April 2026"'),
        ("Q1 2026/28", "quarterly", "financial", "the year starting in 2026 is written 2026/27"),
        ("2026-04-15", "quarterly", "financial", "the quarter containing it is Q1 2026/27"),
        ("2026-04-01", "quarterly", "academic", "is not the first day of a quarter of the academic year"),
        ("2026-02-30", "quarterly", "financial", "is not a date"),
        ("Smarch 2026", "monthly", "financial", "is not a month of the financial year"),
        ("", "annual", "financial", "is empty"),
    ],
)
def test_a_label_that_names_no_period_of_the_measure_says_why(text, frequency, calendar, reason):
    with pytest.raises(PeriodError) as refused:
        periods.period_from_label(text, frequency, calendar)
    assert reason in str(refused.value)


def test_values_may_be_entered_from_the_running_period_back_ten_reporting_years():
    offered = periods.periods_enterable(date(2026, 11, 30), "quarterly")
    assert offered[0].label == "Q3 2026/27"  # running: its value can only be provisional
    assert offered[-1].label == "Q1 2016/17"  # the start of the reporting year ten before 2026/27
    assert len(offered) == 10 * 4 + 3
    assert offered == sorted(offered, reverse=True)
    assert [p.label for p in periods.periods_enterable(date(2026, 11, 30), "annual")][-1] == "2016/17"


@pytest.mark.parametrize(
    ("label", "provisional", "problem"),
    [
        ("Q2 2026/27", False, ""),
        ("Q3 2026/27", True, ""),
        ("Q3 2026/27", False, "Q3 2026/27 has not ended: a value for it so far is provisional."),
        ("Q4 2026/27", True, "Q4 2026/27 has not begun"),
        ("Q1 2016/17", False, ""),
        ("Q4 2015/16", False, "Q4 2015/16 is too long ago: values are entered for periods from the 2016/17"),
    ],
)
def test_a_period_is_open_for_a_value_by_one_rule(label, provisional, problem):
    period = periods.period_from_label(label, "quarterly")
    said = periods.entry_problem(period, date(2026, 11, 30), provisional=provisional)
    assert said.startswith(problem) and bool(said) == bool(problem)


def test_the_last_day_of_a_period_is_still_running():
    period = periods.period_from_label("Q3 2026/27", "quarterly")
    assert periods.entry_problem(period, date(2026, 12, 31), provisional=False)
    assert periods.entry_problem(period, date(2027, 1, 1), provisional=False) == ""
