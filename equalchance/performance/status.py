"""A performance measure's status against target, its trend and direction of travel, and the feedback
measure rules: pure rules, standard library only, no Django.

The rules are those of issue 12 ("The rules as a pure module", and items 2, 4 and 6 of what users can
do) on top of the plans-performance guide, sections 6.1, 6.2 and 6.5. Where the two differ, the issue
stands. Numbers may be ints, floats, Decimals or Fractions; a float is read as the decimal it prints as
(61.75, not 61.74999999999999...), so that a value typed exactly at a tolerance or threshold is judged as
the person meant it, and every comparison is exact.

Status against target (``measure_status``), guide 6.1, first rule that applies wins:

1. **no data**: no actual value (``actual=None``). This wins over everything, data-only included: a
   data-only measure with no value is still missing its data, and guide 6.4 lists "data overdue" for it.
2. **data only**: the measure is data-only, or its polarity is ``none`` (even with a target: with no
   better direction there is nothing to judge a value against the target by), or it has no target for
   the period (``higher_better`` and ``lower_better``) or no range (``in_range`` with neither bound).
   Variance and percent of target are still given whenever there is an actual and a target other than
   0: they are facts about the numbers, and the state says whether they are judged.
3. **green**: on or better than the target (``higher_better``: actual >= target; ``lower_better``:
   actual <= target; ``in_range``: low <= actual <= high). The tolerance never matters here.
4. **amber**: worse than the target by no more than the tolerance (exactly at the tolerance is amber).
   A relative tolerance is a share of the size of the target (tolerance x |target|); an absolute one is
   in the measure's units (percentage points for a percentage). With a tolerance of 0, or a relative
   tolerance around a target of 0 (issue: no amber band), there is no amber: only green and red.
5. **red**: everything else.

Decisions where the issue and guide leave a case open (the tests pin each):

- Negative targets: the relative band is measured on the target's size, so a ``higher_better`` target
  of -10 with 5% is amber from -10.5 up to -10 (the guide's T x (1 - tolerance) would put the band on
  the wrong side). ``variance`` keeps the issue's formula (actual - target) / target, so with a negative
  target its sign is the opposite of the difference's; the reason says above or below in words.
- ``in_range``: the status comes from ``range_low`` / ``range_high`` (a target, if given, only gives a
  variance); the tolerance is always absolute, in the measure's units, whatever ``tolerance_type`` says
  (so the default 0.05 is 0.05 units). One bound alone leaves the range open on the other side.
- ``variance`` and ``percent_of_target`` are ``None`` without a target, without an actual, and when the
  target is 0 (division by 0); any figure too large to hold as a float (a target a hair from 0, such
  as 1e-300) is ``None`` rather than an error.
- Percentages (``is_percentage=True``) say differences in percentage points, never per cent, and give
  a relative tolerance in percentage points too.

The year-end forecast status (``forecast_status``) is the same rules applied to the forecast outturn
against the annual target (guide 6.1). A cumulative (year-to-date) measure passes its profiled
year-to-date target to ``measure_status``; profiling is the caller's.

Direction of travel (``direction_of_travel``), guide 6.2: the change from the previous value (or the
same period last year, as the caller chooses) is improving / worsening by polarity, or increasing /
decreasing with polarity ``none``, when its size is more than ``threshold``; otherwise no change. For
``in_range`` the change is in the distance from the range: moving towards it (or into it) by more than
the threshold is improving, away from it is worsening, and moving about inside it is no change (so
``in_range`` needs its range here, or the call is refused). A missing value on either side gives
``None``: no direction can be said.

Against forecast (``against_forecast``), guide 6.2, the status of measures and indicators with no
target (seed 000: "the direction of travel ... and not progress against set targets"): better or worse
than forecast when better or worse by more than the threshold, else in line with it; above or below the
forecast with polarity ``none``. Change from baseline (``change_from_baseline``): current - baseline
and (current - baseline) / baseline against the declared baseline, the relative change ``None`` when
the baseline is 0 (the reason then gives the absolute change only), with its direction of travel.

Current trend (``current_trend``), guide 6.2 (Clear Impact's column): the direction ``up`` / ``down`` /
``flat`` of the most recent change and the number of consecutive most recent changes in that same
direction. A change within the threshold or a missing value ends a run; a missing latest or previous
value, a most recent change within the threshold, or fewer than two values give ``("flat", 0)``. The
pair also carries ``judgement``, the direction of travel of the most recent change (the arrow's colour).

Seed 001's trajectory (``area_trajectory``), "firstly not worsen, secondly stabilise and then finally
improve", over the directions of travel between consecutive values:

- **improving**: the most recent change is improving;
- **worsening**: the most recent change is worsening, or it is no change straight after a worsening
  (one steady period after a fall does not yet show the fall has stopped);
- **stabilised**: the last two changes are no change, or an improvement followed by no change: no
  worsening in either of the last two and no improvement in the latest (guide 6.2: "no change for the
  last 2 comparisons"). An area that never worsened and holds steady is stabilised too: the board's
  question, "has it stopped getting worse?", has the same answer.
- ``None`` when it cannot be said: fewer than two values, a missing latest or previous value, a single
  no-change with nothing known before it, or polarity ``none``.

Feedback (guide 5 and 6.5): ``percent_positive`` suppresses the percentage below 5 responses and marks a
low base below 30 (a suppressed result is a low base too). ``feedback_direction`` calls a change in the
percentage positive improving or worsening only when the two periods' 95% Wilson score intervals do not
overlap (guide 6.2: "non-overlapping 95% intervals"); otherwise no significant change. The test is
applied at every n: on a large n the intervals are narrow and a real change shows, on a small n it keeps
a board from chasing noise. Non-overlap is stricter than a two-proportion test at 95% (it errs towards
"no significant change"), which is the side to err on before telling a board a service got worse or
better. A period whose percentage is suppressed (fewer than 5 responses) gives ``None``: a direction
would disclose what suppression hides.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from math import isfinite, sqrt
from numbers import Rational, Real
from statistics import NormalDist
from types import MappingProxyType

# Guide 6.1: the default tolerance, 5% of the target (Chorley).
DEFAULT_TOLERANCE = 0.05
# Guide 5 and 6.5: suppress the percentage below this many responses; "low base" below the second.
SUPPRESS_BELOW = 5
LOW_BASE_BELOW = 30
# Guide 6.2: significance by non-overlapping intervals at this confidence.
SIGNIFICANCE_CONFIDENCE = 0.95
# Seed 001 (guide 6.2): a stabilised area has this many most recent changes with no worsening.
STABILISED_CHANGES = 2
# Reasons show values to this many decimal places unless the measure says (``decimals``), and relative
# differences to one; more places are shown only where fewer would blur a boundary.
VALUE_PLACES = 2
RELATIVE_PLACES = 1
_MOST_PLACES = 10
_SETTING_PLACES = 6
MINUS = "−"  # a true minus sign in reasons, as on the scorecard pages (indicators.numbers)


class Polarity(StrEnum):
    HIGHER_BETTER = "higher_better"
    LOWER_BETTER = "lower_better"
    IN_RANGE = "in_range"
    NONE = "none"


class ToleranceType(StrEnum):
    RELATIVE = "relative"
    ABSOLUTE = "absolute"


class State(StrEnum):
    NO_DATA = "no_data"
    DATA_ONLY = "data_only"
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class Direction(StrEnum):
    """Direction of travel: the first three with a polarity, the last three without."""

    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_CHANGE = "no_change"
    INCREASING = "increasing"
    DECREASING = "decreasing"


class Trend(StrEnum):
    UP = "up"
    DOWN = "down"
    FLAT = "flat"


class Trajectory(StrEnum):
    """Seed 001: "firstly not worsen, secondly stabilise and then finally improve"."""

    WORSENING = "worsening"
    STABILISED = "stabilised"
    IMPROVING = "improving"


class AgainstForecast(StrEnum):
    """Guide 6.2, turning the curve; above and below for a measure with no better direction."""

    BETTER = "better_than_forecast"
    WORSE = "worse_than_forecast"
    IN_LINE = "in_line_with_forecast"
    ABOVE = "above_forecast"
    BELOW = "below_forecast"


class FeedbackDirection(StrEnum):
    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_SIGNIFICANT_CHANGE = "no_significant_change"


STATE_LABELS = MappingProxyType(
    {
        State.NO_DATA: "No data",
        State.DATA_ONLY: "Data only",
        State.GREEN: "Green",
        State.AMBER: "Amber",
        State.RED: "Red",
    }
)
POLARITY_WORDS = MappingProxyType(
    {
        Polarity.HIGHER_BETTER: "higher is better",
        Polarity.LOWER_BETTER: "lower is better",
        Polarity.IN_RANGE: "within the range is better",
        Polarity.NONE: "no better direction",
    }
)
_WORDS = MappingProxyType(
    {
        Direction.IMPROVING: "improving",
        Direction.WORSENING: "worsening",
        Direction.NO_CHANGE: "no change",
        Direction.INCREASING: "increasing",
        Direction.DECREASING: "decreasing",
    }
)


class MeasureStatusError(ValueError):
    """An input the rules cannot judge; the message names the input and the value."""


@dataclass(frozen=True, slots=True)
class MeasureStatus:
    """What the rules say about one value against its target (guide 6.1).

    ``variance`` is (actual - target) / target and ``percent_of_target`` actual / target x 100 (Clear
    Impact), both ``None`` without an actual or target or when the target is 0. ``difference`` is
    actual - target (percentage points for a percentage), ``None`` without a target.
    ``outside_range_by`` is how far an ``in_range`` value lies outside its range (0 within it).
    ``reason`` is one sentence a board member understands."""

    state: State
    variance: float | None
    percent_of_target: float | None
    difference: float | None
    polarity: Polarity
    outside_range_by: float | None = None
    # "target" or "range" when a measure judged against one has none for the period: its state is
    # data only, but a report says "No target", not "Data only", which names a kind of measure.
    missing: str = ""
    # The reason is put into words when it is first read: a page judges hundreds of measures and reads
    # the reasons of the few it lists.
    words: Callable[[], str] = field(default=str, repr=False, compare=False)
    _said: list = field(default_factory=list, init=False, repr=False, compare=False)

    @property
    def reason(self) -> str:
        if not self._said:
            self._said.append(_sentence(self.words()))
        return self._said[0]

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    def __eq__(self, other) -> bool:  # the reason too, though it is worked out only when read
        if other.__class__ is not self.__class__:
            return NotImplemented
        compared = (f.name for f in fields(self) if f.compare)
        return all(getattr(self, name) == getattr(other, name) for name in compared) and (
            self.reason == other.reason
        )

    __hash__ = None  # equal statuses are compared by their reasons, which a hash would have to work out


class CurrentTrend(tuple):
    """The pair ``(direction, run_length)`` the issue asks for; it also carries ``judgement``, the
    direction of travel of the most recent change by polarity (``None`` when there is none), for the
    arrow's colour. Equal to the plain pair: ``current_trend(...) == ("up", 3)``."""

    def __new__(cls, direction: Trend, run_length: int, judgement: Direction | None):
        trend = super().__new__(cls, (Trend(direction), run_length))
        trend.__dict__["judgement"] = judgement
        return trend

    @property
    def direction(self) -> Trend:
        return self[0]

    @property
    def run_length(self) -> int:
        return self[1]

    def __setattr__(self, name, value):
        raise AttributeError("a current trend cannot be changed")

    def __repr__(self) -> str:
        return f"CurrentTrend({self[0]!r}, {self[1]!r}, judgement={self.judgement!r})"


