"""How a measure's status and direction of travel are shown everywhere: words and a shape as well as a
colour, never colour alone (the shapes are those of plans.presenting). No Django imports."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from equalchance.plans.presenting import CSS, SHAPES

STATE_WORDS = {
    "no_data": "No data",
    "data_only": "Data only",
    "green": "Green: on or better than target",
    "amber": "Amber: within tolerance of target",
    "red": "Red: worse than target",
}
STATE_RAG = {"green": "green", "amber": "amber", "red": "red", "no_data": "grey", "data_only": None}
DIRECTION_WORDS = {
    "improving": ("Improving", "↑", "green"),
    "worsening": ("Worsening", "↓", "red"),
    "no_change": ("No change", "→", "grey"),
    "increasing": ("Increasing", "↑", "grey"),
    "decreasing": ("Decreasing", "↓", "grey"),
    "no_significant_change": ("No significant change", "→", "grey"),
}


@dataclass(frozen=True)
class Shown:
    words: str
    shape: str
    colour: str  # green, amber, red, grey or "" (data only)
    css: str  # the GOV.UK tag modifier


HEADLINE_MEANING = (
    "Headline: one of the few measures chosen as telling most about the programme, which Results Based "
    "Accountability asks a programme to pick out."
)
AUTOMATED_ENTRY = "Worked out automatically from the feedback form's answers"

DATA_ONLY_SHAPE = "○"  # not judged: neither a status's shape nor plans' tick for "complete"


def state_shown(state: str, *, period: str = "", missing: str = "") -> Shown:
    """`period`: the period judged, said after "No data" where a latest value of an earlier period is
    shown beside it ("No data for Q2 2026/27", not "No data" beside "42.9%, Q1 2026/27"). `missing`
    (a status's, "target" or "range"): a measure judged against a target that has none for the period
    is "No target for Q2 2026/27", not "Data only", which names a kind of measure."""
    if state == "data_only" and missing:
        return Shown(f"No {missing}" + (f" for {period}" if period else ""), DATA_ONLY_SHAPE, "", "grey")
    rag = STATE_RAG.get(state)
    shape = SHAPES[rag] if rag else DATA_ONLY_SHAPE  # plans' shape for no RAG is its tick, "complete"
    words = STATE_WORDS.get(state, state)
    if state == "no_data" and period:
        words = f"{words} for {period}"
    return Shown(words, shape, rag or "", CSS.get(rag, "blue"))


def status_shown(status, *, period: str = "") -> Shown:
    """A `status.MeasureStatus` as shown (see `state_shown`)."""
    return state_shown(status.state, period=period, missing=status.missing)


def _plain(number: Decimal) -> str:
    return f"{number.normalize():f}"


def tolerance_said(*, tolerance, tolerance_type: str, percentage: bool, unit: str = "") -> str:
    """A measure's tolerance as a board member reads it: "5% of the target", "2 percentage points"."""
    tolerance = Decimal(str(tolerance))
    if tolerance_type == "relative":
        return f"{_plain(tolerance * 100)}% of the target"
    amount = _plain(tolerance)
    if percentage:
        return f"{amount} percentage point{'' if amount == '1' else 's'}"
    return f"{amount} {unit}" if unit else f"{amount} (in the measure's units)"


def direction_shown(direction: str | None) -> Shown | None:
    """Improving, worsening... with an arrow (the words carry the meaning; the arrow is decoration)."""
    if direction is None:
        return None
    words, arrow, colour = DIRECTION_WORDS[str(direction)]
    return Shown(words, arrow, colour, CSS.get(colour, "grey"))


def rounded(value, places: int) -> Decimal:
    """A value rounded half up to the measure's places, as people round (81.25 to 1 place is 81.3;
    Python's own formatting rounds half to even, 81.2): the pages, documents and workbooks all use it."""
    exact = (
        Decimal(value.numerator) / Decimal(value.denominator)
        if isinstance(value, Fraction)  # a forecast or a percentage, worked exactly
        else Decimal(str(value))
    )
    return exact.quantize(Decimal(1).scaleb(-(places or 0)), rounding=ROUND_HALF_UP)


def figure(value, places: int, *, percentage: bool = False) -> str:
    """A value as the measure shows it: its decimal places, rounded half up, thousands separated, % for
    percentages."""
    if value is None:
        return ""
    text = f"{rounded(value, places):,}"
    return f"{text}%" if percentage else text


def reported_said(*, frequency: str, calendar: str, data_lag_days: int) -> str:
    """ "Quarterly, by the financial year (1 April to 31 March); due 30 days after each period ends"."""
    year = calendar[:1].lower() + calendar[1:]
    if data_lag_days:
        due = f"due {data_lag_days} day{'' if data_lag_days == 1 else 's'} after each period ends"
    else:
        due = "due when each period ends"
    return f"{frequency}, by the {year}; {due}"


TREND_WORDS = {"up": "Up", "down": "Down", "flat": "Flat"}
AGAINST_FORECAST_WORDS = {
    "better_than_forecast": "Better than forecast",
    "worse_than_forecast": "Worse than forecast",
    "in_line_with_forecast": "In line with forecast",
    "above_forecast": "Above forecast",
    "below_forecast": "Below forecast",
}
# Answers to "Stopped getting worse?": yes or no first, then which (probe 8: a bare "Worsening" did not
# answer the question and repeated the direction of travel).
TRAJECTORY_WORDS = {
    "worsening": "No: still worsening",
    "stabilised": "Yes: stabilised",
    "improving": "Yes: improving",
}


def trend_said(trend) -> str:
    """Clear Impact's current trend in words: "Up for 3 periods in a row", "Flat"."""
    direction, run = trend
    if run == 0:
        return "Flat: no change in the latest period" if trend.judgement else "Not yet known"
    periods = "the latest period" if run == 1 else f"{run} periods in a row"
    return f"{TREND_WORDS[str(direction)]} for {periods}"
