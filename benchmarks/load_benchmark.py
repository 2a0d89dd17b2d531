"""Load benchmark: prints figures, asserts nothing (people read targets).

Starts `equalchance serve` (gunicorn, WEB_CONCURRENCY workers) on PostgreSQL (PG_URL) with the demo data
(national open data, synthetic indicators, the default scorecard, a synthetic directory, demo users)
and drives it from this process over loopback: BENCH_USERS simultaneous users (default 50), each pausing
about a second (0.5 to 1.5 s) between requests, for BENCH_SECONDS (default 120). They mix public
directory searches with and without a postcode, the Open Referral UK feed, and scorecard pages signed
in as the demo analyst; bare /healthz is measured in the same run as the floor. A search near a
postcode is the form posted and the sealed address it leads to, timed together, as a person sees it.

Prints requests served, errors, the median and 95th percentile per kind of request.
Targets (issue 9), on the 2-core reference machine: 0 errors; 95th percentile under 1 s.
Run: bin/benchmark, or `PG_URL=... .venv/bin/python benchmarks/load_benchmark.py [--url BASE]`
(--url drives a site that is already running, without preparing one).
"""

import argparse
import http.client
import http.cookiejar
import json
import os
import random
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WORDS = ["family", "play", "support", "parenting", "youth", "advice", "health", "music", "sport", "baby"]
POSTCODES = ["B37 7UH", "B91 3QB", "B36 0HE", "B92 7AW", "B90 3AF"]
# Kind of request -> share of the mix.
MIX = {"search": 0.30, "search_postcode": 0.20, "oruk": 0.20, "scorecard": 0.15, "healthz": 0.15}
TIMEOUT = 60


class User:
    """One simulated person: their own cookies (a signed-in session for scorecard pages)."""

    def __init__(self, base: str, scorecards: list[int], rng: random.Random):
        self.base, self.scorecards, self.rng = base, scorecards, rng
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.signed_in = False

    def sign_in(self) -> None:
        page = self.opener.open(self.base + "/accounts/sign-in/", timeout=TIMEOUT).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {
            "csrfmiddlewaretoken": token,
            "username": "analyst",
            "login": "analyst",
            "password": "equal-chance-demo",
        }
        request = urllib.request.Request(
            self.base + "/accounts/sign-in/?next=/healthz",  # not the home page's redirects after it
            data=urllib.parse.urlencode(form).encode(),
            headers={"Referer": self.base + "/accounts/sign-in/"},
        )
        self.opener.open(request, timeout=TIMEOUT).read()
        self.signed_in = True

    def path(self, kind: str) -> str:
        word = self.rng.choice(WORDS)
        if kind == "search":
            return "/directory/?" + urllib.parse.urlencode({"q": word})
        if kind == "search_postcode":  # the form is posted: the postcode is sealed in the next address
            return "/directory/"
        if kind == "oruk":
            return "/api/oruk/services?" + urllib.parse.urlencode(
                {
                    "page": self.rng.randint(1, 5),
                    "per_page": 10,
                    **({"text": word} if self.rng.random() < 0.5 else {}),
                }
            )
        if kind == "scorecard":
            return f"/scorecards/{self.rng.choice(self.scorecards)}/"
        return "/healthz"

    def request(self, kind: str) -> tuple[bool, float]:
        if kind == "scorecard" and not self.signed_in:
            self.sign_in()
        data = None
        if kind == "search_postcode":
            form = {"q": self.rng.choice(WORDS), "postcode": self.rng.choice(POSTCODES), "distance": "5"}
            data = urllib.parse.urlencode(form).encode()
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + self.path(kind), data=data, timeout=TIMEOUT) as response:
                response.read()
                ok = response.status == 200 and "/accounts/sign-in/" not in response.url
        except (urllib.error.URLError, http.client.HTTPException, OSError):
            ok = False
        return ok, time.perf_counter() - started


