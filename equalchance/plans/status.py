"""An action's computed status and RAG, its exception reasons and roll-up counts: pure rules, no Django.

The rules are those of issue 11 ("The rules as a pure module") on top of the plans-performance guide,
sections 6.3 and 6.4. First match wins:

1. ``completed`` -> complete (no RAG); completed late when completed after the original due date.
2. ``cancelled`` / ``deferred`` -> closed, not delivered (grey).
3. ``on_hold`` -> on hold (grey; counted as not on track in roll-ups).
4. ``ongoing`` (business as usual) -> ongoing, with the owner's self-assessed RAG or none.
5. ``not_started`` with a start date after today -> not yet due (grey). A ``not_started`` action whose
   start date has come is treated as in progress.
6. today after the due date -> overdue (red).
7. % complete recorded -> schedule RAG (Camms): performance = % complete / % of the schedule elapsed.
8. otherwise a forecast completion date -> date RAG against the due date.
9. neither -> on track.

The owner's self-assessment then applies to the on-track / at-risk / off-track states only: the final
RAG is the worse of computed and self-assessed, unless the self-assessment is better and comes with an
override reason, when it stands (flag ``override``). A better self-assessment without a reason is
refused (flag ``override_refused``). The state follows the final RAG.

Where the issue says nothing, this module decides (and the tests pin it):
- without an original due date the due date is the baseline: no slippage, and completed late means
  completed after the due date;
- without a due date the action cannot be overdue or judged against time: on track, flag ``no_due_date``
  (except ongoing business as usual, which has no due date by nature);
- % complete without a start date cannot be judged against the schedule: flag ``no_start_date`` and the
  forecast (or nothing) is used instead; a ``not_started`` action with no start date is in progress;
- when the due date is on or before the start date (a one-day action, or bad data flagged
  ``due_before_start``) all of the work is expected from the due date on and none before it.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from math import floor, isfinite
from numbers import Rational, Real
from types import MappingProxyType

# Camms defaults (guide 6.3, rule 7): performance against schedule, in per cent.
SCHEDULE_GREEN_FROM = 90  # green at or above
SCHEDULE_AMBER_FROM = 70  # amber at or above (and below green); red below
# Bromsgrove's "one month behind" (guide 6.3, rule 8): a forecast this many days late at most is amber.
FORECAST_AMBER_DAYS = 30
# Guide 6.4, exception 7: slipped by more than this many days.
SLIPPAGE_EXCEPTION_DAYS = 30


class Status(StrEnum):
    """The statuses an owner or editor records (guide 6.3)."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ON_HOLD = "on_hold"
    COMPLETED = "completed"
    DEFERRED = "deferred"
    CANCELLED = "cancelled"
    ONGOING = "ongoing"


class State(StrEnum):
    """The computed state."""

    COMPLETE = "complete"
    CLOSED_NOT_DELIVERED = "closed_not_delivered"
    ON_HOLD = "on_hold"
    ONGOING = "ongoing"
    NOT_YET_DUE = "not_yet_due"
    OVERDUE = "overdue"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"