@dataclass(frozen=True, slots=True)
class BaselineChange:
    """Change from the declared baseline (guide 6.2). ``change`` is current - baseline (percentage
    points for a percentage); ``relative_change`` (current - baseline) / baseline, ``None`` when the
    baseline is 0 (the absolute change is shown instead). All ``None`` when a value is missing."""

    change: float | None
    relative_change: float | None
    direction: Direction | None
    reason: str


@dataclass(frozen=True, slots=True)
class PercentPositive:
    """A feedback measure's value for one period (guide 5 and 6.5). ``value`` is the percentage
    positive, ``None`` when suppressed; ``n`` the responses, shown every time; ``response_rate`` the
    percentage of those invited who responded, when invitations are logged. The number of positive
    answers is deliberately not kept, so that a suppressed value cannot leak through it."""

    value: float | None
    n: int
    suppressed: bool
    low_base: bool
    response_rate: float | None
    label: str


# --- Checking input ---------------------------------------------------------------------------------


def _choice(name: str, value, kind: type[StrEnum]) -> StrEnum:
    member = kind._value2member_map_.get(value) if isinstance(value, str) else None
    if member is not None:  # a dict lookup: pages judge hundreds of measures, each many times
        return member
    names = ", ".join(str(member) for member in kind)
    raise MeasureStatusError(f"Unknown {name} {value!r}: expected one of {names}")


