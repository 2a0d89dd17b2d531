"""The reporting periods of a performance measure: pure rules, standard library only, no Django.

A measure is reported monthly, quarterly, six-monthly or annually within a year that starts on
1 April (the UK financial year, the default) or on 1 September (the academic year). Periods are named
as people write them: "April 2026", "Q1 2026/27", "H2 2026/27" (the second half of the year) and
"2026/27". A value is due a measure's data lag (days) after the end of its period.
"""

import calendar as _calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SIX_MONTHLY = "six_monthly"
    ANNUAL = "annual"


class YearCalendar(StrEnum):
    FINANCIAL = "financial"
    ACADEMIC = "academic"


# The month each kind of year starts in, and the length in months of a period of each frequency.
YEAR_START_MONTH = {YearCalendar.FINANCIAL: 4, YearCalendar.ACADEMIC: 9}
MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.SIX_MONTHLY: 6, Frequency.ANNUAL: 12}


class PeriodError(ValueError):
    """A frequency or calendar this module does not know, or dates that are not one of its periods."""


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date
    frequency: Frequency
    calendar: YearCalendar
    year: int  # the year the period's reporting year starts in (2026 for 2026/27)
    number: int  # 1 for the first period of the year

    @property
    def label(self) -> str:
        year = year_label(self.year)
        if self.frequency == Frequency.MONTHLY:
            return f"{_calendar.month_name[self.start.month]} {self.start.year}"
        if self.frequency == Frequency.QUARTERLY:
            return f"Q{self.number} {year}"
        if self.frequency == Frequency.SIX_MONTHLY:
            return f"H{self.number} {year}"
        return year

    def due(self, data_lag_days: int = 0) -> date:
        return due_date(self.end, data_lag_days)

    def owed(self, data_lag_days: int, defined_on: date | None) -> bool:
        """Whether anyone owed this period's value: not when it fell due before the measure was defined
        (nobody was asked for it then). The reminders chase, and the exception report lists as data
        overdue, only what was owed."""
        return defined_on is None or self.due(data_lag_days) >= defined_on

    def __str__(self) -> str:
        return self.label


def _frequency(value) -> Frequency:
    try:
        return Frequency(value)
    except ValueError:
        raise PeriodError(f"Unknown frequency {value!r}: one of {', '.join(Frequency)}.") from None


def _year_calendar(value) -> YearCalendar:
    try:
        return YearCalendar(value)
    except ValueError:
        raise PeriodError(f"Unknown calendar {value!r}: one of {', '.join(YearCalendar)}.") from None


def year_label(year: int) -> str:
    """The reporting year starting in `year` as people write it: 2026 -> "2026/27", 1999 -> "1999/00"."""
    return f"{year}/{(year + 1) % 100:02d}"


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _last_day(year: int, month: int) -> date:
    return date(year, month, _calendar.monthrange(year, month)[1])


def reporting_year(day: date, calendar=YearCalendar.FINANCIAL) -> int:
    """The year the reporting year containing `day` starts in (31 March 2027 -> 2026, financial)."""
    start_month = YEAR_START_MONTH[_year_calendar(calendar)]
    return day.year if day.month >= start_month else day.year - 1


def periods_of_year(year: int, frequency, calendar=YearCalendar.FINANCIAL) -> list[Period]:
    """The periods of the reporting year starting in `year`, in order."""
    return list(_periods_of_year(year, _frequency(frequency), _year_calendar(calendar)))


