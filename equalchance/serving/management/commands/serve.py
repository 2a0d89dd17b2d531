"""`equalchance serve`: the production web server (gunicorn) on `equalchance.config.wsgi`.

Settings from the environment:
- `HOST` (default 127.0.0.1: behind a TLS proxy on the same machine) and `PORT` (default 8000);
- `WEB_CONCURRENCY`: worker processes (default 2 x CPU cores + 1, at most 12);
- `WEB_TIMEOUT`: seconds a request may take before its worker is restarted (default 120);
- `GUNICORN_CMD_ARGS`: any other gunicorn setting, read by gunicorn itself.
Static files are served by WhiteNoise from the apps (and from STATIC_ROOT after `collectstatic`).

It refuses to start without a real `SECRET_KEY` in the environment (production never signs with a
development key), and while the database holds active demo accounts (equalchance/serving/demo_accounts.py).
"""

import importlib.util
import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from equalchance.config.secret_key import MIN_LENGTH, is_production_key
from equalchance.serving.demo_accounts import demo_accounts_active, demo_accounts_refusal

WSGI_APPLICATION = "equalchance.config.wsgi:application"
MAX_DEFAULT_WORKERS = 12


def default_workers() -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(2 * cores + 1, MAX_DEFAULT_WORKERS)


def whole_number_from_environment(name: str, default: int, *, lowest: int, highest: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not lowest <= int(raw) <= highest:
        raise CommandError(f"{name} must be a whole number from {lowest} to {highest}, not {raw!r}.")
    return int(raw)


def bind_address(host: str, port: int) -> str:
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address
    return f"{host}:{port}"


def gunicorn_arguments() -> list[str]:
    host = os.environ.get("HOST", "").strip() or "127.0.0.1"
    port = whole_number_from_environment("PORT", 8000, lowest=1, highest=65535)
    workers = whole_number_from_environment("WEB_CONCURRENCY", default_workers(), lowest=1, highest=256)
    timeout = whole_number_from_environment("WEB_TIMEOUT", 120, lowest=1, highest=3600)
    arguments = [
        WSGI_APPLICATION,
        "--bind",
        bind_address(host, port),
        "--workers",
        str(workers),
        "--timeout",
        str(timeout),
        "--graceful-timeout",
        "30",
        # A worker is replaced after this many requests, so slow growth of memory never accumulates.
        "--max-requests",
        "2000",
        "--max-requests-jitter",
        "200",
        # No gunicorn access log: the product writes its own request log, without query strings or
        # client addresses (equalchance.serving.request_log).
        "--error-logfile",
        "-",
        "--log-level",
        "warning",
    ]
    if os.path.isdir("/dev/shm"):
        arguments += ["--worker-tmp-dir", "/dev/shm"]  # heartbeats off the disk
    return arguments


class Command(BaseCommand):
    help = (
        "Serve Equal Chance with gunicorn (HOST, PORT, WEB_CONCURRENCY, WEB_TIMEOUT from the environment). "
        "Needs a real SECRET_KEY in the environment."
    )
    requires_system_checks = []  # checked below, with the deploy checks, before gunicorn starts

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the gunicorn command instead of running it"
        )

    def handle(self, *args, dry_run: bool = False, **options):
        key = os.environ.get("SECRET_KEY", "").strip()
        if not settings.SECRET_KEY_FROM_ENVIRONMENT or not is_production_key(key):
            raise CommandError(
                "Refusing to start: set SECRET_KEY in the environment to a long random value (at least "
                f"{MIN_LENGTH} characters), e.g. the output of "
                "python3 -c 'import secrets; print(secrets.token_urlsafe(64))'. "
                "Production never runs on a development key."
            )
        self.check(display_num_errors=False)
        if importlib.util.find_spec("gunicorn") is None:
            raise CommandError("gunicorn is not installed in this environment (bin/setup installs it).")
        argv = [sys.executable, "-m", "gunicorn", *gunicorn_arguments()]
        if dry_run:
            self.stdout.write(" ".join(argv))
            return
        self.demo_accounts_refuse()
        sys.stdout.flush()
        sys.stderr.flush()
        # gunicorn takes this process's place, so a service manager's signals reach it directly.
        os.execv(sys.executable, argv)

    def demo_accounts_refuse(self) -> None:
        """Refuse a database holding active demo accounts (unless EQUALCHANCE_ALLOW_DEMO_ACCOUNTS)."""
        if settings.EQUALCHANCE_ALLOW_DEMO_ACCOUNTS:
            return
        try:
            demo = demo_accounts_active()
        except DatabaseError as error:
            raise CommandError(
                "Refusing to start: the database did not answer, so it cannot be checked for demo accounts "
                f"({type(error).__name__}). Is DATABASE_URL right and the database up?"
            ) from None
        finally:
            connection.close()  # gunicorn's workers open their own
        if demo:
            raise CommandError("Refusing to start: " + demo_accounts_refusal(len(demo)))