def _checked(name: str, value, *, optional: bool = True):
    """The value itself once it is known to be a finite number (or None, when that is allowed)."""
    if value is None and optional:
        return None
    if type(value) is int or type(value) is Fraction or type(value) is float and isfinite(value):
        return value  # the common cases, quickly
    if isinstance(value, bool) or not isinstance(value, (Real, Decimal)):
        raise MeasureStatusError(f"{name} must be a number, not {value!r}")
    finite = value.is_finite() if isinstance(value, Decimal) else isfinite(value)
    if not finite:
        raise MeasureStatusError(f"{name} must be a finite number, not {value!r}")
    return value


def _exact(value) -> Fraction | None:
    """A checked number as an exact fraction; a float as the decimal it prints as."""
    if value is None or type(value) is Fraction:
        return value
    if isinstance(value, (Rational, Decimal)):
        return Fraction(value)
    if type(value) is float and value.is_integer():  # the default 0.0 threshold, without parsing text
        return Fraction(int(value))
    return Fraction(repr(float(value)))


def _number(name: str, value, *, optional: bool = True) -> Fraction | None:
    return _exact(_checked(name, value, optional=optional))


def _float(value: Fraction) -> float | None:
    """An exact result as a float; None when it is too large for one (a target a hair from 0)."""
    try:
        return float(value)
    except OverflowError:
        return None


def _not_negative(name: str, value) -> Fraction:
    number = _number(name, value, optional=False)
    if number < 0:
        raise MeasureStatusError(f"{name} must be 0 or more, not {value!r}")
    return number


def _flag(name: str, value) -> bool:
    if not isinstance(value, bool):
        raise MeasureStatusError(f"{name} must be True or False, not {value!r}")
    return value


def _decimals(value) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 6:
        raise MeasureStatusError(f"decimals must be a whole number from 0 to 6, not {value!r}")
    return value


