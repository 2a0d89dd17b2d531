"""Benchmark for performance measures: prints figures, asserts nothing (people read targets).

5,000 measures (BENCH_MEASURES) with 60 periods each (BENCH_PERIODS), values typed to one decimal
place with some periods missing, mixed polarities, targets, ranges and tolerances. Times
- the state of every measure's latest value against its target or range, its current trend with its
  run length, and its latest direction of travel (`performance.arrays`, which agree with the exact
  rules of `performance.status`: see its tests);
against a floor measured in the same run: a bare numpy pass over the same values (the sign of each
change, `np.sign(np.diff(values))`). For scale, also the exact one-measure-at-a-time rules
(`performance.status`) over a sample, scaled up. Medians over BENCH_REPEATS runs.

Target (issue 12): within 5 times the floor. (The exception report and report card, which need the
measures' records, are timed once they land.)
Run: bin/benchmark
"""

import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from equalchance.performance import arrays, status  # noqa: E402

MEASURES = int(os.environ.get("BENCH_MEASURES", "5000"))
PERIODS = int(os.environ.get("BENCH_PERIODS", "60"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
SAMPLE = 200


def timed(call, repeats=REPEATS) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def made():
    generator = np.random.default_rng(12)
    walk = np.cumsum(generator.normal(0, 1.5, (MEASURES, PERIODS)), axis=1) + 50
    values = np.round(walk, 1)
    values[generator.random(values.shape) < 0.03] = np.nan  # a few periods with no value
    polarity = generator.integers(0, len(arrays.POLARITIES), MEASURES).astype(np.int8)
    target = np.round(values[:, -1] + generator.normal(0, 3, MEASURES), 1)
    target[generator.random(MEASURES) < 0.2] = np.nan  # some without a target
    low = np.where(polarity == arrays.IN_RANGE, np.round(target - 5, 1), np.nan)
    high = np.where(polarity == arrays.IN_RANGE, np.round(target + 5, 1), np.nan)
    return {
        "values": values,
        "polarity": polarity,
        "target": target,
        "tolerance": generator.choice([0.0, 0.05, 0.1, 1.0], MEASURES),
        "relative": generator.random(MEASURES) < 0.7,
        "data_only": generator.random(MEASURES) < 0.05,
        "range_low": low,
        "range_high": high,
    }


def everything(data):
    values = data["values"]
    arrays.states(
        actual=values[:, -1],
        target=data["target"],
        polarity=data["polarity"],
        tolerance=data["tolerance"],
        relative=data["relative"],
        data_only=data["data_only"],
        range_low=data["range_low"],
        range_high=data["range_high"],
    )
    arrays.trends(values)
    arrays.directions(
        current=values[:, -1],
        previous=values[:, -2],
        polarity=data["polarity"],
        range_low=data["range_low"],
        range_high=data["range_high"],
    )


def exact(data, rows: range):
    values = data["values"]
    for i in rows:
        polarity = str(arrays.POLARITIES[data["polarity"][i]])
        bounds = {
            "range_low": None if np.isnan(data["range_low"][i]) else float(data["range_low"][i]),
            "range_high": None if np.isnan(data["range_high"][i]) else float(data["range_high"][i]),
        }
        series = [None if np.isnan(v) else float(v) for v in values[i]]
        status.measure_status(
            actual=series[-1],
            target=None if np.isnan(data["target"][i]) else float(data["target"][i]),
            polarity=polarity,
            tolerance=float(data["tolerance"][i]),
            tolerance_type="relative" if data["relative"][i] else "absolute",
            data_only=bool(data["data_only"][i]),
            **bounds,
        )
        status.current_trend(series, polarity="higher_better")
        if polarity != "in_range" or bounds["range_low"] is not None:
            status.direction_of_travel(current=series[-1], previous=series[-2], polarity=polarity, **bounds)


def main() -> None:
    data = made()
    print(
        f"Performance benchmark: {MEASURES:,} measures x {PERIODS} periods, {REPEATS} repeats; "
        f"{os.cpu_count()} cores"
    )
    floor = timed(lambda: np.sign(np.diff(data["values"], axis=1)))
    ours = timed(lambda: everything(data))
    print(
        f"  states, trends and directions of every measure: median {ours * 1000:,.1f} ms; "
        f"floor (a bare numpy pass over the values) {floor * 1000:,.1f} ms; ratio {ours / floor:.1f} x "
        "(target: within 5 x)"
    )
    sample = timed(lambda: exact(data, range(SAMPLE)), repeats=3)
    print(
        f"  the exact rules one measure at a time (with reasons), {SAMPLE} measures: median "
        f"{sample * 1000:,.0f} ms, about {sample * MEASURES / SAMPLE:,.1f} s for {MEASURES:,}"
    )


if __name__ == "__main__":
    main()
