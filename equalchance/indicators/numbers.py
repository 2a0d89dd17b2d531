"""Numbers as people read them: the one place that decides how a value, an interval, a gap and a count
are written on pages and in PDFs (files for machines keep numbers as numbers: scorecards.exports).

- Percentages as percentages with the measure's decimals ("11.9%"), also when a proportion is held as
  a fraction of 1 (0.1194 is "11.9%").
- Rates with their unit ("81.8 per 10,000").
- Thousands separators everywhere ("405,723"), a true minus sign for negatives.
- Gaps signed, and in percentage points for percentages ("+3.2 percentage points").
No Django here: plain values in, text out. Nothing that cannot be written gives an error: it is "–".
"""

import math
from dataclasses import dataclass

MISSING = "–"  # en dash
MINUS = "−"  # U+2212: read as "minus" where a hyphen is not
PERCENT_UNIT = "%"


@dataclass(frozen=True)
class Measure:
    """How a measure's numbers are written: its unit ("%", "per 10,000" or ""), its decimals, and its
    value type (a "proportion" with no unit is a fraction of 1, written as a percentage)."""

    unit: str = ""
    decimals: int = 1
    value_type: str = ""

    @property
    def percentage(self) -> bool:
        return self.unit == PERCENT_UNIT or (self.value_type == "proportion" and not self.unit)

    @property
    def scale(self) -> float:
        """What a held value is multiplied by to be shown: 100 for a proportion held as a fraction."""
        return 100.0 if self.value_type == "proportion" and not self.unit else 1.0


def _finite(value) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def number(value, decimals: int = 0, *, signed: bool = False) -> str:
    """1234.56 with 1 decimal is "1,234.6"; signed adds "+" to positive numbers; -0.04 is "0.0"."""
    x = _finite(value)
    if x is None:
        return MISSING
    decimals = max(0, int(decimals))
    text = f"{abs(x):,.{decimals}f}"
    if float(text.replace(",", "")) == 0:
        return text
    if x < 0:
        return MINUS + text
    return "+" + text if signed else text


def count(value) -> str:
    """A count: whole numbers without decimals ("405,723"), anything else with one decimal."""
    x = _finite(value)
    if x is None:
        return MISSING
    return number(x, 0 if x == int(x) else 1)


def bare(value, measure: Measure, *, signed: bool = False) -> str:
    """The number alone, scaled and rounded as the measure says, without its unit."""
    x = _finite(value)
    return MISSING if x is None else number(x * measure.scale, measure.decimals, signed=signed)


def value(value, measure: Measure) -> str:
    """A value with its unit: "11.9%", "81.8 per 10,000", "3.4"."""
    text = bare(value, measure)
    if text == MISSING:
        return text
    if measure.percentage:
        return text + "%"
    return f"{text} {measure.unit}" if measure.unit else text


def interval(lower, upper, measure: Measure, *, signed: bool = False) -> str:
    """ "50.8% to 58.7%" (percentages carry their sign on each limit; other units are said once, with
    the value)."""
    low, high = bare(lower, measure, signed=signed), bare(upper, measure, signed=signed)
    if MISSING in (low, high):
        return ""
    if measure.percentage and not signed:
        return f"{low}% to {high}%"
    return f"{low} to {high}"


def gap(value, measure: Measure) -> str:
    """A difference between two values: signed, in percentage points for percentages ("+3.2
    percentage points"), otherwise in the measure's unit ("+59.2 per 10,000")."""
    text = bare(value, measure, signed=True)
    if text == MISSING:
        return text
    if measure.percentage:
        return f"{text} percentage point" + ("" if text.lstrip("+" + MINUS) == "1" else "s")
    return f"{text} {measure.unit}" if measure.unit else text
