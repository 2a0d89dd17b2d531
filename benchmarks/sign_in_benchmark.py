"""Benchmark for sign-in: what a failed sign-in costs, and what refusing a locked account costs.

Through the real sign-in form with the production password hasher (PBKDF2): ten failed sign-ins for
one account (each hashes the typed password), then ten attempts with the right password while the
account is locked (refused before hashing). Medians, per database. A locked account must cost a
query, not the hashing that lets a few threads of guesses slow every other page.
Run: bin/benchmark
"""

import json
import os
import statistics
import time

from databases import child_database_url, django_setup, run_per_database  # benchmarks/ is on sys.path

PASSWORD = "a-long-enough-password"


def child(database_url):
    os.environ["ALLOWED_HOSTS"] = "testserver"
    django_setup(database_url)
    from django.core.management import call_command
    from django.test import Client

    from equalchance.accounts.models import User

    call_command("migrate", verbosity=0)
    username = f"timing-{os.getpid()}-{time.time_ns()}"
    User.objects.create_user(username=username, password=PASSWORD, role="analyst")
    client = Client()

    def post(password):
        started = time.perf_counter()
        response = client.post("/accounts/sign-in/", {"login": username, "password": password})
        return time.perf_counter() - started, response

    failed = [post(f"wrong-{i}")[0] * 1000 for i in range(10)]
    locked = []
    for _ in range(10):
        elapsed, response = post(PASSWORD)
        assert "locked" in response.content.decode()
        locked.append(elapsed * 1000)
    print(json.dumps({"failed_ms": statistics.median(failed), "locked_ms": statistics.median(locked)}))


def main():
    url = child_database_url()
    if url is not False:
        return child(url)
    for name, figures in run_per_database(__file__):
        print(
            f"Sign-in on {name}: a failed sign-in (password hashed) {figures['failed_ms']:.0f} ms; "
            f"a locked account refused before hashing {figures['locked_ms']:.0f} ms (medians of 10)"
        )


if __name__ == "__main__":
    main()