def drive(
    base: str, *, users: int, seconds: float, scorecards: list[int], mix: dict | None = None, seed: int = 2026
) -> dict:
    """Run `users` simulated people against `base` for `seconds`; figures per kind of request."""
    timings: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    mix = mix or MIX
    kinds, weights = list(mix), list(mix.values())
    clock = {}
    # Everyone signs in first (hashing a password is slow on purpose, and people sign in once a day,
    # not between pages); the measured period starts when all are ready.
    ready = threading.Barrier(users, action=lambda: clock.update(start=time.monotonic()))
    sign_in_failures = []

    def person(number: int) -> None:
        rng = random.Random(seed + number)
        user = User(base, scorecards, rng)
        if "scorecard" in kinds:
            try:
                user.sign_in()
            except Exception as error:  # counted below as the scorecard pages it cannot open
                sign_in_failures.append(repr(error))
        ready.wait(timeout=seconds + TIMEOUT)
        stop_at = clock["start"] + seconds
        time.sleep(rng.uniform(0, 1))  # people arrive over the first second, not all at once
        while time.monotonic() < stop_at:
            kind = rng.choices(kinds, weights)[0]
            try:
                ok, took = user.request(kind)
            except Exception:
                ok, took = False, 0.0
            with lock:
                timings[kind].append(took)
                if not ok:
                    errors[kind] += 1
            time.sleep(rng.uniform(0.5, 1.5))

    threads = [threading.Thread(target=person, args=(n,), daemon=True) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=2 * seconds + 2 * TIMEOUT)
    started = clock.get("start", time.monotonic())
    elapsed = time.monotonic() - started
    figures = {}
    for kind in mix:
        times = sorted(timings[kind])
        figures[kind] = {
            "requests": len(times),
            "errors": errors[kind],
            "median_ms": round(1000 * statistics.median(times), 1) if times else None,
            "p95_ms": round(1000 * times[min(len(times) - 1, int(0.95 * len(times)))], 1) if times else None,
        }
    return {
        "users": users,
        "seconds": round(elapsed, 1),
        "requests": sum(f["requests"] for f in figures.values()),
        "errors": sum(f["errors"] for f in figures.values()),
        "sign_in_failures": len(sign_in_failures),
        "kinds": figures,
    }


def report(result: dict, *, workers: int | str) -> str:
    lines = [
        f"Load: {result['users']} users for {result['seconds']} s against equalchance serve "
        f"({workers} gunicorn workers) on PostgreSQL",
        f"  requests served {result['requests']:,} ({result['requests'] / result['seconds']:.1f}/s), "
        f"errors {result['errors']}; sign-ins before the measured period {result['users']}, "
        f"failed {result['sign_in_failures']}",
        f"  {'kind':<16} {'requests':>9} {'errors':>7} {'median ms':>10} {'p95 ms':>9}  target p95 < 1000 ms",
    ]
    for kind, f in result["kinds"].items():
        verdict = (
            "floor"
            if kind == "healthz"
            else ("met" if f["p95_ms"] is not None and f["p95_ms"] < 1000 else "MISSED")
        )
        lines.append(
            f"  {kind:<16} {f['requests']:>9,} {f['errors']:>7} "
            f"{f['median_ms'] or 0:>10.1f} {f['p95_ms'] or 0:>9.1f}  {verdict}"
        )
    return "\n".join(lines)


def scorecard_ids(base: str) -> list[int]:
    user = User(base, [], random.Random(0))
    user.sign_in()
    page = user.opener.open(base + "/scorecards/", timeout=TIMEOUT).read().decode()
    ids = sorted({int(i) for i in re.findall(r'href="/scorecards/(\d+)/"', page)})
    if not ids:
        raise SystemExit("The site has no scorecard to load (scorecards create-default makes one).")
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="Drive this running site instead of preparing and serving one")
    parser.add_argument("--users", type=int, default=int(os.environ.get("BENCH_USERS", "50")))
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", "120")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "0")) or None)
    parser.add_argument(
        "--kinds",
        default=",".join(MIX),
        help="Only these kinds of request, comma-separated (default: all: " + ", ".join(MIX) + ")",
    )
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON too")
    arguments = parser.parse_args()
    chosen = [kind.strip() for kind in arguments.kinds.split(",") if kind.strip()]
    unknown = sorted(set(chosen) - set(MIX))
    if unknown or not chosen:
        parser.error(f"--kinds takes some of {', '.join(MIX)}; not {', '.join(unknown) or 'nothing'}")

    from equalchance.serving.demo_site import postgres_database, site_environment, site_prepare, site_serve
    from equalchance.serving.management.commands.serve import default_workers

    workers = arguments.workers or default_workers()
    site, database = None, None
    base = arguments.url
    if not base:
        if not os.environ.get("PG_URL"):
            raise SystemExit("Set PG_URL to a PostgreSQL server (bin/benchmark starts one).")
        database = f"equalchance_load_{os.getpid()}"
        env = site_environment(
            Path(tempfile.mkdtemp(prefix="equalchance-load-")),
            database_url=postgres_database(os.environ["PG_URL"], database),
        )
        print(
            "Preparing the demo site on PostgreSQL (national data, scorecard, directory)...", file=sys.stderr
        )
        site_prepare(env, services=300)
        site = site_serve(env, workers=workers, with_worker=False)
        base = site.base
    try:
        result = drive(
            base,
            users=arguments.users,
            seconds=arguments.seconds,
            scorecards=scorecard_ids(base) if "scorecard" in chosen else [],
            mix={kind: MIX[kind] for kind in chosen},
        )
    finally:
        if site:
            site.stop()
        if database:
            postgres_database(os.environ["PG_URL"], database, drop=True)
    print(report(result, workers=workers if site else "?"))
    if arguments.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
