"""Where a measure stands: its latest due period judged by the status rules, its year-end forecast, its
trend and the reasons it belongs on the exception report. Pure: standard library and the other pure
modules only, no Django.

The caller (``selectors``) gives the measure's settings and its series: every period from the first it
has anything for up to the latest period whose data is due by today (or later, when a value for a later
period is already approved), oldest first, each with its approved value (``None`` when there is none),
its target and its forecast. Decisions the issue and the guide leave open, each pinned by a test in
``tests/test_standing.py``:

- **The current period** is the last of the series. When it has no approved value its data is overdue
  (its due date has passed, or it would not be in the series), so its status is "no data" (guide 6.1,
  rule 1), whatever earlier periods said. The latest value the board knows is given beside it.
- **Direction of travel** compares the current period with the one before it. A missing value on
  either side gives no direction, as a missing period ends a trend's run (guide 6.2).
- **The year's target** is the target set for the last period of the reporting year. For a cumulative
  (year-to-date) measure that is the annual target; for any other measure it is the level the year
  should end at. Guide 6.1: a cumulative measure compares its year-to-date actual with the profiled
  year-to-date target, which is the target set for that period, so profiling is whoever sets targets.
- **The year-end forecast**, first that applies: the year's last period has an approved value (the
  outturn is known); a forecast is recorded for that period (by hand or a linear trend); a cumulative
  measure's latest year-to-date value this year scaled up at its rate so far (straight line: value x
  periods in the year / periods elapsed); otherwise a least-squares line through the latest approved
  values (at most ``TREND_POINTS``, at least two, of any year) carried to the year's last period. With
  none of these, no forecast; nor for a measure fed by feedback, whose results are samples of a few
  answers (a line through them would be noise). ``projection`` is this rule; "Draw the trend as the
  forecast" records the same line, so a recorded trend and the page's worked-out forecast never disagree.
- **A worsening run** is the number of consecutive most recent changes that are worsening by polarity
  (guide 6.4, exception 3, needs three or more). Unlike ``current_trend``'s up/down run it is judged by
  polarity, so a measure kept within a range counts moves away from the range.
- **A withheld feedback result** (fewer responses than status.SUPPRESS_BELOW) is no data, but not
  overdue: nothing is missing that anyone could enter.
- **Exceptions** (guide 6.4, the measure rules 1-5 and 8), in that order: red; amber and worsening;
  a worsening run of three or more; worse than forecast; neglected (red or amber, or a worsening run,
  with no live action linked); data overdue (saying so when a value for the period is entered but not
  yet approved: it is not judged until it is).
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from fractions import Fraction
from functools import cached_property

from equalchance.performance import periods
from equalchance.performance import status as rules

WORSENING_RUN_LISTED = 3  # guide 6.4, exception 3
TREND_POINTS = 8  # a linear trend is drawn through at most this many most recent values


@dataclass(frozen=True)
class Settings:
    """The measure's settings the rules need (the model's fields, as plain values)."""

    polarity: str
    tolerance: object = rules.DEFAULT_TOLERANCE
    tolerance_type: str = "relative"
    data_only: bool = False
    range_low: object = None
    range_high: object = None
    is_percentage: bool = False
    decimals: int | None = None
    cumulative: bool = False
    frequency: str = periods.Frequency.QUARTERLY
    calendar: str = periods.YearCalendar.FINANCIAL
    data_lag_days: int = 0
    defined_on: date | None = None  # a period due before it is not overdue (`periods.Period.owed`)
    # A feedback measure: a change is improving or worsening only when significant (guide 6.2, 6.5).
    significance: bool = False

    @property
    def judged_by_direction(self) -> bool:
        """Whether a direction can be said: an in-range measure needs a range to move towards."""
        return self.polarity != "in_range" or self.range_low is not None or self.range_high is not None

    def _judging(self) -> dict:
        return {
            "polarity": self.polarity,
            "tolerance": self.tolerance,
            "tolerance_type": self.tolerance_type,
            "data_only": self.data_only,
            "range_low": self.range_low,
            "range_high": self.range_high,
            "is_percentage": self.is_percentage,
            "decimals": self.decimals,
        }

    def status(self, actual, target) -> rules.MeasureStatus:
        return rules.measure_status(actual=actual, target=target, **self._judging())

    def forecast_status(self, forecast, target) -> rules.MeasureStatus:
        return rules.forecast_status(forecast=forecast, target=target, **self._judging())

    def travel(self, now: "Point", before: "Point"):
        """The direction of travel from one period to the next: by the values, or for a feedback measure
        by its counts, improving or worsening only when the change is significant."""
        if not self.significance:
            return self.direction(now.actual, before.actual)
        if now.actual is None or before.actual is None or now.counts is None or before.counts is None:
            return None
        return rules.feedback_direction(
            positive_now=now.counts[0],
            total_now=now.counts[1],
            positive_before=before.counts[0],
            total_before=before.counts[1],
        )

    def direction(self, current, previous) -> rules.Direction | None:
        if not self.judged_by_direction:
            return None
        return rules.direction_of_travel(
            current=current,
            previous=previous,
            polarity=self.polarity,
            range_low=self.range_low,
            range_high=self.range_high,
        )


@dataclass(frozen=True)
class Point:
    """One period of a measure: its approved value, target and forecast (each ``None`` if there is none)."""

    period: periods.Period
    actual: object = None
    target: object = None
    forecast: object = None
    suppressed: bool = False  # a feedback result of too few responses to show: not missing, withheld
    counts: tuple[int, int] | None = None  # a feedback result's (positive, answered)
    waiting: str = ""  # a value entered for the period but not approved: "draft", "submitted", "returned"


@dataclass(frozen=True)
class Movement:
    """How a measure has moved over its series: its current trend, seed 001's trajectory and its change
    from baseline (each ``None`` but the trend when it cannot be said)."""

    trend: rules.CurrentTrend
    trajectory: rules.Trajectory | None
    baseline_change: rules.BaselineChange | None


STILL = Movement(rules.CurrentTrend("flat", 0, None), None, None)


@dataclass
class Standing:
    """Where a measure stands at its current period; every field is ``None`` when it cannot be said."""

    current: Point | None
    status: rules.MeasureStatus
    latest: Point | None  # the latest period with an approved value
    direction: rules.Direction | None
    worsening_run: int
    against_forecast: rules.AgainstForecast | None
    year: str | None  # the reporting year of the current period, as people write it
    year_end_label: str | None  # its last period ("Q4 2026/27"), which the year-end forecast is of
    year_target: object
    year_forecast: object
    year_forecast_how: str
    forecast_status: rules.MeasureStatus | None
    overdue_since: date | None  # the due date of the current period when its value is missing
    exceptions: list[tuple[str, str]] = field(default_factory=list)
    # Worked out when first read (`moved`): the exception report judges hundreds of measures and shows
    # none of these.
    movement: Callable[[], Movement] = field(default=lambda: STILL, repr=False, compare=False)

    @cached_property
    def moved(self) -> Movement:
        return self.movement()

    @property
    def trend(self) -> rules.CurrentTrend:
        return self.moved.trend

    @property
    def trajectory(self) -> rules.Trajectory | None:
        return self.moved.trajectory

    @property
    def baseline_change(self) -> rules.BaselineChange | None:
        return self.moved.baseline_change

    def __eq__(self, other) -> bool:  # the movement too, though it is worked out only when read
        if other.__class__ is not self.__class__:
            return NotImplemented
        compared = (f.name for f in fields(self) if f.compare)
        return all(getattr(self, name) == getattr(other, name) for name in compared) and (
            self.moved == other.moved
        )

    __hash__ = None

    @property
    def year_forecast_projected(self) -> bool:
        """The year-end forecast is worked out here from the latest values (not recorded, not the
        outturn), so the forecasts recorded per period do not hold it."""
        return self.year_forecast is not None and self.year_forecast_how in PROJECTED


_exact = rules._exact  # a number as an exact fraction, a float as the decimal it prints as (one rule)


def _exact_point(point: Point) -> Point:
    return Point(
        point.period,
        _exact(point.actual),
        _exact(point.target),
        _exact(point.forecast),
        point.suppressed,
        point.counts,
        point.waiting,
    )


def worsening_run(values: Sequence, settings: Settings) -> int:
    """How many of the most recent changes in a row are worsening by polarity (a gap ends the run).
    ``values`` are numbers, or Points (a feedback measure's, judged by significance)."""
    points = [v if isinstance(v, Point) else Point(None, v) for v in values]
    run = 0
    for i in range(len(points) - 1, 0, -1):
        if points[i].actual is None or points[i - 1].actual is None:
            break
        if settings.travel(points[i], points[i - 1]) != rules.Direction.WORSENING:
            break
        run += 1
    return run


def linear_trend(points: Sequence[tuple[int, object]], at: Sequence[int]) -> list[Fraction] | None:
    """The least-squares straight line through ``(x, y)`` points, read off at each ``x`` in ``at``,
    exactly. ``None`` with fewer than two distinct ``x``."""
    xs = [Fraction(x) for x, _ in points]
    ys = [_exact(y) for _, y in points]
    if len(set(xs)) < 2:
        return None
    # The sums in whole numbers over common denominators, then one exact division: the same line as
    # sum((x - mean_x) * (y - mean_y)) / sum((x - mean_x) ** 2), without a Fraction for every term
    # (pages work out hundreds of these).
    dx, dy = math.lcm(*(x.denominator for x in xs)), math.lcm(*(y.denominator for y in ys))
    big_x = [x.numerator * (dx // x.denominator) for x in xs]
    big_y = [y.numerator * (dy // y.denominator) for y in ys]
    n, sx, sy = len(xs), sum(big_x), sum(big_y)
    sxy = sum(a * b for a, b in zip(big_x, big_y, strict=True))
    sxx = sum(a * a for a in big_x)
    slope = Fraction(n * sxy - sx * sy, n * sxx - sx * sx) * Fraction(dx, dy)
    mean_x, mean_y = Fraction(sx, n * dx), Fraction(sy, n * dy)
    return [mean_y + slope * (Fraction(x) - mean_x) for x in at]


def projection(known: Sequence[tuple[int, object]], at: Sequence[int], *, cumulative: bool):
    """Where the curve is heading if nothing changes, read off at each ``x`` in ``at``, exactly; ``None``
    when it cannot be drawn. ``known``: (x, approved value) oldest first, x counting periods. A cumulative
    (year-to-date) measure carries its latest value on at its rate so far (``known`` is this year's, x
    from 0 at the year's first period); any other measure follows the least-squares line through its
    latest ``TREND_POINTS`` values."""
    if not known:
        return None
    if cumulative:
        elapsed, latest = known[-1]
        return [_exact(latest) * (x + 1) / (elapsed + 1) for x in at]
    return linear_trend(known[-TREND_POINTS:], at)


# How a year-end forecast was made (said on the pages after "from"). The last two are worked out here,
# not recorded, so a chart draws them itself (`PROJECTED`).
YEAR_OUTTURN = "the year's outturn"
YEAR_RECORDED = "the forecast recorded for the year's last period"
YEAR_AT_RATE = "the year to date at its rate so far"
YEAR_LINE = f"a straight line through the latest values (at most {TREND_POINTS})"
PROJECTED = (YEAR_AT_RATE, YEAR_LINE)


def _year_forecast(
    series: Sequence[Point], settings: Settings, year_periods: list[periods.Period], at_end: Point | None
):
    """(forecast outturn, how it was made) for the year of the series' last period; see the module text."""
    if at_end is not None and at_end.actual is not None:
        return _exact(at_end.actual), YEAR_OUTTURN
    if at_end is not None and at_end.forecast is not None:
        return _exact(at_end.forecast), YEAR_RECORDED
    if settings.significance:  # a feedback measure's results are samples: a line through them is noise
        return None, ""
    index = {period.start: i for i, period in enumerate(year_periods)}
    if settings.cumulative:  # this year's values, counted from the year's first period
        known = [
            (index[p.period.start], p.actual)
            for p in series
            if p.actual is not None and p.period.start in index
        ]
        at, how = len(year_periods) - 1, YEAR_AT_RATE
    else:  # the series is every period, so its positions count periods; the year's end lies beyond it
        known = [(i, p.actual) for i, p in enumerate(series) if p.actual is not None]
        last = sum(1 for period in year_periods if period.start <= series[-1].period.start) - 1
        at, how = len(series) - 1 + len(year_periods) - 1 - last, YEAR_LINE
    line = projection(known, [at], cumulative=settings.cumulative)
    return (None, "") if line is None else (line[0], how)


@dataclass(frozen=True)
class Signals:
    """What the exception report reads of a measure (guide 6.4): enough to say whether, and why, it is
    listed. `Standing` has the same fields, so `exceptions` reads either."""

    current: Point | None
    status: rules.MeasureStatus
    direction: rules.Direction | None
    worsening_run: int
    against_forecast: rules.AgainstForecast | None
    overdue_since: date | None


def signals(series: Sequence[Point], settings: Settings) -> Signals:
    """The exception report's reading of the last period of ``series``. It looks back only as far as it
    needs (the latest two periods, and a worsening run back to where it ends), so a page can pass over
    the measures that are not listed cheaply; the rules read any number exactly."""
    tail = [_exact_point(p) for p in series[-2:]]  # once, not in every rule
    current = tail[-1] if tail else None
    versus = None
    if current is not None and settings.judged_by_direction:
        versus = rules.against_forecast(
            actual=current.actual,
            forecast=current.forecast,
            polarity=settings.polarity,
            range_low=settings.range_low,
            range_high=settings.range_high,
        )
    late = (
        current is not None
        and current.actual is None
        and not current.suppressed
        and current.period.owed(settings.data_lag_days, settings.defined_on)
    )
    return Signals(
        current=current,
        status=settings.status(current.actual if current else None, current.target if current else None),
        direction=settings.travel(tail[-1], tail[-2]) if len(tail) > 1 else None,
        worsening_run=worsening_run([*series[:-2], *tail], settings),
        against_forecast=versus,
        overdue_since=current.period.due(settings.data_lag_days) if late else None,
    )


def _comparable(value):
    """A number to compare exactly as the rules would (a float as the decimal it prints as); ``None``
    for a float that is not finite, which the rules refuse."""
    if isinstance(value, float):
        return _exact(value) if math.isfinite(value) else None
    return value


def passed_over(
    current: Point | None, previous: Point | None, settings: Settings, earlier: Point | None = None
) -> bool:
    """True only when `signals` would find no exception for a measure whose series ends with
    ``earlier``, ``previous``, ``current``: by comparing its latest value with its target and with the
    values before, without working out a status, a reason or a run (an exception report passes over
    hundreds of measures this way). Its latest value is on or better than target, or is not judged against
    one, so it is not red or amber; and it is no worse than the period before, or the period before was no
    worse than the one before that (``earlier``: a Point with no value where the series has none), so
    it has no worsening run of WORSENING_RUN_LISTED. False whenever in doubt: no latest value (overdue, or
    withheld), a forecast to judge against, a feedback measure (judged by significance), a measure kept
    within a range, or a change for the worse with ``earlier`` not given."""
    if current is None or current.actual is None or current.forecast is not None or settings.significance:
        return False
    if settings.polarity == rules.Polarity.NONE:  # data only, and never better or worse
        return True
    if settings.polarity not in (rules.Polarity.HIGHER_BETTER, rules.Polarity.LOWER_BETTER):
        return False
    higher = settings.polarity == rules.Polarity.HIGHER_BETTER

    def worse(a, b) -> bool:  # compared, not subtracted: exact for a Decimal beside a Fraction
        return a < b if higher else a > b

    now, target = _comparable(current.actual), _comparable(current.target)
    if now is None or (current.target is not None and target is None):
        return False
    if target is not None and not settings.data_only and worse(now, target):
        return False  # amber or red
    if previous is None or previous.actual is None:
        return True  # no direction of travel, so no worsening run
    before = _comparable(previous.actual)
    if before is None:
        return False
    if not worse(now, before):
        return True
    # Worse than before, so a run of one at least: listed only as a run of WORSENING_RUN_LISTED (3).
    if earlier is None:
        return False
    if earlier.actual is None:
        return True  # a gap ends the run at one
    first = _comparable(earlier.actual)
    return first is not None and not worse(before, first)


def standing(
    series: Sequence[Point],
    settings: Settings,
    *,
    baseline=None,
    year_end: Point | None = None,
    has_live_action: bool = False,
    in_plan: bool = True,
    listed_only: bool = False,
) -> Standing | None:
    """Where the measure stands at the last period of ``series`` (see the module text). ``year_end`` is
    the current reporting year's last period, with its target and forecast, when the series does not
    reach it yet. ``listed_only``: ``None`` for a measure the exception report does not list, judged by
    `signals` alone (an exception report page passes over hundreds)."""
    seen = signals(series, settings)
    reasons = exceptions(seen, has_live_action=has_live_action, in_plan=in_plan)
    if listed_only and not reasons:
        return None
    current = seen.current  # exact, as the rules read it
    latest = next((p for p in reversed(series) if p.actual is not None), None)
    if latest is not None:
        latest = current if latest is series[-1] else _exact_point(latest)

    def movement() -> Movement:  # read only when first needed: see Standing.movement
        values = [_exact(p.actual) for p in series]
        moves = {
            "polarity": settings.polarity,
            "range_low": settings.range_low,
            "range_high": settings.range_high,
        }
        change = None
        if baseline is not None and latest is not None:
            change = rules.change_from_baseline(
                current=latest.actual,
                baseline=baseline,
                is_percentage=settings.is_percentage,
                decimals=settings.decimals,
                **moves,
            )
        if not settings.judged_by_direction:
            return Movement(STILL.trend, None, change)
        return Movement(
            rules.current_trend(values, **moves),
            # Seed 001's trajectory reads every change as real: not for a feedback measure's samples.
            None if settings.significance else rules.area_trajectory(values, **moves),
            change,
        )

    year = year_end_label = year_target = forecast = None
    how, forecast_result = "", None
    if current is not None:
        first_year = periods.reporting_year(current.period.start, settings.calendar)
        year_periods = periods.periods_of_year(first_year, settings.frequency, settings.calendar)
        year = periods.year_label(first_year)
        year_end_label = year_periods[-1].label
        in_series = next((p for p in reversed(series) if p.period.start == year_periods[-1].start), None)
        if in_series is None and year_end is not None and year_end.period == year_periods[-1]:
            in_series = year_end
        year_end = _exact_point(in_series) if in_series else None
        year_target = year_end.target if year_end else None
        forecast, how = _year_forecast(series, settings, year_periods, year_end)
        if forecast is not None:
            forecast_result = settings.forecast_status(forecast, year_target)
    return Standing(
        current=current,
        status=seen.status,
        latest=latest,
        direction=seen.direction,
        worsening_run=seen.worsening_run,
        against_forecast=seen.against_forecast,
        year=year,
        year_end_label=year_end_label,
        year_target=year_target,
        year_forecast=forecast,
        year_forecast_how=how,
        forecast_status=forecast_result,
        overdue_since=seen.overdue_since,
        exceptions=reasons,
        movement=movement,
    )


def exceptions(
    found: Standing | Signals, *, has_live_action: bool, in_plan: bool = True
) -> list[tuple[str, str]]:
    """Why a measure is on the exception report (guide 6.4, 1-5 and 8), as (code, sentence) pairs.
    `in_plan`: the measure measures a part of a plan, through which actions are linked to it."""
    reasons = []
    state = found.status.state
    label = found.current.period.label if found.current else ""
    if state == rules.State.RED:
        reasons.append(("red", f"Red in {label}. {found.status.reason}"))
    if state == rules.State.AMBER and found.direction == rules.Direction.WORSENING:
        reasons.append(("amber_worsening", f"Amber in {label} and worse than the period before."))
    if found.worsening_run >= WORSENING_RUN_LISTED:
        reasons.append(("worsening_run", f"Worse in each of the last {found.worsening_run} periods."))
    if found.against_forecast == rules.AgainstForecast.WORSE:
        reasons.append(("worse_than_forecast", f"Worse than forecast in {label}."))
    troubled = state in (rules.State.RED, rules.State.AMBER) or found.worsening_run >= WORSENING_RUN_LISTED
    if troubled and not has_live_action:
        why = (
            "No live plan action is linked to it (through the part of a plan it measures); an action on "
            "hold is not live."
            if in_plan
            else "It measures no part of a plan, so no plan action is linked to it."
        )
        reasons.append(("neglected", why))
    if found.overdue_since is not None:
        reasons.append(("data_overdue", overdue_said(found.current, found.overdue_since)))
    return reasons


WAITING_SAID = {
    "submitted": "a value is waiting for approval",
    "draft": "a value is entered as a draft, not yet sent for approval",
    "returned": "a value was returned for correction",
}


def overdue_said(current: Point, due: date) -> str:
    """Why a period's data is overdue, saying what is there if a value is entered but not approved."""
    said = f"No approved value for {current.period.label}: it was due by {due.day} {due:%B %Y}"
    if current.waiting in WAITING_SAID:
        said += f"; {WAITING_SAID[current.waiting]}"
    return said + "."
