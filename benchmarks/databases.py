"""Running a benchmark once per database, each in a fresh process with its own settings; and timing."""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


def child_database_url() -> str | None | bool:
    """In a child process: the database URL it was given (None for SQLite); False in the parent."""
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        return sys.argv[2] if len(sys.argv) > 2 else None
    return False


def run_per_database(script: str) -> list[tuple[str, dict]]:
    """Run `script --child [URL]` on SQLite, and on PostgreSQL when PG_URL is set; its last output
    line is a JSON object of figures."""
    targets = [("SQLite", [])]
    if os.environ.get("PG_URL"):
        targets.append(("PostgreSQL", [os.environ["PG_URL"]]))
    results = []
    for name, args in targets:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        out = subprocess.run(
            [sys.executable, script, "--child", *args], env=env, capture_output=True, text=True
        )
        if out.returncode != 0:
            print(out.stderr)
            raise SystemExit(f"{name} benchmark failed")
        results.append((name, json.loads(out.stdout.strip().splitlines()[-1])))
    return results


def django_setup(database_url: str | None) -> None:
    """Django on the given database (SQLite in a fresh temporary folder when None)."""
    os.environ["EQUALCHANCE_VAR_DIR"] = tempfile.mkdtemp(prefix="equalchance-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "equalchance.config.settings"
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()


def timed(call, repeats: int) -> float:
    """The median wall-clock time of `repeats` calls, in seconds."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)