class Rag(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    GREY = "grey"


class Flag(StrEnum):
    SLIPPED = "slipped"
    SLIPPED_OVER_30 = "slipped_over_30"
    COMPLETED_LATE = "completed_late"
    OVERRIDE = "override"
    OVERRIDE_REFUSED = "override_refused"
    NO_DUE_DATE = "no_due_date"
    NO_START_DATE = "no_start_date"
    DUE_BEFORE_START = "due_before_start"


STATE_LABELS = MappingProxyType(
    {
        State.COMPLETE: "Complete",
        State.CLOSED_NOT_DELIVERED: "Closed – not delivered",
        State.ON_HOLD: "On hold",
        State.ONGOING: "Ongoing",
        State.NOT_YET_DUE: "Not yet due",
        State.OVERDUE: "Overdue",
        State.ON_TRACK: "On track",
        State.AT_RISK: "At risk",
        State.OFF_TRACK: "Off track",
    }
)

# The mapping from state to RAG; ongoing takes the self-assessed RAG (or none) instead.
RAG_BY_STATE = MappingProxyType(
    {
        State.COMPLETE: None,
        State.CLOSED_NOT_DELIVERED: Rag.GREY,
        State.ON_HOLD: Rag.GREY,
        State.NOT_YET_DUE: Rag.GREY,
        State.OVERDUE: Rag.RED,
        State.ON_TRACK: Rag.GREEN,
        State.AT_RISK: Rag.AMBER,
        State.OFF_TRACK: Rag.RED,
    }
)
STATE_BY_RAG = MappingProxyType(
    {Rag.GREEN: State.ON_TRACK, Rag.AMBER: State.AT_RISK, Rag.RED: State.OFF_TRACK}
)
SELF_ASSESSED_STATES = frozenset(STATE_BY_RAG.values())
_SEVERITY = {Rag.GREEN: 0, Rag.AMBER: 1, Rag.RED: 2}
_MONTHS = ("January February March April May June July August September October November December").split()


class ActionStatusError(ValueError):
    """An input the rules cannot judge; the message names the input and the value."""


@dataclass(frozen=True, slots=True)
class ActionStatus:
    """What the rules say about one action. ``reason`` is one plain-English sentence for the final
    state and RAG; ``computed_reason`` the same before the owner's self-assessment."""

    state: State
    rag: Rag | None
    computed_rag: Rag | None
    slippage_days: int
    completed_late: bool
    flags: frozenset[str]
    reason: str
    computed_reason: str
    status: Status
    expected_percent: float | None = None  # schedule elapsed, when the schedule rule was used
    performance: float | None = None  # % complete as a percentage of expected_percent
    forecast_days_late: int | None = None  # when the date rule was used; negative when early

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def on_track(self) -> bool:
        """Green, for roll-ups (on hold is grey, so never on track)."""
        return self.rag == Rag.GREEN


def long_date(day: date) -> str:
    """A date as people write it, whatever the locale: 31 March 2026."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def worse_rag(first: Rag, second: Rag) -> Rag:
    """The worse of two of green, amber and red."""
    return first if _SEVERITY[Rag(first)] >= _SEVERITY[Rag(second)] else second


def _percent(value: Fraction) -> str:
    """For display: one decimal place at most, no trailing zero (42, 56.3)."""
    shown = round(float(value), 1)
    if shown == 0 and value > 0:
        return "under 0.1"
    return f"{int(shown)}" if shown == int(shown) else f"{shown:.1f}"


def _percent_down(value: Fraction) -> str:
    """Rounded down to one decimal place, so the figure shown never crosses a threshold the value has
    not reached (89.96 shows as 89.9, not as 90, next to "at risk")."""
    return _percent(Fraction(floor(value * 10), 10))


def _plural(days: int) -> str:
    """ "1 day", "45 days", "3,438 days (about 9 years)": a long slip is said in years too."""
    said = f"{days:,} day" if abs(days) == 1 else f"{days:,} days"
    if abs(days) >= 730:
        said += f" (about {round(abs(days) / 365.25):,} years)"
    return said


def _check_date(name: str, value, *, required: bool = False) -> date | None:
    if value is None and not required:
        return None
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ActionStatusError(f"{name} must be a date (datetime.date), not {value!r}")
    return value


def _check_percent(value) -> Fraction | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (Real, Decimal)):
        raise ActionStatusError(f"percent_complete must be a number from 0 to 100, not {value!r}")
    finite = value.is_finite() if isinstance(value, Decimal) else isfinite(value)
    if not finite or not 0 <= value <= 100:
        raise ActionStatusError(f"percent_complete must be a number from 0 to 100, not {value!r}")
    # A float is read as the decimal it prints as (37.8, not 37.79999999999999715782905696), so that a
    # value typed as 37.8 against 42% expected is exactly 90% of schedule, as the person meant.
    return Fraction(value) if isinstance(value, (Rational, Decimal)) else Fraction(repr(float(value)))


def _check_choice(name: str, value, kind: type[StrEnum], allowed: Iterable[StrEnum]) -> StrEnum:
    allowed = list(allowed)
    if isinstance(value, str) and value in allowed:
        return kind(value)
    names = ", ".join(str(a) for a in allowed)
    raise ActionStatusError(f"Unknown {name} {value!r}: expected one of {names}")


def _schedule(
    *, start: date, due: date, today: date, pc: Fraction
) -> tuple[Rag, Fraction, Fraction | None, str]:
    """Camms: expected % = 100 x elapsed / duration, clipped to 0-100; performance = 100 x pc / expected."""
    duration = (due - start).days
    if duration <= 0:  # a one-day action (or due before start): all of it is expected from the due date
        expected = Fraction(100) if today >= due else Fraction(0)
    else:
        expected = min(max(Fraction(100 * (today - start).days, duration), Fraction(0)), Fraction(100))
    if expected == 0:
        return (
            Rag.GREEN,
            expected,
            None,
            f"{_percent(pc)}% complete with nothing expected yet (starts {long_date(start)})",
        )
    performance = 100 * pc / expected
    if performance >= SCHEDULE_GREEN_FROM:
        rag = Rag.GREEN
    elif performance >= SCHEDULE_AMBER_FROM:
        rag = Rag.AMBER
    else:
        rag = Rag.RED
    said = (
        f"{_percent(pc)}% complete against {_percent(expected)}% expected by now "
        f"({_percent_down(performance)}% of the progress expected)"
    )
    return rag, expected, performance, said


def _forecast(*, due: date, forecast: date) -> tuple[Rag, int, str]:
    late = (forecast - due).days
    if late <= 0:
        return (
            Rag.GREEN,
            late,
            f"Forecast to finish {long_date(forecast)}, by the due date of {long_date(due)}",
        )
    rag = Rag.AMBER if late <= FORECAST_AMBER_DAYS else Rag.RED
    said = f"Forecast to finish {long_date(forecast)}, {_plural(late)} after the due date of {long_date(due)}"
    return rag, late, said


def action_status(
    *,
    status: str,
    start: date | None,
    due: date | None,
    original_due: date | None,
    today: date,
    completed: date | None = None,
    percent_complete: float | int | Decimal | None = None,
    forecast_completion: date | None = None,
    self_assessed: str | None = None,
    override_reason: str | None = None,
) -> ActionStatus:
    """The computed status, RAG, slippage and flags of one action on ``today`` (see the module text)."""
    status = _check_choice("action status", status, Status, Status)
    today = _check_date("today", today, required=True)
    start = _check_date("start", start)
    due = _check_date("due", due)
    original_due = _check_date("original_due", original_due)
    completed = _check_date("completed", completed)
    forecast_completion = _check_date("forecast_completion", forecast_completion)
    pc = _check_percent(percent_complete)
    if self_assessed is not None:
        self_assessed = _check_choice(
            "self-assessed RAG", self_assessed, Rag, (Rag.GREEN, Rag.AMBER, Rag.RED)
        )
    if override_reason is not None and not isinstance(override_reason, str):
        raise ActionStatusError(f"override_reason must be text, not {override_reason!r}")

    flags: set[str] = set()
    slippage = (due - original_due).days if due is not None and original_due is not None else 0
    if slippage > 0:
        flags.add(Flag.SLIPPED)
    if slippage > SLIPPAGE_EXCEPTION_DAYS:
        flags.add(Flag.SLIPPED_OVER_30)
    if due is not None and start is not None and due < start:
        flags.add(Flag.DUE_BEFORE_START)
    baseline = original_due if original_due is not None else due
    completed_late = False
    extra: dict = {}

    if status == Status.COMPLETED:
        state, rag = State.COMPLETE, None
        if completed is None:
            said = "Marked completed with no completion date recorded: complete."
        elif baseline is None:
            said = f"Completed {long_date(completed)}: complete."
        elif completed > baseline:
            completed_late = True
            flags.add(Flag.COMPLETED_LATE)
            said = (
                f"Completed {long_date(completed)}, {_plural((completed - baseline).days)} after the "
                f"original due date of {long_date(baseline)}: complete, late."
            )
        else:
            said = (
                f"Completed {long_date(completed)}, by the original due date of "
                f"{long_date(baseline)}: complete."
            )
        return _result(state, rag, rag, said, said, slippage, completed_late, flags, status, extra)

    if status in (Status.CANCELLED, Status.DEFERRED):
        said = f"{'Cancelled' if status == Status.CANCELLED else 'Deferred'}: closed, not delivered."
        return _result(
            State.CLOSED_NOT_DELIVERED, Rag.GREY, Rag.GREY, said, said, slippage, False, flags, status
        )

    if due is None and status != Status.ONGOING:
        flags.add(Flag.NO_DUE_DATE)

    if status == Status.ON_HOLD:
        said = "On hold: counted as not on track until it restarts."
        return _result(State.ON_HOLD, Rag.GREY, Rag.GREY, said, said, slippage, False, flags, status)

    if status == Status.ONGOING:
        computed = "Ongoing business as usual with no self-assessment: no RAG."
        said = f"Ongoing business as usual; owner says {self_assessed}." if self_assessed else computed
        return _result(State.ONGOING, self_assessed, None, said, computed, slippage, False, flags, status)

    if status == Status.NOT_STARTED:
        if start is None:
            flags.add(Flag.NO_START_DATE)
        elif start > today:
            said = f"Not started, and not due to start until {long_date(start)}: not yet due."
            return _result(State.NOT_YET_DUE, Rag.GREY, Rag.GREY, said, said, slippage, False, flags, status)

    if due is not None and today > due:
        said = f"Due {long_date(due)} and not complete: overdue."
        return _result(State.OVERDUE, Rag.RED, Rag.RED, said, said, slippage, False, flags, status)

    words = {Rag.GREEN: "on track", Rag.AMBER: "at risk", Rag.RED: "off track"}
    if pc is not None and due is not None and start is not None:
        computed_rag, expected, performance, basis = _schedule(start=start, due=due, today=today, pc=pc)
        extra = {"expected_percent": float(expected)}
        if performance is not None:
            extra["performance"] = float(performance)
    elif pc is not None and due is None:
        computed_rag, basis = Rag.GREEN, f"No due date to judge {_percent(pc)}% complete against"
    else:
        if pc is not None:  # the schedule needs a start date
            flags.add(Flag.NO_START_DATE)
        if forecast_completion is not None and due is not None:
            computed_rag, late, basis = _forecast(due=due, forecast=forecast_completion)
            extra = {"forecast_days_late": late}
        elif due is None:
            computed_rag, basis = Rag.GREEN, "No due date, and nothing to judge it against"
        else:
            computed_rag = Rag.GREEN
            basis = f"Due {long_date(due)}, not overdue, with no % complete or forecast to judge it by"
    computed_reason = f"{basis}: {words[computed_rag]}."

    rag, reason = computed_rag, computed_reason
    if self_assessed is not None and self_assessed != computed_rag:
        if _SEVERITY[self_assessed] > _SEVERITY[computed_rag]:
            rag = self_assessed
            reason = (
                f"Owner says {self_assessed}: worse than the computed {computed_rag}, so {self_assessed}."
            )
        elif override_reason is not None and override_reason.strip():
            rag = self_assessed
            flags.add(Flag.OVERRIDE)
            reason = (
                f"Owner says {self_assessed}, better than the computed {computed_rag}, with a reason for "
                f"the override, so {self_assessed} (override)."
            )
        else:
            flags.add(Flag.OVERRIDE_REFUSED)
            reason = (
                f"Owner says {self_assessed}, better than the computed {computed_rag} but with no reason "
                f"for an override, so {computed_rag}."
            )
    return _result(
        STATE_BY_RAG[rag], rag, computed_rag, reason, computed_reason, slippage, False, flags, status, extra
    )


def _result(
    state, rag, computed_rag, reason, computed_reason, slippage, completed_late, flags, status, extra=None
):
    return ActionStatus(
        state=State(state),
        rag=None if rag is None else Rag(rag),
        computed_rag=None if computed_rag is None else Rag(computed_rag),
        slippage_days=slippage,
        completed_late=completed_late,
        flags=frozenset(str(f) for f in flags),
        reason=reason[0].upper() + reason[1:],
        computed_reason=computed_reason[0].upper() + computed_reason[1:],
        status=Status(status),
        **(extra or {}),
    )


# --- Guide 6.4: exceptions (the action rules of item 7) and roll-up counts -------------------------

LIVE_STATES = frozenset(State) - {State.COMPLETE, State.CLOSED_NOT_DELIVERED}


class ExceptionReason(StrEnum):
    """Why an action is on the exception report (guide 6.4, item 7), in the order they are listed."""

    RED = "red"
    OVERDUE = "overdue"
    SLIPPED_OVER_30 = "slipped_over_30"
    ON_HOLD = "on_hold"
    CLOSED_WITHOUT_APPROVAL = "closed_without_approval"
    NO_OWNER = "no_owner"
    NO_DUE_DATE = "no_due_date"
    UPDATE_MISSING = "update_missing"


def action_exceptions(
    *,
    result: ActionStatus,
    has_owner: bool,
    has_due: bool,
    closed_with_decision: bool,
    update_missing: bool,
) -> list[tuple[str, str]]:
    """The reasons one action is on the exception report, as (code, sentence) pairs; empty when none.

    Complete actions are never listed; a closed (cancelled or deferred) action only when no decision
    approved its closure. An overdue action is listed as overdue, not also as red. No due date does not
    apply to ongoing business as usual.
    """
    if result.state == State.COMPLETE:
        return []
    if result.state == State.CLOSED_NOT_DELIVERED:
        if closed_with_decision:
            return []
        verb = "Cancelled" if result.status == Status.CANCELLED else "Deferred"
        return [
            (
                ExceptionReason.CLOSED_WITHOUT_APPROVAL,
                f"{verb} without a recorded decision approving it, so it was closed without approval.",
            )
        ]
    reasons: list[tuple[str, str]] = []
    if result.state == State.OVERDUE:
        # The status beside it already says "Red: overdue"; the reason says it once more, not twice.
        reasons.append((ExceptionReason.OVERDUE, result.reason))
    elif result.rag == Rag.RED:
        reasons.append((ExceptionReason.RED, f"Red. {result.reason}"))
    if Flag.SLIPPED_OVER_30 in result.flags:
        reasons.append(
            (
                ExceptionReason.SLIPPED_OVER_30,
                f"The due date has moved {_plural(result.slippage_days)} later than first agreed "
                f"(more than {SLIPPAGE_EXCEPTION_DAYS}).",
            )
        )
    if result.state == State.ON_HOLD:
        reasons.append(
            (ExceptionReason.ON_HOLD, "On hold: paused work is counted as not on track until it restarts.")
        )
    if not has_owner:
        reasons.append(
            (ExceptionReason.NO_OWNER, "No owner is named, so no one is accountable for delivering it.")
        )
    if not has_due and result.state != State.ONGOING:
        # Green with no due date (the rule) is said to be so for want of a date, so the row
        # does not read "Green: on track" beside "cannot be judged".
        reasons.append(
            (
                ExceptionReason.NO_DUE_DATE,
                "No due date is set: it shows green only because there is no date to judge it against."
                if result.rag == Rag.GREEN
                else "No due date is set, so progress cannot be judged against time.",
            )
        )
    if update_missing:
        reasons.append(
            (
                ExceptionReason.UPDATE_MISSING,
                "The owner's update for this reporting cycle was not received by the date it was due.",
            )
        )
    return [(str(code), sentence) for code, sentence in reasons]


@dataclass(frozen=True, slots=True)
class RagCounts:
    """Counts for a roll-up (guide 6.4). "In progress" is every live action that is started: green,
    amber, red (overdue included), on hold (not on track) and ongoing work with no RAG."""

    green: int = 0
    amber: int = 0
    red: int = 0
    on_hold: int = 0
    no_rag: int = 0
    not_yet_due: int = 0
    complete: int = 0
    closed_not_delivered: int = 0
    by_state: Mapping[str, int] = field(
        default_factory=lambda: MappingProxyType(dict.fromkeys(map(str, State), 0))
    )

    @property
    def in_progress(self) -> int:
        return self.green + self.amber + self.red + self.on_hold + self.no_rag

    @property
    def not_on_track(self) -> int:
        return self.amber + self.red + self.on_hold

    @property
    def total(self) -> int:
        return self.in_progress + self.not_yet_due + self.complete + self.closed_not_delivered

    def percent_of_in_progress(self, count: int) -> float | None:
        return 100 * count / self.in_progress if self.in_progress else None

    def summary_sentence(self) -> str:
        return summary_sentence(self)


def rag_counts(results: Iterable[ActionStatus]) -> RagCounts:
    """Counts by state and RAG, for plan, element, board and area summaries."""
    by_state = dict.fromkeys(State, 0)
    colours = dict.fromkeys(Rag, 0)
    no_rag = 0
    for result in results:
        by_state[result.state] += 1
        if result.state in LIVE_STATES - {State.ON_HOLD, State.NOT_YET_DUE}:
            if result.rag is None:
                no_rag += 1
            else:
                colours[result.rag] += 1
    return RagCounts(
        green=colours[Rag.GREEN],
        amber=colours[Rag.AMBER],
        red=colours[Rag.RED],
        on_hold=by_state[State.ON_HOLD],
        no_rag=no_rag,
        not_yet_due=by_state[State.NOT_YET_DUE],
        complete=by_state[State.COMPLETE],
        closed_not_delivered=by_state[State.CLOSED_NOT_DELIVERED],
        by_state=MappingProxyType({str(k): v for k, v in by_state.items()}),
    )


def summary_sentence(counts: RagCounts) -> str:
    """The form councils publish: "21 green, 21 amber, 7 red of 49 in progress; 64 complete". On hold,
    ongoing work with no RAG, not yet due and closed are added only when there are some."""
    if counts.total == 0:
        return "No actions."
    live = [f"{counts.green} green", f"{counts.amber} amber", f"{counts.red} red"]
    if counts.on_hold:
        live.append(f"{counts.on_hold} on hold")
    if counts.no_rag:
        live.append(f"{counts.no_rag} with no RAG")
    # On hold is counted with the work in progress (as not on track), and the sentence says so.
    of = "in progress or on hold" if counts.on_hold else "in progress"
    # With more than the three colours, "and" ends the list and a comma keeps "2 on hold of 5" from
    # reading as two out of five.
    listed = ", ".join(live) if len(live) == 3 else f"{', '.join(live[:-1])} and {live[-1]},"
    parts = [f"{listed} of {counts.in_progress} {of}", f"{counts.complete} complete"]
    if counts.not_yet_due:
        parts.append(f"{counts.not_yet_due} not yet due")
    if counts.closed_not_delivered:
        parts.append(f"{counts.closed_not_delivered} closed, not delivered")
    return "; ".join(parts)