def _count(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise MeasureStatusError(f"{name} must be a whole number of 0 or more, not {value!r}")
    return value


def _range(range_low, range_high) -> tuple[Fraction | None, Fraction | None]:
    low = _number("range_low", range_low)
    high = _number("range_high", range_high)
    if low is not None and high is not None and low > high:
        raise MeasureStatusError(
            f"range_low ({range_low!r}) must not be greater than range_high ({range_high!r})"
        )
    return low, high


def _needs_range(polarity: Polarity, low, high) -> None:
    if polarity == Polarity.IN_RANGE and low is None and high is None:
        raise MeasureStatusError(
            "an in_range measure needs range_low or range_high to say which way is better"
        )


# --- Saying numbers ---------------------------------------------------------------------------------


def _sign(value: Fraction) -> int:
    return (value > 0) - (value < 0)


def _scaled(value: Fraction, places: int) -> int:
    """``value`` x 10^places, rounded half up (away from zero) to a whole number."""
    numerator, denominator = abs(value.numerator) * 10**places, value.denominator
    magnitude = (2 * numerator + denominator) // (2 * denominator)
    return magnitude if value >= 0 else -magnitude


def _places_for(value: Fraction, places: int, apart: Iterable[Fraction]) -> int:
    """The places `_shown` shows ``value`` to: ``places``, or more to keep it apart from ``apart``."""
    if 10**places % value.denominator:  # not exact at this many places: rounding could blur a boundary
        apart = [a for a in apart if a is not None]
        while places < _MOST_PLACES:
            rounded = Fraction(_scaled(value, places), 10**places)
            if all(_sign(rounded - a) == _sign(value - a) for a in apart):
                break
            places += 1
    return places


def _rounded(value: Fraction, places: int, apart: Iterable[Fraction] = ()) -> Fraction:
    """``value`` as `_shown` shows it, as a number."""
    places = _places_for(value, places, apart)
    return Fraction(_scaled(value, places), 10**places)


def _shown(value: Fraction, places: int, *, fixed: bool = False, apart: Iterable[Fraction] = ()) -> str:
    """``value`` rounded half up to ``places`` (trailing zeros dropped unless ``fixed``), with more
    places where fewer would put it on the other side of, or on, one of ``apart`` (a difference just
    outside a tolerance is never shown equal to it; a tiny difference never as 0)."""
    places = _places_for(value, places, apart)
    scaled = _scaled(value, places)
    whole, part = divmod(abs(scaled), 10**places)
    text = f"{MINUS if scaled < 0 else ''}{whole:,}"
    digits = f"{part:0{places}d}" if places else ""
    if not fixed:
        digits = digits.rstrip("0")
    return f"{text}.{digits}" if digits else text


@dataclass(frozen=True, slots=True)
class _Say:
    is_percentage: bool
    decimals: int | None
    at_least: int = 0  # places for a measure that sets no decimals: as finely as its tolerance is set

    @property
    def places(self) -> int:
        # A measure that sets its decimals has its amounts shown to them too, so "24.6 percentage points"
        # stands beside "72.3%" (`apart` adds a place only where rounding would carry an amount across 0
        # or the tolerance); the tolerance itself is always shown as set.
        return max(VALUE_PLACES, self.at_least) if self.decimals is None else self.decimals

    def value(self, value: Fraction, *, apart=()) -> str:
        fixed = self.decimals is not None
        text = _shown(value, self.decimals if fixed else self.places, fixed=fixed, apart=apart)
        return f"{text}%" if self.is_percentage else text

    def between(self, a: Fraction, b: Fraction, *, apart_a=(), apart_b=()) -> Fraction:
        """How far apart ``a`` and ``b`` are as `value` shows them (with the same ``apart``): the
        difference a reader works out from the figures on the page. A measure of one decimal at 83.75%
        against 90% shows "83.8%" and "90.0%", so "6.2 percentage points", not 6.25's "6.3" (probes 6
        and 7); the status is judged on the exact values all the same."""
        places = self.decimals if self.decimals is not None else self.places
        return abs(_rounded(a, places, apart_a) - _rounded(b, places, apart_b))

    def amount(self, value: Fraction, *, apart=(), setting: bool = False, exact: bool = False) -> str:
        """A difference, always positive: in percentage points for a percentage. A ``setting`` (a
        tolerance, or the band it makes) is shown as set, to up to six places, never rounded off; an
        ``exact`` one (`between`) to every place it has."""
        if exact:
            places = self.places
            while 10**places % value.denominator and places < _MOST_PLACES:
                places += 1
            text = _shown(value, places)
        else:
            text = _shown(value, _SETTING_PLACES if setting else self.places, apart=apart)
        if not self.is_percentage:
            return text
        return f"{text} percentage point" + ("" if text == "1" else "s")


def _places_of(value: Fraction) -> int:
    """How many decimal places show ``value`` exactly (at most the places a setting is shown to)."""
    places = 0
    while places < _SETTING_PLACES and 10**places % value.denominator:
        places += 1
    return places


def _setting_percent(value: Fraction) -> str:
    """A relative tolerance as a percentage, as set (0.0525 is 5.25)."""
    return _shown(value * 100, _SETTING_PLACES)


def _relative(value: Fraction, *, apart=()) -> str:
    return _shown(value * 100, RELATIVE_PLACES, apart=[a * 100 for a in apart if a is not None])


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:]


# --- Status against target (guide 6.1) -------------------------------------------------------------


