"""Benchmark for the Narrowing the Gap scorecard: prints figures, asserts nothing (people read targets).

In one run:
- national recompute: every ward (6,800+) and district (317) in England as a scorecard target, for the
  eleven scorecard indicators over ten periods each, against the rest of the parent, the parent, England
  and the DfE comparator group: values and intervals, gaps, changes and directions, gap trends
  (`scorecards.national`), from the modelled synthetic LSOA counts held in memory;
- the floor: DuckDB's bare aggregation of the same counts (sums by indicator, period and age band, for
  every ward, every district and England) from a DuckDB table of the same rows, measured in the same run;
- the scorecard page (server time, Django test client: the first view computes it, later ones read the
  result kept per data version; also 20 clients at once) and the board PDF, on SQLite and on PostgreSQL
  (when PG_URL is set), on a database holding the national open data and the demo scorecard.

Targets (issue 3): recompute within 3 x the floor; scorecard page under 300 ms; PDF under 5 s.
Run: bin/benchmark
"""

import json
import os
import statistics
import threading
import time

from databases import child_database_url, django_setup, run_per_database  # benchmarks/ is on sys.path

RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def median_time(work, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def recompute_and_floor() -> dict:
    import duckdb
    import numpy as np

    from equalchance.indicators.catalogue import SCORECARD_THEMES
    from equalchance.indicators.models import Indicator
    from equalchance.places import selectors
    from equalchance.scorecards import national

    frame = selectors.lsoa_frame(2019)
    indicators = list(Indicator.objects.filter(theme__in=SCORECARD_THEMES))
    started = time.perf_counter()
    modelled = [national.modelled_counts(indicator, frame) for indicator in indicators]
    generate = time.perf_counter() - started
    lsoas = modelled[0][1]
    geography = national.england_geography(lsoas)

    def recompute():
        return [national.national_compute(counts, geography) for counts, _ in modelled]

    recompute_time, results = median_time(recompute, RUNS)

    # The same counts as rows for DuckDB: (indicator, period, band, ward, district, numerator, denominator).
    columns = {k: [] for k in ("indicator", "period", "band", "ward", "district", "numerator", "denominator")}
    for i, (counts, _) in enumerate(modelled):
        if counts.band_counts is not None:
            periods, bands, _ = counts.band_counts.shape
            n = np.broadcast_to(counts.band_populations, counts.band_counts.shape)
            x = counts.band_counts
        else:
            periods, bands = counts.numerators.shape[0], 1
            x, n = counts.numerators[:, None, :], counts.denominators[:, None, :]
        shape = (periods, bands, len(lsoas))
        columns["indicator"].append(np.full(shape, i, dtype=np.int32).ravel())
        columns["period"].append(
            np.broadcast_to(np.arange(periods)[:, None, None], shape).ravel().astype(np.int32)
        )
        columns["band"].append(
            np.broadcast_to(np.arange(bands)[None, :, None], shape).ravel().astype(np.int32)
        )
        columns["ward"].append(np.broadcast_to(geography.ward_of_lsoa, shape).ravel().astype(np.int32))
        columns["district"].append(
            np.broadcast_to(geography.district_of_lsoa, shape).ravel().astype(np.int32)
        )
        columns["numerator"].append(np.asarray(x, dtype=float).ravel())
        columns["denominator"].append(np.asarray(n, dtype=float).ravel())
    con = duckdb.connect()
    con.register("source", {k: np.concatenate(v) for k, v in columns.items()})
    con.execute("create table obs as select * from source")
    rows = con.execute("select count(*) from obs").fetchone()[0]
    threads = con.execute("select current_setting('threads')").fetchone()[0]

    def floor():
        return [
            con.execute(
                f"select indicator, period, band, {level} sum(numerator), sum(denominator) from obs "
                f"group by all"
            ).fetchnumpy()
            for level in ("ward,", "district,", "")
        ]

    floor_time, sums = median_time(floor, RUNS)
    return {
        "indicators": len(indicators),
        "periods": sorted({len(c.periods) for c, _ in modelled}),
        "wards": len(geography.wards),
        "districts": len(geography.districts),
        "lsoas": len(lsoas),
        "rows": rows,
        "threads": threads,
        "generate": generate,
        "recompute": recompute_time,
        "floor": floor_time,
        "floor_groups": sum(len(s["indicator"]) for s in sums),
        "targets_computed": sum(len(r.targets) for r in results),
    }


def measure(database_url: str | None, national_too: bool) -> dict:
    django_setup(database_url)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from equalchance.accounts.models import Role, User
    from equalchance.indicators.models import Observation
    from equalchance.scorecards.models import Scorecard

    call_command("migrate", verbosity=0)
    Observation.objects.all().delete()
    for command in (
        ["load_open_data"],
        ["indicators", "generate-synthetic"],
        ["scorecards", "create-default"],
    ):
        call_command(*command, stdout=open(os.devnull, "w"))
    result = {"database": connection.vendor, "observations": Observation.objects.count()}
    if national_too:
        result.update(recompute_and_floor())

    setup_test_environment()
    user, _ = User.objects.get_or_create(username="bench", defaults={"role": Role.VIEWER})
    client = Client()
    client.force_login(user)
    scorecard = Scorecard.objects.order_by("pk").first()
    page = f"/scorecards/{scorecard.pk}/"
    started = time.perf_counter()
    assert client.get(page).status_code == 200
    result["page_first"] = time.perf_counter() - started
    page_times = []
    for _ in range(20):
        started = time.perf_counter()
        assert client.get(page).status_code == 200
        page_times.append(time.perf_counter() - started)
    result["page_median"] = statistics.median(page_times)
    result["page_p95"] = sorted(page_times)[int(0.95 * len(page_times)) - 1]

    # 20 clients at once, 5 pages each (threads in this process, as one server process would serve them).
    concurrent, lock = [], threading.Lock()

    def one_client():
        own = Client()
        own.force_login(user)
        for _ in range(5):
            started = time.perf_counter()
            assert own.get(page).status_code == 200
            with lock:
                concurrent.append(time.perf_counter() - started)

    clients = [threading.Thread(target=one_client) for _ in range(20)]
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join()
    result["page_concurrent_median"] = statistics.median(concurrent)

    def pdf():
        response = client.get(f"/scorecards/{scorecard.pk}/export.pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        return len(response.content)

    result["pdf_median"], result["pdf_bytes"] = median_time(pdf, 3)
    return result


def main():
    url = child_database_url()
    if url is not False:
        print(json.dumps(measure(url, national_too=url is None)))
        return
    print(f"Scorecard benchmark: median of {RUNS} runs; machine: {os.cpu_count()} cores")
    results = run_per_database(__file__)
    national = results[0][1]
    print(
        f"\nNational recompute: {national['indicators']} indicators x {national['periods']} periods; "
        f"{national['wards']:,} wards and {national['districts']} districts as targets "
        f"({national['targets_computed']:,} target-lines) from {national['lsoas']:,} LSOAs"
    )
    print(f"  modelling the synthetic LSOA counts (not timed below)  {national['generate']:7.2f} s")
    print(f"  recompute: values, intervals, gaps, directions, trends {national['recompute'] * 1000:7.1f} ms")
    ratio = national["recompute"] / national["floor"]
    print(
        f"  floor: DuckDB bare sums of {national['rows']:,} rows ({national['floor_groups']:,} groups, "
        f"{national['threads']} threads) {national['floor'] * 1000:7.1f} ms; "
        f"ratio {ratio:.2f} x (target <= 3)"
    )
    for name, r in results:
        print(f"\n{name}: {r['observations']:,} observations held")
        print(
            f"  scorecard page: first {r['page_first'] * 1000:.0f} ms, "
            f"median {r['page_median'] * 1000:.1f} ms, "
            f"95th percentile {r['page_p95'] * 1000:.1f} ms (target < 300 ms); "
            f"20 clients at once: median {r['page_concurrent_median'] * 1000:.0f} ms"
        )
        print(f"  board PDF: median {r['pdf_median']:.2f} s, {r['pdf_bytes'] / 1024:.0f} KB (target < 5 s)")


if __name__ == "__main__":
    main()
