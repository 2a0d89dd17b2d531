"""The rules of `performance.status` for many measures at once, with numpy: each measure's state against
its target or range, and each series' current trend and latest direction of travel. A partnership's
exception report and roll-ups read thousands of measures with years of periods; the exact rules of
`status` (one measure at a time, with the reason in words) stay the definition, and these arrays agree
with them (tested with Hypothesis on values typed to six decimal places).

Values are floats, NaN for a missing value, bound or target. `status` reads a float as the decimal it
prints as, so a value typed exactly at a tolerance or threshold is judged as the person meant it;
here every such comparison allows a slack of `SLACK` relative to the figures compared (far finer than
any figure a measure records, far coarser than a float's rounding) so that rounding (33.3 x 1.05 =
34.964999...) does not move a value across a boundary.

Codes: `STATES` for states; trends and directions are -1, 0 and 1 (down / worsening / decreasing, flat /
no change, up / improving / increasing); `MISSING` where a change cannot be said."""

import numpy as np

from equalchance.performance.status import Polarity, State

STATES = (State.NO_DATA, State.DATA_ONLY, State.GREEN, State.AMBER, State.RED)
NO_DATA, DATA_ONLY, GREEN, AMBER, RED = range(len(STATES))
POLARITIES = (Polarity.HIGHER_BETTER, Polarity.LOWER_BETTER, Polarity.IN_RANGE, Polarity.NONE)
HIGHER, LOWER, IN_RANGE, NONE = range(len(POLARITIES))
MISSING = -2
SLACK = 1e-14  # about 45 units in the last place of a float: rounding, never a typed figure


def polarity_codes(polarities) -> np.ndarray:
    """Each polarity's code (its place in `POLARITIES`); ValueError naming an unknown one."""
    codes = {str(p): i for i, p in enumerate(POLARITIES)}
    try:
        return np.array([codes[str(p)] for p in polarities], dtype=np.int8)
    except KeyError as unknown:
        raise ValueError(f"{unknown.args[0]!r} is not a polarity ({', '.join(codes)})") from None


def _slack(*values: np.ndarray) -> np.ndarray:
    size = np.ones_like(values[0])
    for value in values:
        size = np.fmax(size, np.abs(value))
    return SLACK * size


