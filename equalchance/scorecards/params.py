"""Reading the query parameters of scorecard pages and the API: years and record ids, as people type them
into an address bar. Plain Python (no Django): each returns the value or raises BadParameter with a
sentence saying what was wrong, which the views show as a 400 page or a JSON 400.

`str.isdigit()` is not enough: it accepts "²" and other digits that `int()` refuses or reads
differently, so only the ASCII digits 0-9 are accepted."""

from equalchance.common.keys import record_key, whole_number

FIRST_YEAR, LAST_YEAR = 2000, 9999


class BadParameter(ValueError):
    """A query parameter that cannot be used; the message says which and why."""


def _shown(value: str) -> str:
    return repr(value[:20] + ("..." if len(value) > 20 else ""))


def year(value: str | None, *, name: str = "as_at") -> int | None:
    """A year from 2000 to 9999, or None when the parameter is absent or empty (meaning: the latest)."""
    value = (value or "").strip()
    if not value:
        return None
    number = whole_number(value, digits=19)
    if number is None or not FIRST_YEAR <= number <= LAST_YEAR:
        raise BadParameter(f"{name} must be a year from {FIRST_YEAR} to {LAST_YEAR}, not {_shown(value)}")
    return number


def record_id(value: str | None, *, name: str, what: str) -> int:
    """The id of a record (a positive whole number), required."""
    value = (value or "").strip()
    if not value:
        raise BadParameter(f"Choose {what} ({name} is missing)")
    key = record_key(value)
    if key is None:
        raise BadParameter(f"{name} must be the number of {what}, not {_shown(value)}")
    return key