@functools.lru_cache(maxsize=1024)  # pages judge hundreds of measures over the same few years
def _periods_of_year(year: int, frequency: Frequency, calendar: YearCalendar) -> tuple[Period, ...]:
    size = MONTHS[frequency]
    periods = []
    for number in range(1, 12 // size + 1):
        first_year, first_month = _add_months(year, YEAR_START_MONTH[calendar], (number - 1) * size)
        last_year, last_month = _add_months(first_year, first_month, size - 1)
        periods.append(
            Period(
                start=date(first_year, first_month, 1),
                end=_last_day(last_year, last_month),
                frequency=frequency,
                calendar=calendar,
                year=year,
                number=number,
            )
        )
    return tuple(periods)


@functools.lru_cache(maxsize=4096, typed=True)  # asked for each of the hundreds of measures a page judges
def period_containing(day: date, frequency, calendar=YearCalendar.FINANCIAL) -> Period:
    """The period of this frequency and calendar that `day` falls in."""
    for period in periods_of_year(reporting_year(day, calendar), frequency, calendar):
        if period.start <= day <= period.end:
            return period
    raise AssertionError("every day falls in a period of its year")  # pragma: no cover


def period_of(start: date, end: date, frequency, calendar=YearCalendar.FINANCIAL) -> Period:
    """The period running from `start` to `end`, or PeriodError saying which periods fit instead."""
    period = period_containing(start, frequency, calendar)
    if period.start != start or period.end != end:
        raise PeriodError(
            f"{start:%-d %B %Y} to {end:%-d %B %Y} is not a {_frequency(frequency).value.replace('_', '-')} "
            f"period of the {_year_calendar(calendar).value} year: the one containing {start:%-d %B %Y} "
            f"is {period.label}, {period.start:%-d %B %Y} to {period.end:%-d %B %Y}."
        )
    return period


def periods_between(first: date, last: date, frequency, calendar=YearCalendar.FINANCIAL) -> list[Period]:
    """Every period from the one containing `first` to the one containing `last`, in order."""
    found = []
    for year in range(reporting_year(first, calendar), reporting_year(last, calendar) + 1):
        found.extend(
            period
            for period in periods_of_year(year, frequency, calendar)
            if period.end >= first and period.start <= last
        )
    return found


def due_date(period_end: date, data_lag_days: int = 0) -> date:
    """The date a value for a period ending `period_end` is due: the data lag (days) after its end."""
    if isinstance(data_lag_days, bool) or not isinstance(data_lag_days, int) or data_lag_days < 0:
        raise PeriodError(f"The data lag is a whole number of days, 0 or more, not {data_lag_days!r}.")
    return period_end + timedelta(days=data_lag_days)


@functools.lru_cache(maxsize=256, typed=True)  # True is not 1 here: it is refused
def latest_overdue(today: date, frequency, calendar=YearCalendar.FINANCIAL, data_lag_days: int = 0) -> Period:
    """The latest period whose value is late by `today` if it is missing: its due date has passed (on the
    due date itself the value is not yet late). Guide 6.1: "no approved value for the latest period whose
    data-due date has passed" is no data."""
    period = period_containing(today, frequency, calendar)
    while period.due(data_lag_days) >= today:
        period = period_containing(period.start - timedelta(days=1), frequency, calendar)
    return period


# --- Which periods a value may be entered for ---------------------------------------------------------

HISTORY_YEARS = 10  # values go back this many reporting years before the current one, and no further


def periods_enterable(today: date, frequency, calendar=YearCalendar.FINANCIAL) -> list[Period]:
    """The periods a value may be entered for on `today`, newest first: the one running now (whose value
    can only be provisional, see `entry_problem`) and every period back to the start of the reporting
    year HISTORY_YEARS before the current one. The form offers these; the service allows no others."""
    first = reporting_year(today, calendar) - HISTORY_YEARS
    current = period_containing(today, frequency, calendar)
    found = []
    for year in range(first, current.year + 1):
        found.extend(p for p in periods_of_year(year, frequency, calendar) if p.start <= current.start)
    return sorted(found, reverse=True)


def entry_problem(period: Period, today: date, *, provisional: bool) -> str:
    """Why a value cannot be entered for `period` on `today`, or "". A period not yet begun has no value;
    one still running holds a provisional value only (a count so far, say), because its status is judged
    once it has ended; one more than HISTORY_YEARS reporting years back is out of the product's range."""
    if period.start > today:
        return f"{period.label} has not begun: a value is entered once its period has begun."
    if period.end >= today and not provisional:
        return (
            f"{period.label} has not ended: a value for it so far is provisional. Tick "
            '"The value is provisional", or wait until the period has ended.'
        )
    earliest = reporting_year(today, period.calendar) - HISTORY_YEARS
    if period.year < earliest:
        return (
            f"{period.label} is too long ago: values are entered for periods from the "
            f"{year_label(earliest)} reporting year on."
        )
    return ""


# --- Reading a period as people write it ----------------------------------------------------------

_NOUN = {
    Frequency.MONTHLY: "month",
    Frequency.QUARTERLY: "quarter",
    Frequency.SIX_MONTHLY: "half",
    Frequency.ANNUAL: "year",
}
_MONTHS = {name.lower(): number for number, name in enumerate(_calendar.month_name) if name} | {
    name.lower(): number for number, name in enumerate(_calendar.month_abbr) if name
}
_NUMBERED = re.compile(r"^([QH])\s*(\d+)\s+(\d{4})\s*[/-]\s*(\d{2}|\d{4})$", re.IGNORECASE)
_YEAR = re.compile(r"^(\d{4})\s*[/-]\s*(\d{2}|\d{4})$")
_MONTH = re.compile(r"^([A-Za-z]+)\.?\s+(\d{4})$")
_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00)?)?$")