def _distance(value: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """How far each value lies outside its range (0 within it; a missing bound leaves that side open)."""
    below = np.where(np.isnan(low), 0.0, low - value)
    above = np.where(np.isnan(high), 0.0, value - high)
    return np.fmax(np.fmax(below, above), 0.0)


def states(
    *,
    actual,
    target,
    polarity,
    tolerance,
    relative,
    data_only,
    range_low,
    range_high,
) -> np.ndarray:
    """The state code of each measure's value (`status.measure_status`, guide 6.1). Every argument is
    an array with one entry per measure; `polarity` holds codes (`polarity_codes`), `relative` is true
    for a relative tolerance."""
    a, t = np.asarray(actual, float), np.asarray(target, float)
    polarity = np.asarray(polarity)
    tau, relative = np.asarray(tolerance, float), np.asarray(relative, bool)
    low, high = np.asarray(range_low, float), np.asarray(range_high, float)
    with np.errstate(invalid="ignore"):
        slack = _slack(a, t)
        # Against a target: how much better than it (more than 0: better), and the amber band.
        gain = np.where(polarity == LOWER, t - a, a - t)
        band = np.where(relative, tau * np.abs(t), tau)
        # With no band (a tolerance of 0, or relative to a target of 0) a value worse than target is red.
        by_target = np.where(
            gain >= -slack, GREEN, np.where((band > 0) & (-gain <= band + slack), AMBER, RED)
        )
        # Against a range: the tolerance is in the measure's units.
        distance = _distance(a, low, high)
        slack = _slack(a, np.nan_to_num(low), np.nan_to_num(high))
        by_range = np.where(
            distance <= slack, GREEN, np.where((tau > 0) & (distance <= tau + slack), AMBER, RED)
        )
    no_range = np.isnan(low) & np.isnan(high)
    judged = np.where(polarity == IN_RANGE, by_range, by_target)
    unjudged = (
        np.asarray(data_only, bool)
        | (polarity == NONE)
        | ((polarity == IN_RANGE) & no_range)
        | (((polarity == HIGHER) | (polarity == LOWER)) & np.isnan(t))
    )
    return np.where(np.isnan(a), NO_DATA, np.where(unjudged, DATA_ONLY, judged)).astype(np.int8)


def _steps(values: np.ndarray, threshold: np.ndarray) -> np.ndarray:
    """The trend of each change between consecutive periods: -1, 0, 1, or MISSING. (Written in place:
    the exception report reads every series of every measure.)"""
    change = np.diff(values, axis=1)
    size = np.abs(values)
    within = np.fmax(size[:, 1:], size[:, :-1])
    within += 1.0
    within *= SLACK
    within += threshold[:, None]
    step = np.sign(change)
    with np.errstate(invalid="ignore"):
        step[np.abs(change) <= within] = 0
    step[np.isnan(change)] = MISSING
    return step.astype(np.int8)


TAIL = 8  # changes looked at first: a run longer than this is rare, and only its rows are read whole


def _runs(values: np.ndarray, threshold: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The latest step of each row, its run length within these columns, and whether the run reaches
    the first column (so it may go on before them)."""
    steps = _steps(values, threshold)
    latest = steps[:, -1]
    broken = (steps != latest[:, None])[:, ::-1]  # newest first: where the run ends
    ended = broken.any(axis=1)
    return latest, np.where(ended, broken.argmax(axis=1), steps.shape[1]), ~ended


def trends(values, *, threshold=0.0) -> tuple[np.ndarray, np.ndarray]:
    """`status.current_trend` for each row of `values` (measures by periods, oldest first, NaN for a
    missing period): the direction of the most recent change (-1, 0, 1) and its run length. A missing
    value or a change within the threshold ends a run; a missing or flat latest change gives (0, 0).
    Runs are followed back from the newest TAIL changes; rows whose run is longer are read whole."""
    values = np.atleast_2d(np.asarray(values, float))
    rows, columns = values.shape
    if columns < 2:
        return np.zeros(rows, np.int8), np.zeros(rows, np.int64)
    threshold = np.broadcast_to(np.asarray(threshold, float), (rows,))
    latest, run, open_ended = _runs(values[:, -(TAIL + 1) :], threshold)
    moving = (latest == 1) | (latest == -1)
    longer = moving & open_ended if columns > TAIL + 1 else np.zeros(rows, bool)
    if longer.any():
        run[longer] = _runs(values[longer], threshold[longer])[1]
    return np.where(moving, latest, 0).astype(np.int8), np.where(moving, run, 0)


def directions(*, current, previous, polarity, threshold=0.0, range_low=None, range_high=None) -> np.ndarray:
    """`status.direction_of_travel` for each measure: 1 improving (or increasing, polarity none),
    -1 worsening (or decreasing), 0 no change, MISSING when either value is missing."""
    now, before = np.asarray(current, float), np.asarray(previous, float)
    polarity = np.asarray(polarity)
    shape = now.shape
    low = np.full(shape, np.nan) if range_low is None else np.asarray(range_low, float)
    high = np.full(shape, np.nan) if range_high is None else np.asarray(range_high, float)
    threshold = np.broadcast_to(np.asarray(threshold, float), shape)
    with np.errstate(invalid="ignore"):
        nearer = _distance(before, low, high) - _distance(now, low, high)
        movement = np.where(
            polarity == LOWER, before - now, np.where(polarity == IN_RANGE, nearer, now - before)
        )
        slack = _slack(now, before, np.nan_to_num(low), np.nan_to_num(high))
        direction = np.where(np.abs(movement) <= threshold + slack, 0, np.sign(movement))
    return np.where(np.isnan(now) | np.isnan(before), MISSING, direction).astype(np.int8)
