"""`equalchance serve` runs gunicorn with settings from the environment, and refuses to start without a
real SECRET_KEY in the environment."""

import io
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

REAL_KEY = "k9$Zq!2vX8#rT4&mW7pL0@nB5^cY3*hJ6%fD1_sG9+aE2=uQ8r-serve-test"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def command_env(tmp_path, **extra) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "WEB_CONCURRENCY", "PORT"}
    }
    env.update(DJANGO_SETTINGS_MODULE="equalchance.config.settings", EQUALCHANCE_VAR_DIR=str(tmp_path))
    env.update(extra)
    return env


def serve(env, *arguments) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "equalchance.cli", "serve", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_serve_refuses_to_start_without_a_secret_key_in_the_environment(tmp_path):
    port = free_port()
    result = serve(command_env(tmp_path, PORT=str(port)))
    assert result.returncode != 0
    assert "Refusing to start: set SECRET_KEY in the environment" in result.stderr
    with socket.socket() as s:  # and nothing was left listening
        assert s.connect_ex(("127.0.0.1", port)) != 0


@pytest.fixture
def production_key(monkeypatch, settings):
    """As if SECRET_KEY were set in the environment (for the command run in this process)."""
    monkeypatch.setenv("SECRET_KEY", REAL_KEY)
    settings.SECRET_KEY_FROM_ENVIRONMENT = True
    for name in ("HOST", "PORT", "WEB_CONCURRENCY", "WEB_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def dry_run() -> list[str]:
    out = io.StringIO()
    call_command("serve", "--dry-run", stdout=out)
    return out.getvalue().split()


@pytest.mark.parametrize("key", ["too-short", "insecure-local-development-key-do-not-use-in-production"])
def test_serve_refuses_a_development_key(production_key, key):
    production_key.setenv("SECRET_KEY", key)
    with pytest.raises(CommandError, match="Refusing to start"):
        dry_run()


def test_serve_takes_host_port_and_workers_from_the_environment(production_key):
    production_key.setenv("HOST", "::1")
    production_key.setenv("PORT", "8123")
    production_key.setenv("WEB_CONCURRENCY", "3")
    words = dry_run()
    assert words[1:4] == ["-m", "gunicorn", "equalchance.config.wsgi:application"]
    assert words[words.index("--bind") + 1] == "[::1]:8123"
    assert words[words.index("--workers") + 1] == "3"
    assert "--access-logfile" not in words  # the product's own request log, without client addresses


def test_serve_defaults_to_loopback_port_8000_and_twice_the_cores_plus_one(production_key):
    words = dry_run()
    cores = len(os.sched_getaffinity(0))
    assert words[words.index("--bind") + 1] == "127.0.0.1:8000"
    assert words[words.index("--workers") + 1] == str(min(2 * cores + 1, 12))


@pytest.mark.parametrize(
    "name, value, said",
    [
        ("PORT", "eighty", "PORT must be a whole number from 1 to 65535, not 'eighty'."),
        ("WEB_CONCURRENCY", "0", "WEB_CONCURRENCY must be a whole number from 1 to 256, not '0'."),
    ],
)
def test_serve_names_a_bad_setting(production_key, name, value, said):
    production_key.setenv(name, value)
    with pytest.raises(CommandError) as refused:
        dry_run()
    assert str(refused.value) == said


def get(url: str):
    try:
        # Generous: a new worker's first page loads the templates, and CI runs two suites on two cores.
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_serve_runs_gunicorn_with_pages_static_files_and_the_health_check(fresh_database, tmp_path):
    port = free_port()
    env = {
        **fresh_database,
        "DJANGO_SETTINGS_MODULE": "equalchance.config.settings",
        "SECRET_KEY": REAL_KEY,
        "EQUALCHANCE_TLS": "0",  # plain HTTP on loopback for the test; production is behind TLS
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
    }
    log = open(tmp_path / "serve.log", "w+")
    server = subprocess.Popen(
        [sys.executable, "-m", "equalchance.cli", "serve"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "serve.log").read_text()
                time.sleep(0.1)
        status, headers, body = get(base + "/healthz")
        assert (status, body) == (200, b"ok\n")
        status, headers, body = get(base + "/static/frontend/app.css")  # WhiteNoise, no collectstatic
        assert status == 200 and headers["Content-Type"].startswith("text/css") and b".govuk-" in body
        status, headers, body = get(base + "/accessibility/")
        assert status == 200 and b"Accessibility" in body
        assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
        status, headers, body = get(base + "/scorecards/")  # needs sign-in
        assert status == 200 and b"Sign in" in body  # followed the redirect to the sign-in page
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    assert server.returncode == 0
    lines = (tmp_path / "serve.log").read_text().splitlines()
    assert any('"path": "/accessibility/"' in line and '"status": 200' in line for line in lines)


def test_the_wsgi_module_loads_every_page_and_sets_it_aside_from_the_garbage_collector():
    """A full collection walked every object Django and the product load, a pause of 0.3 to 0.5 s every
    ten or so exception report pages; the served process sets them aside once loaded."""
    import subprocess
    import sys

    script = (
        "import gc, sys; import equalchance.config.wsgi; "
        "print(gc.get_freeze_count(), 'equalchance.performance.views' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    frozen, views_loaded = out.stdout.split()
    assert int(frozen) > 50_000 and views_loaded == "True"
