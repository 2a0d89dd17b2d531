"""The load benchmark (benchmarks/load_benchmark.py) runs for a few seconds with a few users against the
browser tests' site, so that it cannot rot; its real run is `bin/benchmark`."""

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "load_benchmark.py"


def test_the_load_benchmark_drives_the_site_without_errors(site):
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--url", site, "--users", "4", "--seconds", "4", "--json"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    report, figures = result.stdout.rsplit("\n", 2)[0], json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["errors"] == 0, report
    assert figures["requests"] >= 8 and figures["users"] == 4
    assert sum(f["requests"] for f in figures["kinds"].values()) == figures["requests"]
    for kind in ("search", "search_postcode", "oruk", "scorecard", "healthz"):
        assert kind in report