def measure_status(
    *,
    actual,
    target=None,
    polarity: str,
    tolerance=DEFAULT_TOLERANCE,
    tolerance_type: str = "relative",
    data_only: bool = False,
    range_low=None,
    range_high=None,
    is_percentage: bool = False,
    decimals: int | None = None,
) -> MeasureStatus:
    """The status of one value against its target or range (see the module text for every rule)."""
    polarity = _choice("polarity", polarity, Polarity)
    tolerance_type = _choice("tolerance type", tolerance_type, ToleranceType)
    tau = _not_negative("tolerance", tolerance)
    data_only = _flag("data_only", data_only)
    say = _Say(_flag("is_percentage", is_percentage), _decimals(decimals))
    a = _number("actual", actual)
    t = _number("target", target)
    low, high = _range(range_low, range_high)

    variance = percent = difference = outside = None
    if a is not None and t is not None:
        difference = _float(a - t)
        if t != 0:
            variance = _float((a - t) / t)
            percent = _float(a / t * 100)
    if a is not None and polarity == Polarity.IN_RANGE and (low is not None or high is not None):
        outside = _float(_distance(a, low, high))

    def result(state: State, words: Callable[[], str], missing: str = "") -> MeasureStatus:
        return MeasureStatus(
            state=state,
            missing=missing,
            variance=variance,
            percent_of_target=percent,
            difference=difference,
            polarity=polarity,
            outside_range_by=outside,
            words=words,
        )

    def shown() -> str:
        return say.value(a, apart=[t, low, high])

    if a is None:
        return result(State.NO_DATA, lambda: "No value for this period: no data.")
    if data_only:
        return result(
            State.DATA_ONLY,
            lambda: f"{shown()} recorded for a data-only measure, not judged against a target: data only.",
        )
    if polarity == Polarity.NONE:

        def against() -> str:
            return f"against a target of {say.value(t, apart=[a])}, but" if t is not None else "recorded;"

        return result(
            State.DATA_ONLY,
            lambda: (
                f"{shown()} {against()} the measure has no better direction, so it is not judged against "
                "a target: data only."
            ),
        )
    if polarity == Polarity.IN_RANGE:
        if low is None and high is None:
            return result(
                State.DATA_ONLY,
                lambda: f"{shown()} with no range set, so no status against a range: data only.",
                "range",
            )
        return result(*_in_range(a, low, high, tau, say))
    if t is None:
        return result(
            State.DATA_ONLY,
            lambda: f"{shown()} with no target for this period, so no status against target: data only.",
            "target",
        )
    return result(*_against_target(a, t, polarity, tau, tolerance_type, say))


def _against_target(a, t, polarity, tau, tolerance_type, say: _Say) -> tuple[State, Callable[[], str]]:
    """The state, and how to say why (in words only when asked)."""
    gain = a - t if polarity == Polarity.HIGHER_BETTER else t - a  # more than 0: better than target
    relative = tolerance_type == ToleranceType.RELATIVE
    band = tau * abs(t) if relative else tau
    say = replace(say, at_least=_places_of(band))
    apart_a, apart_t = [t, t - band, t + band], [a]

    def head() -> str:
        value = say.value(a, apart=apart_a)
        return f"{value} against a target of {say.value(t, apart=apart_t)} ({POLARITY_WORDS[polarity]})"

    if gain == 0:
        return State.GREEN, lambda: f"{head()}: on target: green."

    def said() -> str:
        where = "above" if a > t else "below"
        size = say.between(a, t, apart_a=apart_a, apart_b=apart_t)
        relative_text = ""
        if t != 0 and not say.is_percentage:
            share = _relative(abs(a - t) / abs(t), apart=[0, tau if relative else None])
            relative_text = f" ({share}% {where} it)"
        return f"{head()}: {say.amount(size, exact=True)} {where} target{relative_text}"

    if gain > 0:
        return State.GREEN, lambda: f"{said()}, better than the target: green."
    if relative and t == 0:
        return State.RED, lambda: f"{said()}; a tolerance relative to a target of 0 gives no amber band: red."
    if tau == 0:
        return State.RED, lambda: f"{said()}, with no tolerance: red."

    def clause() -> str:
        if relative and say.is_percentage:
            return (
                f"the tolerance of {_setting_percent(tau)}% of the target ({say.amount(band, setting=True)})"
            )
        if relative:
            return f"the {_setting_percent(tau)}% tolerance"
        return f"the tolerance of {say.amount(tau, setting=True)}"

    if -gain <= band:
        return State.AMBER, lambda: f"{said()}, within {clause()}: amber."
    return State.RED, lambda: f"{said()}, outside {clause()}: red."


def _distance(a: Fraction, low: Fraction | None, high: Fraction | None) -> Fraction:
    """How far a value lies outside a range: 0 within it."""
    if low is not None and a < low:
        return low - a
    if high is not None and a > high:
        return a - high
    return Fraction(0)


