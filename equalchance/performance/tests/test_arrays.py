"""The numpy rules for many measures agree with the exact rules of `performance.status`, one measure at
a time, on values typed to up to six decimal places (including values exactly at a tolerance, a
threshold or a range's edge)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from equalchance.performance import arrays, status

# A figure as a person types it: a whole number of millionths, tenths or units.
typed = st.builds(
    lambda whole, places: whole / 10**places,
    st.integers(min_value=-2_000_000, max_value=2_000_000),
    st.sampled_from([0, 1, 2, 3, 6]),
)
maybe = st.one_of(st.none(), typed)


def nan(value):
    return math.nan if value is None else value


@st.composite
def measures(draw):
    polarity = draw(st.sampled_from([str(p) for p in arrays.POLARITIES]))
    target = draw(maybe)
    actual = draw(st.one_of(maybe, st.just(target)))  # sometimes exactly on target
    low, high = draw(maybe), draw(maybe)
    if low is not None and high is not None and low > high:
        low, high = high, low
    tolerance = draw(st.sampled_from([0, 0.05, 0.1, 0.5, 1, 2.5]))
    if target is not None and draw(st.booleans()):  # exactly at the edge of the amber band
        edge = target - tolerance * abs(target) if draw(st.booleans()) else target + tolerance
        actual = round(edge, 9)  # as a person would type it (the float sum may print a tail of digits)
    return {
        "actual": actual,
        "target": target,
        "polarity": polarity,
        "tolerance": tolerance,
        "tolerance_type": draw(st.sampled_from(["relative", "absolute"])),
        "data_only": draw(st.booleans()) and draw(st.booleans()),
        "range_low": low,
        "range_high": high,
    }


@settings(max_examples=400, deadline=None)
@given(st.lists(measures(), min_size=1, max_size=40))
def test_states_agree_with_the_exact_rules_measure_by_measure(rows):
    got = arrays.states(
        actual=[nan(r["actual"]) for r in rows],
        target=[nan(r["target"]) for r in rows],
        polarity=arrays.polarity_codes(r["polarity"] for r in rows),
        tolerance=[r["tolerance"] for r in rows],
        relative=[r["tolerance_type"] == "relative" for r in rows],
        data_only=[r["data_only"] for r in rows],
        range_low=[nan(r["range_low"]) for r in rows],
        range_high=[nan(r["range_high"]) for r in rows],
    )
    for row, code in zip(rows, got, strict=True):
        assert arrays.STATES[code] == status.measure_status(**row).state, row


series = st.lists(maybe, min_size=0, max_size=12)


@settings(max_examples=400, deadline=None)
@given(st.lists(series, min_size=1, max_size=20), st.sampled_from([0.0, 0.1, 0.5, 2]))
def test_trends_agree_with_the_exact_rules_series_by_series(rows, threshold):
    width = max(len(r) for r in rows)
    if width == 0:
        return
    padded = [[None] * (width - len(r)) + r for r in rows]  # missing periods before a series starts
    direction, run = arrays.trends([[nan(v) for v in r] for r in padded], threshold=threshold)
    codes = {status.Trend.UP: 1, status.Trend.DOWN: -1, status.Trend.FLAT: 0}
    for values, d, n in zip(padded, direction, run, strict=True):
        expected = status.current_trend(values, polarity="higher_better", threshold=threshold)
        assert (d, n) == (codes[expected[0]], expected[1]), values


# Long runs: series that mostly keep going the same way, longer than the tail `trends` reads first.
steady = st.builds(
    lambda start, steps, gaps: [
        None if i in gaps else start + sum(steps[: i + 1]) for i in range(len(steps))
    ],
    st.integers(-1000, 1000),
    st.lists(st.sampled_from([3, 3, 3, 3, 3, 3, 0, -2]), min_size=2, max_size=40),
    st.sets(st.integers(0, 39), max_size=2),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(steady, min_size=1, max_size=20), st.sampled_from([0.0, 1.0, 2.5]))
def test_trends_of_runs_longer_than_the_tail_read_first_agree_with_the_exact_rules(rows, threshold):
    width = max(len(r) for r in rows)
    padded = [[None] * (width - len(r)) + r for r in rows]
    direction, run = arrays.trends([[nan(v) for v in r] for r in padded], threshold=threshold)
    codes = {status.Trend.UP: 1, status.Trend.DOWN: -1, status.Trend.FLAT: 0}
    for values, d, n in zip(padded, direction, run, strict=True):
        expected = status.current_trend(values, polarity="higher_better", threshold=threshold)
        assert (d, n) == (codes[expected[0]], expected[1]), values


def test_a_run_through_every_period_is_counted_whole_beside_short_ones():
    rising = [float(i) for i in range(60)]
    mixed = [*rising[:50], 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0]
    direction, run = arrays.trends([rising, rising[::-1], mixed, [1.0] * 60])
    assert direction.tolist() == [1, -1, 1, 0]
    assert run.tolist() == [59, 59, 9, 0]  # mixed: 49 -> 10 is down, then nine rises


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(maybe, maybe, st.sampled_from([str(p) for p in arrays.POLARITIES]), typed, typed),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from([0.0, 0.05, 1.0]),
)
def test_directions_agree_with_the_exact_rules(rows, threshold):
    ranges = [sorted((low, high)) for _, _, _, low, high in rows]
    got = arrays.directions(
        current=[nan(r[0]) for r in rows],
        previous=[nan(r[1]) for r in rows],
        polarity=arrays.polarity_codes(r[2] for r in rows),
        threshold=threshold,
        range_low=[low for low, _ in ranges],
        range_high=[high for _, high in ranges],
    )
    codes = {
        status.Direction.IMPROVING: 1,
        status.Direction.INCREASING: 1,
        status.Direction.WORSENING: -1,
        status.Direction.DECREASING: -1,
        status.Direction.NO_CHANGE: 0,
        None: arrays.MISSING,
    }
    for (current, previous, polarity, _, _), (low, high), code in zip(rows, ranges, got, strict=True):
        expected = status.direction_of_travel(
            current=current,
            previous=previous,
            polarity=polarity,
            threshold=threshold,
            range_low=low if polarity == "in_range" else None,
            range_high=high if polarity == "in_range" else None,
        )
        assert code == codes[expected], (current, previous, polarity, low, high)


def test_a_value_typed_exactly_at_the_edge_of_the_tolerance_is_amber_as_the_exact_rules_say():
    # 33.3 x 1.05 is 34.964999... in floats; typed as 34.965 it is exactly at the 5% band: amber.
    kept = arrays.states(
        actual=[34.965, 34.966],
        target=[33.3, 33.3],
        polarity=arrays.polarity_codes(["lower_better"] * 2),
        tolerance=[0.05, 0.05],
        relative=[True, True],
        data_only=[False, False],
        range_low=[np.nan, np.nan],
        range_high=[np.nan, np.nan],
    )
    assert [arrays.STATES[c] for c in kept] == [status.State.AMBER, status.State.RED]
    assert status.measure_status(actual=34.965, target=33.3, polarity="lower_better").state == "amber"


def test_trends_of_a_single_period_are_flat_and_an_unknown_polarity_is_refused():
    direction, run = arrays.trends([[5.0], [7.0]])
    assert direction.tolist() == [0, 0] and run.tolist() == [0, 0]
    with pytest.raises(ValueError, match="'sideways' is not a polarity"):
        arrays.polarity_codes(["higher_better", "sideways"])
