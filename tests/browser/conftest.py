"""A real server (its own database, national data loaded) and Debian's Chromium driven by Playwright."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PASSWORD = "equal-chance-demo"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _own_postgres_database(url: str, name: str, drop: bool = False) -> str:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not drop:
            connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def mail_dir(tmp_path_factory):
    """Where the running site writes the e-mails it sends (Django's file backend), one file each."""
    return tmp_path_factory.mktemp("mail")


@pytest.fixture(scope="session")
def site(tmp_path_factory, mail_dir):
    """Base URL of a running Equal Chance with the national open data and demo users."""
    var = tmp_path_factory.mktemp("site")
    env = {
        **os.environ,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "EQUALCHANCE_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "equalchance.config.settings",
        "DJANGO_DEBUG": "0",
    }
    database = None
    if env.get("DATABASE_URL", "").startswith("postgres"):
        database = f"equalchance_browser_{os.getpid()}"
        env["DATABASE_URL"] = _own_postgres_database(env["DATABASE_URL"], database)
    else:
        env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "equalchance.cli"]
    steps = (
        ["migrate", "-v0"],
        ["load-open-data", "--no-progress"],
        ["indicators", "generate-synthetic"],
        ["scorecards", "create-default"],
        ["directory", "generate-synthetic", "--services", "150"],
        ["create_demo_users"],
    )
    for step in steps:
        subprocess.run(command + step, env=env, check=True, capture_output=True, timeout=600)
    port = _free_port()
    log = open(var / "server.log", "w")
    server = subprocess.Popen(
        command + ["runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/accounts/sign-in/", timeout=2)
            break
        except OSError:
            time.sleep(0.1)
    else:
        server.kill()
        raise RuntimeError("The server did not start: " + (var / "server.log").read_text())
    yield base
    server.terminate()
    server.wait(timeout=10)
    log.close()
    if database:
        _own_postgres_database(os.environ["DATABASE_URL"], database, drop=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, which Django would take for
    # async code; browser tests touch the database only through the server process.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def sign_in(page, site, username="analyst", password=PASSWORD):
    page.goto(site + "/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state("networkidle")


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]