def _in_range(a, low, high, tau, say: _Say) -> tuple[State, Callable[[], str]]:
    """The state against a range, and how to say why (in words only when asked)."""
    distance = _distance(a, low, high)
    nearest = low if low is not None and a < low else high if high is not None and a > high else a
    edges = [edge for bound in (low, high) if bound is not None for edge in (bound - tau, bound, bound + tau)]
    say = replace(say, at_least=_places_of(tau))

    def head() -> str:
        if low is not None and high is not None:
            bounds = f"a range of {say.value(low)} to {say.value(high)}"
        elif low is not None:
            bounds = f"a range of {say.value(low)} or more"
        else:
            bounds = f"a range of {say.value(high)} or less"
        return f"{say.value(a, apart=edges)} against {bounds}"

    if distance == 0:
        return State.GREEN, lambda: f"{head()}: within the range: green."

    def said() -> str:
        where = "below" if low is not None and a < low else "above"
        return f"{head()}: {say.amount(say.between(a, nearest, apart_a=edges), exact=True)} {where} the range"

    if tau == 0:
        return State.RED, lambda: f"{said()}, with no tolerance: red."
    if distance <= tau:
        return (
            State.AMBER,
            lambda: f"{said()}, within the tolerance of {say.amount(tau, setting=True)}: amber.",
        )
    return State.RED, lambda: f"{said()}, outside the tolerance of {say.amount(tau, setting=True)}: red."


def forecast_status(
    *,
    forecast,
    target=None,
    polarity: str,
    tolerance=DEFAULT_TOLERANCE,
    tolerance_type: str = "relative",
    data_only: bool = False,
    range_low=None,
    range_high=None,
    is_percentage: bool = False,
    decimals: int | None = None,
) -> MeasureStatus:
    """The year-end forecast status (guide 6.1): the same rules as ``measure_status`` applied to the
    forecast outturn against the annual target, shown beside the current status."""
    status = measure_status(
        actual=forecast,
        target=target,
        polarity=polarity,
        tolerance=tolerance,
        tolerance_type=tolerance_type,
        data_only=data_only,
        range_low=range_low,
        range_high=range_high,
        is_percentage=is_percentage,
        decimals=decimals,
    )
    if status.state == State.NO_DATA:
        return replace(status, words=lambda: "No forecast for the year end: no data.")
    return replace(status, words=lambda: f"Forecast for the year end: {status.reason}")


# --- Direction of travel, against forecast, baseline (guide 6.2) ----------------------------------


def _movement(current: Fraction, previous: Fraction, polarity: Polarity, low, high) -> Fraction:
    """The change from previous to current: better when more than 0 (with polarity), up when more than
    0 (polarity none); for in_range, how much nearer the range it came."""
    if polarity == Polarity.LOWER_BETTER:
        return previous - current
    if polarity == Polarity.IN_RANGE:
        return _distance(previous, low, high) - _distance(current, low, high)
    return current - previous


def _direction(movement: Fraction, polarity: Polarity, threshold: Fraction) -> Direction:
    if abs(movement) <= threshold:
        return Direction.NO_CHANGE
    if polarity == Polarity.NONE:
        return Direction.INCREASING if movement > 0 else Direction.DECREASING
    return Direction.IMPROVING if movement > 0 else Direction.WORSENING


def _setting(polarity, threshold, range_low, range_high):
    polarity = _choice("polarity", polarity, Polarity)
    threshold = _not_negative("threshold", threshold)
    low, high = _range(range_low, range_high)
    _needs_range(polarity, low, high)
    return polarity, threshold, low, high


def direction_of_travel(
    *, current, previous, polarity: str, threshold=0.0, range_low=None, range_high=None
) -> Direction | None:
    """Improving / worsening / no change (with polarity) or increasing / decreasing / no change (polarity
    none) from ``previous`` to ``current``; a change whose size is at most ``threshold`` is no change.
    ``None`` when either value is missing. ``in_range`` needs its range (see the module text)."""
    polarity, threshold, low, high = _setting(polarity, threshold, range_low, range_high)
    now = _number("current", current)
    before = _number("previous", previous)
    if now is None or before is None:
        return None
    return _direction(_movement(now, before, polarity, low, high), polarity, threshold)


def against_forecast(
    *, actual, forecast, polarity: str, threshold=0.0, range_low=None, range_high=None
) -> AgainstForecast | None:
    """Turning the curve (guide 6.2), the status of a measure or indicator with no target: better than
    forecast if better by more than ``threshold``, worse if worse by more, else in line; above or below
    forecast for a measure with no better direction. ``None`` when either value is missing."""
    travel = direction_of_travel(
        current=actual,
        previous=forecast,
        polarity=polarity,
        threshold=threshold,
        range_low=range_low,
        range_high=range_high,
    )
    return {
        None: None,
        Direction.IMPROVING: AgainstForecast.BETTER,
        Direction.WORSENING: AgainstForecast.WORSE,
        Direction.NO_CHANGE: AgainstForecast.IN_LINE,
        Direction.INCREASING: AgainstForecast.ABOVE,
        Direction.DECREASING: AgainstForecast.BELOW,
    }[travel]


