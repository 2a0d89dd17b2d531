"""Benchmark for places and deprivation: prints figures, asserts nothing (targets are read by people).

For each database (SQLite, and PostgreSQL when PG_URL is set):
- national load: `open_data_load()` into an empty database (read, validate, write), median of runs;
- floor: a raw bulk insert of the same rows (already parsed) straight through the DB-API connection
  (executemany on SQLite, COPY on PostgreSQL), into the same tables of an empty database, in one
  transaction, measured in the same run;
- summaries computed for all 317 districts (IoD2019), cold (read from the database) and warm (the
  pages show MHCLG's published File 10 for districts; the same computation serves wards and priority
  areas);
- district profile page server time (Django test client, median of 30 after a warm-up).

Targets (issue 2): load within 3 x the floor; all-district summaries under 1 s; profile page under 300 ms.
Run: bin/benchmark
"""

import json
import os
import statistics
import time

from databases import child_database_url, django_setup, run_per_database  # benchmarks/ is on sys.path

RUNS = int(os.environ.get("BENCH_RUNS", "3"))


def measure(database_url: str | None) -> dict:
    django_setup(database_url)
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import setup_test_environment

    from equalchance.accounts.models import Role, User
    from equalchance.places import selectors
    from equalchance.places.importers import open_data
    from equalchance.places.models import (
        Area,
        Boundary,
        DataLoad,
        LsoaDeprivation,
        LsoaPlacement,
        LsoaSuccession,
        PublishedSummary,
    )

    def empty_database():
        with transaction.atomic():
            for model in (
                PublishedSummary,
                LsoaDeprivation,
                LsoaPlacement,
                LsoaSuccession,
                Boundary,
                DataLoad,
                Area,
            ):
                model.objects.all().delete()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM")

    call_command("migrate", verbosity=0)
    parsed = open_data.read_open_data()
    tables = [
        (Area, ["code", "name", "level"], [(c, n, lvl) for c, (n, lvl) in parsed.areas.items()]),
        (LsoaPlacement, ["geography", "lsoa", "ward", "district", "region"], parsed.placements),
        (LsoaSuccession, ["lsoa11", "lsoa21", "change"], parsed.successions),
        (Boundary, ["area", "geography", "geometry", "source"], parsed.boundaries),
        *[
            (LsoaDeprivation, open_data.DEPRIVATION_FIELDS, parsed.deprivation[spec.year])
            for spec in open_data.RELEASES
        ],
        *[
            (PublishedSummary, open_data.PUBLISHED_FIELDS, parsed.published[spec.year])
            for spec in open_data.PUBLISHED
        ],
    ]

    def floor_insert():
        raw = connection.connection  # the DB-API connection under Django
        with transaction.atomic():
            for spec in open_data.RELEASES:  # deprivation rows refer to their release
                open_data.release_save(spec)
            cursor = raw.cursor()
            for model, fields, rows in tables:
                columns = [model._meta.get_field(f).column for f in fields]
                target = f'"{model._meta.db_table}" ({", ".join(columns)})'
                if connection.vendor == "postgresql":  # COPY: PostgreSQL's fastest bulk insert
                    with cursor.copy(f"COPY {target} FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                else:  # executemany of one prepared INSERT: SQLite's fastest
                    cursor.executemany(
                        f"INSERT INTO {target} VALUES ({', '.join(['?'] * len(columns))})", rows
                    )
            cursor.close()

    load_times, floor_times = [], []
    rows = sum(len(r) for _, _, r in tables)
    for _ in range(RUNS):
        empty_database()
        started = time.perf_counter()
        floor_insert()
        floor_times.append(time.perf_counter() - started)
        empty_database()
        started = time.perf_counter()
        from equalchance.accounts.services import system_actor

        result = open_data.open_data_load(by=system_actor())
        load_times.append(time.perf_counter() - started)
        assert result.loaded
    read_started = time.perf_counter()
    open_data.read_open_data()
    read_time = time.perf_counter() - read_started

    summary_cold, summary_warm = [], []
    for _ in range(5):
        selectors._frames.clear()
        selectors._summaries.clear()
        started = time.perf_counter()
        rows_out = selectors.computed_summaries(release=2019, level="district")
        summary_cold.append(time.perf_counter() - started)
        selectors._summaries.clear()
        started = time.perf_counter()
        selectors.computed_summaries(release=2019, level="district")
        summary_warm.append(time.perf_counter() - started)
    assert len({r.area_code for r in rows_out}) == 317

    setup_test_environment()
    user = User.objects.create_user(username="bench", password="x", role=Role.VIEWER)
    client = Client()
    client.force_login(user)
    selectors._frames.clear()
    selectors._summaries.clear()
    started = time.perf_counter()
    assert client.get("/places/districts/E08000029/").status_code == 200
    first_page = time.perf_counter() - started
    page_times = []
    for _ in range(30):
        started = time.perf_counter()
        response = client.get("/places/districts/E08000029/")
        page_times.append(time.perf_counter() - started)
        assert response.status_code == 200
    return {
        "database": connection.vendor,
        "rows": rows,
        "load": statistics.median(load_times),
        "floor": statistics.median(floor_times),
        "read_validate": read_time,
        "summaries_cold": statistics.median(summary_cold),
        "summaries_warm": statistics.median(summary_warm),
        "page_first": first_page,
        "page_median": statistics.median(page_times),
        "page_p95": sorted(page_times)[int(0.95 * len(page_times)) - 1],
    }


def main():
    url = child_database_url()
    if url is not False:
        print(json.dumps(measure(url)))
        return
    print(f"Places benchmark: national open data, median of {RUNS} loads; machine: {os.cpu_count()} cores")
    results = run_per_database(__file__)
    for name, r in results:
        print(f"\n{name}: {r['rows']:,} rows")
        print(
            f"  national load (read, validate, write) {r['load']:7.2f} s   "
            f"[of which reading and validating {r['read_validate']:.2f} s]"
        )
        print(
            f"  floor: raw bulk insert of the same rows  {r['floor']:7.2f} s   "
            f"ratio {r['load'] / r['floor']:.2f} x (target <= 3)"
        )
        print(
            f"  summaries, all 317 districts, from the database {r['summaries_cold'] * 1000:7.1f} ms; "
            f"from cached LSOA arrays {r['summaries_warm'] * 1000:.1f} ms (target < 1000 ms)"
        )
        print(
            f"  district profile page: first {r['page_first'] * 1000:.0f} ms, "
            f"median {r['page_median'] * 1000:.1f} ms, "
            f"95th percentile {r['page_p95'] * 1000:.1f} ms (target < 300 ms)"
        )


if __name__ == "__main__":
    main()
