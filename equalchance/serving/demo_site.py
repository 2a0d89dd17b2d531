"""A whole running site for the browser tests and the load benchmark: its own database (a SQLite file,
or a new PostgreSQL database beside the one in DATABASE_URL) with the national open data, the synthetic
indicator series, the default scorecard, a synthetic directory and the demo users; served by
`equalchance serve` (gunicorn) with a background worker beside it, on loopback."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

COMMAND = [sys.executable, "-m", "equalchance.cli"]
PASSWORD = "equal-chance-demo"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def postgres_database(url: str, name: str, *, drop: bool = False) -> str:
    """Create (or drop) database `name` on the server of `url`; the new database's URL."""
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop:
            connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def site_environment(var_dir: Path, *, database_url: str | None, mail_dir: Path | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        EQUALCHANCE_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="equalchance.config.settings",
        DJANGO_DEBUG="0",
        # A real key, as production has; plain HTTP on loopback (production is behind TLS).
        SECRET_KEY=secrets.token_urlsafe(64),
        EQUALCHANCE_TLS="0",
        # This site serves the demo accounts on purpose (equalchance/serving/demo_accounts.py).
        EQUALCHANCE_ALLOW_DEMO_ACCOUNTS="1",
        EMAIL_BACKEND="equalchance.serving.mail.PrivateFileEmailBackend",
        EMAIL_FILE_PATH=str(mail_dir or Path(var_dir) / "mail"),
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def site_prepare(env: dict, *, services: int = 150) -> None:
    steps = (
        ["migrate", "-v0"],
        ["load-open-data", "--no-progress"],
        ["indicators", "generate-synthetic"],
        ["scorecards", "create-default"],
        ["directory", "generate-synthetic", "--services", str(services)],
        ["create_demo_users"],
        ["plans", "load-demo"],
        ["performance", "load-demo"],
    )
    for step in steps:
        result = subprocess.run(COMMAND + step, env=env, capture_output=True, text=True, timeout=900)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(step)} failed: {result.stdout}{result.stderr}")


@dataclass
class Site:
    base: str
    log: Path
    processes: list = field(default_factory=list)

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def site_serve(env: dict, *, workers: int = 2, with_worker: bool = True) -> Site:
    """Start `equalchance serve` (and a background worker) and wait until /healthz answers."""
    port = free_port()
    log = Path(env["EQUALCHANCE_VAR_DIR"]) / "server.log"
    output = open(log, "a")
    server_env = {**env, "PORT": str(port), "HOST": "127.0.0.1", "WEB_CONCURRENCY": str(workers)}
    site = Site(base=f"http://127.0.0.1:{port}", log=log)
    site.processes.append(subprocess.Popen(COMMAND + ["serve"], env=server_env, stdout=output, stderr=output))
    if with_worker:
        site.processes.append(
            subprocess.Popen(
                COMMAND + ["db_worker", "--interval", "0.5", "--no-reload"],
                env=env,
                stdout=output,
                stderr=output,
            )
        )
    for _ in range(600):
        try:
            urllib.request.urlopen(site.base + "/healthz", timeout=2)
            return site
        except OSError:
            if site.processes[0].poll() is not None:
                break
            time.sleep(0.1)
    site.stop()
    raise RuntimeError("The server did not start: " + log.read_text())