def change_from_baseline(
    *,
    current,
    baseline,
    polarity: str,
    is_percentage: bool = False,
    threshold=0.0,
    range_low=None,
    range_high=None,
    decimals: int | None = None,
) -> BaselineChange:
    """The change from the declared baseline (guide 6.2): current - baseline, (current - baseline) /
    baseline (``None`` when the baseline is 0), and its direction of travel. The reason says up or down
    in words (percentage points for a percentage), so a negative baseline never reads backwards."""
    polarity, tau, low, high = _setting(polarity, threshold, range_low, range_high)
    say = _Say(_flag("is_percentage", is_percentage), _decimals(decimals))
    now = _number("current", current)
    base = _number("baseline", baseline)
    if base is None:
        return BaselineChange(None, None, None, "No baseline declared, so no change from it can be given.")
    if now is None:
        return BaselineChange(None, None, None, "No value for this period, so no change from the baseline.")
    change = now - base
    relative = None if base == 0 else change / base
    direction = _direction(_movement(now, base, polarity, low, high), polarity, tau)
    head = f"{say.value(now, apart=[base])} against a baseline of {say.value(base, apart=[now])}"
    if change == 0:
        said = "no change"
    else:
        said = f"{'up' if change > 0 else 'down'} {say.amount(abs(change), apart=[0, tau])}"
        if relative is not None and not say.is_percentage:
            higher = "higher" if change > 0 else "lower"
            said += f" ({_relative(abs(change / base), apart=[0])}% {higher} than the baseline)"
    # "since the baseline": beside the direction of travel (against the period before), which may differ,
    # it says what it is measured from (probe 9: "worsening" and "improving" in one box, unexplained).
    verdict = (
        ""
        if direction == Direction.NO_CHANGE and change == 0
        else f": {_WORDS[direction]} since the baseline"
    )
    return BaselineChange(
        change=_float(change),
        relative_change=None if relative is None else _float(relative),
        direction=direction,
        reason=f"{head}: {said}{verdict}.",
    )


# --- Current trend and seed 001's trajectory (guide 6.2) -------------------------------------------


class _Series:
    """Values oldest first, each checked at once and made exact only when a rule reads it (a trend
    reads back only as far as its run goes)."""

    def __init__(self, values):
        if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
            raise MeasureStatusError(
                f"values must be a list of numbers (None for a missing period), not {values!r}"
            )
        self.raw = [_checked(f"values[{i}]", value) for i, value in enumerate(values)]
        self.exact: dict[int, Fraction] = {}
        self.last = len(self.raw) - 1

    def missing(self, i: int) -> bool:
        return i < 1 or self.raw[i] is None or self.raw[i - 1] is None

    def value(self, i: int) -> Fraction:
        if i not in self.exact:
            self.exact[i] = _exact(self.raw[i])
        return self.exact[i]

    def step(self, i: int, threshold: Fraction) -> Trend | None:
        """The change into period i; None when either value is missing."""
        if self.missing(i):
            return None
        now, before = self.raw[i], self.raw[i - 1]
        if threshold == 0 and type(now) in (int, float) and type(before) in (int, float):
            # Floats keep the order of the decimals they print as, so with no threshold the comparison
            # needs no exact arithmetic (a trend over many periods is read thousands of times).
            return Trend.UP if now > before else Trend.DOWN if now < before else Trend.FLAT
        change = self.value(i) - self.value(i - 1)
        if abs(change) <= threshold:
            return Trend.FLAT
        return Trend.UP if change > 0 else Trend.DOWN

    def travel(self, i: int, polarity: Polarity, threshold: Fraction, low, high) -> Direction | None:
        """The direction of travel into period i; None when either value is missing."""
        if self.missing(i):
            return None
        movement = _movement(self.value(i), self.value(i - 1), polarity, low, high)
        return _direction(movement, polarity, threshold)


def current_trend(values, *, polarity: str, threshold=0.0, range_low=None, range_high=None) -> CurrentTrend:
    """``(direction, run_length)`` of ``values`` (oldest first, ``None`` for a missing period); see the
    module text. ``judgement`` is the most recent change's direction of travel by polarity."""
    polarity, threshold, low, high = _setting(polarity, threshold, range_low, range_high)
    series = _Series(values)
    latest = series.step(series.last, threshold)
    if latest is None:
        return CurrentTrend(Trend.FLAT, 0, None)
    judgement = series.travel(series.last, polarity, threshold, low, high)
    if latest == Trend.FLAT:
        return CurrentTrend(Trend.FLAT, 0, judgement)
    run = 0
    for i in range(series.last, 0, -1):
        if series.step(i, threshold) != latest:
            break
        run += 1
    return CurrentTrend(latest, run, judgement)


def area_trajectory(
    values, *, polarity: str, threshold=0.0, range_low=None, range_high=None
) -> Trajectory | None:
    """Seed 001's worsening / stabilised / improving over ``values`` (oldest first, ``None`` for a
    missing period); see the module text for the exact rule and when it is ``None``."""
    polarity, threshold, low, high = _setting(polarity, threshold, range_low, range_high)
    series = _Series(values)
    if polarity == Polarity.NONE:
        return None
    latest = series.travel(series.last, polarity, threshold, low, high)
    if latest == Direction.IMPROVING:
        return Trajectory.IMPROVING
    if latest == Direction.WORSENING:
        return Trajectory.WORSENING
    recent = [
        series.travel(series.last - back, polarity, threshold, low, high)
        for back in range(STABILISED_CHANGES)
    ]
    if None in recent:  # a missing value, or too few values, to show it held steady
        return None
    if Direction.WORSENING in recent:  # no change, but too soon after a worsening to call it stable
        return Trajectory.WORSENING
    return Trajectory.STABILISED


