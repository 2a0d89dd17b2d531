"""Time periods of observations: parsed from the ways sources write them, stored as start and end dates.

Accepted: "2019/20" (financial or academic year, by the indicator), "2019" (calendar year, or
31 March for snapshot indicators), "2017-19", "2017 - 19" or "2017-2019" (pooled calendar years),
"2017/18 - 19/20" (pooled financial years), and ISO intervals such as "2024-04-01/P1Y".
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date
    label: str

    def overlaps(self, other: "Period") -> bool:
        return self.start <= other.end and other.start <= self.end


def _year_span(first: int, last: int, month: int, day: int) -> tuple[date, date]:
    return date(first, month, day), date(last + 1, month, day) - timedelta(days=1)


def _day(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(
            f"{text!r} starts on a day that does not exist ({year:04d}-{month:02d}-{day:02d})"
        ) from None


def _full_year(two_digits: int, after: int) -> int:
    year = after - after % 100 + two_digits
    return year if year > after else year + 100


def _label(start: date, end: date, period_type: str) -> str:
    years = end.year - start.year + (1 if (end.month, end.day) >= (start.month, start.day) else 0)
    if period_type in {"financial", "academic"}:
        if years <= 1:
            return f"{start.year}/{(start.year + 1) % 100:02d}"
        return f"{start.year}/{(start.year + 1) % 100:02d} - {(end.year - 1) % 100:02d}/{end.year % 100:02d}"
    if period_type == "snapshot":
        return f"{end:%-d %B %Y}"
    if start.year == end.year:
        return str(start.year)
    return f"{start.year}-{end.year % 100:02d}"


def parse_period(text: str, period_type: str) -> Period:
    """The period a text names; ValueError saying why when it names none (never another error)."""
    try:
        return _parse_period(text, period_type)
    except OverflowError:  # a date before year 1 or after 9999, reached by arithmetic
        raise ValueError(f"{text[:40]!r} reaches beyond the years a date can hold") from None


def _parse_period(text: str, period_type: str) -> Period:
    value = " ".join(text.split())
    if not value:
        raise ValueError("the period is empty")
    if len(value) > 40:
        raise ValueError(f"{value[:40]!r}... is too long to be a period (for example 2019/20)")
    year_start = {"financial": (4, 1), "academic": (9, 1)}.get(period_type, (1, 1))

    if match := re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})/P([0-9]{1,3})Y", value):
        start = _day(text, int(match[1]), int(match[2]), int(match[3]))
        years = int(match[4])
        if years < 1:
            raise ValueError(f"{text!r} lasts no time: give a length of at least P1Y")
        if start.year + years > 9999:
            raise OverflowError
        if (start.month, start.day) == (2, 29):  # a year from 29 February ends on 28 February
            end = date(start.year + years, 2, 28)
        else:
            end = date(start.year + years, start.month, start.day) - timedelta(days=1)
        return Period(start, end, _label(start, end, period_type))
    if match := re.fullmatch(r"([0-9]{4})/([0-9]{2})", value):
        first = int(match[1])
        if _full_year(int(match[2]), first) != first + 1:
            raise ValueError(f"{text!r} is not a one-year period such as 2019/20")
        if period_type not in {"financial", "academic"}:
            raise ValueError(f"{text!r} is a financial or academic year, but this indicator is {period_type}")
        start, end = _year_span(first, first, *year_start)
        return Period(start, end, _label(start, end, period_type))
    if match := re.fullmatch(r"([0-9]{4})/([0-9]{2}) ?- ?([0-9]{2})/([0-9]{2})", value):
        # several financial (or academic) years pooled, e.g. 2017/18 - 19/20
        kind = period_type if period_type in {"financial", "academic"} else "financial"
        first, last = int(match[1]), _full_year(int(match[3]), int(match[1]))
        start, end = _year_span(first, last, *{"financial": (4, 1), "academic": (9, 1)}[kind])
        return Period(start, end, _label(start, end, kind))
    if match := re.fullmatch(r"([0-9]{4}) ?- ?([0-9]{2}|[0-9]{4})", value):
        first = int(match[1])
        last = int(match[2]) if len(match[2]) == 4 else first - first % 100 + int(match[2])
        if len(match[2]) == 2 and last <= first and last + 100 - first <= 10:
            last += 100  # 1998-02 is 1998 to 2002
        if last <= first:
            raise ValueError(f"{text!r} ends before it starts")
        start, end = _year_span(first, last, 1, 1)
        return Period(start, end, _label(start, end, "calendar"))
    if match := re.fullmatch(r"([0-9]{4})", value):
        year = int(match[1])
        if period_type == "snapshot":
            day = date(year, 3, 31)
            return Period(day, day, _label(day, day, period_type))
        if period_type in {"financial", "academic"}:
            raise ValueError(
                f"{text!r} is a calendar year; write a {period_type} year as {year}/{(year + 1) % 100:02d}"
            )
        start, end = _year_span(year, year, 1, 1)
        return Period(start, end, _label(start, end, period_type))
    raise ValueError(
        f"{text!r} is not a period we recognise (for example 2019/20, 2019, 2017-19, 2024-04-01/P1Y)"
    )
