"""Benchmark for performance measures: prints figures, asserts nothing (people read targets).

5,000 measures (BENCH_MEASURES) with 60 periods each (BENCH_PERIODS), values typed to one decimal
place with some periods missing, mixed polarities, targets, ranges and tolerances. Times
- the state of every measure's latest value against its target or range, its current trend with its
  run length, and its latest direction of travel (`performance.arrays`, which agree with the exact
  rules of `performance.status`: see its tests);
against a floor measured in the same run: a bare numpy pass over the same values (the sign of each
change, `np.sign(np.diff(values))`). `arrays.trends` follows each run back from the newest 8 changes
and reads a measure's whole series only when its run is longer, so it may take less than the floor,
which reads every value; the benchmark's random walks rarely run longer than 8. For scale, also the
exact one-measure-at-a-time rules (`performance.status`) over a sample, scaled up.
Medians over BENCH_REPEATS runs.

Then, for each database (SQLite, and PostgreSQL when PG_URL is set): BENCH_PAGE_MEASURES measures
(default 500) over 10 programmes, each with 12 approved quarters and targets for half, time
- where every measure stands (`selectors.standings`: the exact rules, with reasons, year-end forecast
  and exception reasons), against the floor of reading the same rows from the database alone;
- the exception report page's server time (Django's test client: middleware, selectors, template),
  against the floor of a bare page in the same run.

- a turn-the-curve report card as tagged PDF (a measure of 12 quarters), against a one-page tagged PDF
  drawn by the same function.

Targets (issue 12): the arrays within 5 times the floor; the exception report page under 300 ms; the
report card PDF under 3 s.
Run: bin/benchmark
"""

import json
import os
import sys
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from databases import child_database_url, django_setup, run_per_database  # noqa: E402
from databases import timed as median_time  # noqa: E402

from equalchance.performance import arrays, status  # noqa: E402

MEASURES = int(os.environ.get("BENCH_MEASURES", "5000"))
PERIODS = int(os.environ.get("BENCH_PERIODS", "60"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "5"))
SAMPLE = 200
PAGE_MEASURES = int(os.environ.get("BENCH_PAGE_MEASURES", "500"))
QUARTERS = 12


def timed(call, repeats=REPEATS) -> float:
    return median_time(call, repeats)


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


def pages(database_url: str | None) -> dict:
    django_setup(database_url)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from equalchance.accounts.models import User
    from equalchance.accounts.services import system_actor
    from equalchance.performance import periods, selectors, services
    from equalchance.performance.models import Measure, MeasureValue, Target
    from equalchance.plans.models import Decision

    call_command("migrate", verbosity=0)
    system = system_actor()
    reader = User.objects.create(username="bench-reader", role="analyst")
    enterer = User.objects.create(username="bench-enterer", role="viewer")
    today = timezone.localdate()
    quarters = [periods.latest_overdue(today, "quarterly")]
    while len(quarters) < QUARTERS:
        quarters.insert(0, periods.period_containing(quarters[0].start - timedelta(days=1), "quarterly"))
    programmes = [services.programme_create(by=system, name=f"Programme {n}") for n in range(10)]
    Measure.objects.bulk_create(
        Measure(
            code=f"B{i}",
            title=f"Measure {i}",
            programme=programmes[i % 10],
            owner=system,
            category=("how_much", "how_well", "better_off")[i % 3],
            polarity=("higher_better", "lower_better", "none")[i % 3] if i % 7 else "higher_better",
            synthetic=True,
        )
        for i in range(PAGE_MEASURES)
    )
    # Defined when their history starts, so their missing periods were owed (`periods.Period.owed`).
    first = quarters[0].start
    Measure.objects.update(created_at=timezone.make_aware(datetime(first.year, first.month, first.day)))
    measures = list(Measure.objects.order_by("pk"))
    generator = np.random.default_rng(3)
    MeasureValue.objects.bulk_create(
        (
            MeasureValue(
                measure=m,
                period_start=q.start,
                period_end=q.end,
                value=round(float(50 + generator.normal(0, 10)), 1),
                status="approved",
                entered_by=enterer,
                synthetic=True,
            )
            for m in measures
            for q in quarters
            if not (m.pk % 13 == 0 and q == quarters[-1])  # some overdue
        ),
        batch_size=2000,
    )
    decision = Decision.objects.create(kind="set_target", text="Benchmark targets", decided_on=today)
    Target.objects.bulk_create(
        (
            Target(measure=m, period_start=q.start, period_end=q.end, value=50, decision=decision)
            for m in measures[::2]
            for q in quarters
        ),
        batch_size=2000,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")

    def everything():  # every field read: the trend, trajectory and baseline change are worked out when read
        found = selectors.standings(user=reader, today=today)
        for row in found:
            row.standing.moved  # noqa: B018
        return found

    def floor():
        list(Measure.objects.values_list("pk", "polarity", "tolerance", "frequency"))
        list(
            MeasureValue.objects.filter(status="approved").values_list("measure_id", "period_start", "value")
        )
        list(Target.objects.values_list("measure_id", "period_start", "value"))

    listed = sum(1 for row in everything() if row.standing.exceptions)
    from equalchance.serving.settle import settle

    settle()  # as the WSGI module settles each served process before its first request
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(reader)
    answered = client.get("/performance/exceptions/").status_code
    if answered != 200:
        raise SystemExit(f"The exception report answered {answered}")
    from equalchance.frontend.pdf import tagged_pdf

    card = f"/performance/measures/{measures[1].pk}/card.pdf"
    if client.get(card).status_code != 200:
        raise SystemExit("The report card PDF was refused")
    return {
        "card_median": timed(lambda: client.get(card), repeats=3),
        "tiny_pdf_median": timed(
            lambda: tagged_pdf("<html lang='en-GB'><title>x</title><p>x</p></html>"), repeats=3
        ),
        "database": connection.vendor,
        "measures": PAGE_MEASURES,
        "listed": listed,
        "all_median": timed(everything),
        "floor_median": timed(floor),
        "page_median": timed(lambda: client.get("/performance/exceptions/")),
        "bare_median": timed(lambda: client.get("/accessibility/")),
    }


def main() -> None:
    url = child_database_url()
    if url is not False:
        print(json.dumps(pages(url)))
        return
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
    for name, r in run_per_database(__file__):
        ms = lambda seconds: f"{seconds * 1000:,.0f} ms"  # noqa: E731
        print(
            f"\n{name}: {r['measures']:,} measures of {QUARTERS} quarters; "
            f"{r['listed']:,} on the exception report"
        )
        print(
            f"  where every measure stands (exact rules, reasons, exceptions): median {ms(r['all_median'])}; "
            f"floor (reading the rows alone) {ms(r['floor_median'])}; "
            f"ratio {r['all_median'] / r['floor_median']:.1f} x"
        )
        print(
            f"  exception report page: median {ms(r['page_median'])} (target < 300 ms); "
            f"floor (a bare page) {ms(r['bare_median'])}"
        )
        print(
            f"  turn-the-curve report card PDF: median {r['card_median']:.2f} s (target < 3 s); "
            f"floor (a 1-page PDF) {ms(r['tiny_pdf_median'])}"
        )


if __name__ == "__main__":
    main()