# --- Feedback (guide 5, 6.2 and 6.5) ---------------------------------------------------------------


def _counts(positive, total, *, names=("positive", "total")) -> tuple[int, int]:
    positive = _count(names[0], positive)
    total = _count(names[1], total)
    if positive > total:
        raise MeasureStatusError(
            f"{names[0]} ({positive}) cannot be more than {names[1]} ({total}): positive answers are "
            "counted among all answers"
        )
    return positive, total


def _one_place(value: float) -> str:
    """A percentage to one place, kept when 0 ("50.0%", as a feedback measure of one place shows it),
    never shown as 0 or 100 unless it is."""
    return _shown(Fraction(repr(value)), 1, fixed=True, apart=[Fraction(0), Fraction(100)])


# A day's answers to a form are unusual when there are at least BURST_LEAST of them and at least
# BURST_TIMES the form's usual day (the median of its days with answers): one place may have sent many.
BURST_LEAST = 10  # a small form's quarter is 15 or so answers: 10 in a day from one place would swamp it
BURST_TIMES = 5


def unusual_days(day_counts) -> list:
    """The days of ``day_counts`` ({day: answers}) whose count is unusual, as (day, count, usual day)
    oldest first. Nothing is known of who answered, so this flags a burst for the team to look at; it
    removes nothing."""
    counts = sorted(n for n in day_counts.values() if n > 0)
    if not counts:
        return []
    middle = len(counts) // 2
    usual = Fraction(counts[middle]) if len(counts) % 2 else Fraction(counts[middle - 1] + counts[middle], 2)
    return [
        (day, n, usual)
        for day, n in sorted(day_counts.items())
        if n >= BURST_LEAST and n >= BURST_TIMES * usual
    ]


def percent_positive(positive, total, *, invited=None) -> PercentPositive:
    """The percentage positive of ``total`` answers (neither and don't know included, guide 5),
    suppressed below 5 responses and marked low base below 30; with ``invited``, the response rate."""
    positive, total = _counts(positive, total)
    rate = None
    if invited is not None:
        invited = _count("invited", invited)
        if total > invited:
            raise MeasureStatusError(f"total ({total}) cannot be more than invited ({invited})")
        rate = 100 * total / invited if invited else None
    suppressed = total < SUPPRESS_BELOW
    low_base = total < LOW_BASE_BELOW
    value = None if suppressed else 100 * positive / total
    responses = f"{total} response" + ("" if total == 1 else "s")
    if suppressed:
        label = f"Fewer than {SUPPRESS_BELOW} responses ({responses}): not shown"
    else:
        label = f"{_one_place(value)}% positive of {responses}" + (", low base" if low_base else "")
    if rate is not None:
        label += f"; response rate {_one_place(rate)}% of {invited} invited"
    return PercentPositive(
        value=value, n=total, suppressed=suppressed, low_base=low_base, response_rate=rate, label=label
    )


def wilson_interval(positive, total, *, confidence: float = SIGNIFICANCE_CONFIDENCE) -> tuple[float, float]:
    """The Wilson score interval (Wilson 1927; Newcombe 1998) for positive / total, as proportions."""
    positive, total = _counts(positive, total)
    if total == 0:
        raise MeasureStatusError("total must be more than 0 for an interval")
    if isinstance(confidence, bool) or not isinstance(confidence, float | int) or not 0 < confidence < 1:
        raise MeasureStatusError(f"confidence must be between 0 and 1 (for example 0.95), not {confidence!r}")
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    x, n = float(positive), float(total)
    centre = 2 * x + z * z
    spread = z * sqrt(z * z + 4 * x * (1 - x / n))
    scale = 2 * (n + z * z)
    lower = 0.0 if positive == 0 else (centre - spread) / scale
    upper = 1.0 if positive == total else (centre + spread) / scale
    return lower, upper


def feedback_direction(*, positive_now, total_now, positive_before, total_before) -> FeedbackDirection | None:
    """Improving or worsening only when the 95% Wilson intervals of the two periods do not overlap;
    otherwise no significant change. ``None`` when either period has fewer than 5 responses (its
    percentage is suppressed). A higher percentage positive is always better."""
    now = _counts(positive_now, total_now, names=("positive_now", "total_now"))
    before = _counts(positive_before, total_before, names=("positive_before", "total_before"))
    if now[1] < SUPPRESS_BELOW or before[1] < SUPPRESS_BELOW:
        return None
    now_low, now_high = wilson_interval(*now)
    before_low, before_high = wilson_interval(*before)
    if now_low > before_high:
        return FeedbackDirection.IMPROVING
    if now_high < before_low:
        return FeedbackDirection.WORSENING
    return FeedbackDirection.NO_SIGNIFICANT_CHANGE