def _reporting_year_of(first: str, second: str, text: str) -> int:
    """2026 from "2026" and "27" (or "2027"); PeriodError when the second year does not follow the first."""
    year = int(first)
    follows = year + 1
    if (len(second) == 2 and int(second) != follows % 100) or (len(second) == 4 and int(second) != follows):
        raise PeriodError(
            f'"{text}" does not name a reporting year: '
            f"the year starting in {year} is written {year_label(year)}."
        )
    return year


def period_from_label(text: str, frequency, calendar=YearCalendar.FINANCIAL) -> Period:
    """The period of this frequency and calendar that `text` names, as `Period.label` writes it ("April
    2026", "Q1 2026/27", "H2 2026/27", "2026/27"), or by its first day (2026-04-01). PeriodError says
    why not, in words a person can act on."""
    frequency, calendar = _frequency(frequency), _year_calendar(calendar)
    text = " ".join(str(text).split())
    year_kind = f"{calendar.value} year"
    example = periods_of_year(2026, frequency, calendar)[0]
    written = f'written like "{example.label}" or by its first day, {example.start.isoformat()}'
    if not text:
        raise PeriodError(f"is empty: enter the period, {written}.")
    iso = _ISO.match(text)
    if iso:
        try:
            day = date.fromisoformat(iso.group(1))
        except ValueError:
            raise PeriodError(f'"{text}" is not a date.') from None
        period = period_containing(day, frequency, calendar)
        if period.start != day:
            raise PeriodError(
                f"{day.isoformat()} is not the first day of a {_NOUN[frequency]} of the {year_kind}: "
                f"the {_NOUN[frequency]} containing it is {period.label}, which starts on "
                f"{period.start.isoformat()}."
            )
        return period
    not_one = f'"{text}" is not a {_NOUN[frequency]} of the {year_kind} ({written})'
    if frequency == Frequency.MONTHLY:
        month = _MONTH.match(text)
        if not month or month.group(1).lower() not in _MONTHS:
            raise PeriodError(f"{not_one}.")
        return period_containing(
            date(int(month.group(2)), _MONTHS[month.group(1).lower()], 1), frequency, calendar
        )
    if frequency == Frequency.ANNUAL:
        year = _YEAR.match(text)
        if not year:
            raise PeriodError(f"{not_one}.")
        return periods_of_year(_reporting_year_of(year.group(1), year.group(2), text), frequency, calendar)[0]
    numbered = _NUMBERED.match(text)
    letter = "Q" if frequency == Frequency.QUARTERLY else "H"
    if not numbered or numbered.group(1).upper() != letter:
        raise PeriodError(f"{not_one}.")
    count = 12 // MONTHS[frequency]
    number = int(numbered.group(2))
    if not 1 <= number <= count:
        raise PeriodError(
            f'"{text}" is not a {_NOUN[frequency]} of the {year_kind}: {letter}1 to {letter}{count}.'
        )
    year = _reporting_year_of(numbered.group(3), numbered.group(4), text)
    return periods_of_year(year, frequency, calendar)[number - 1]
