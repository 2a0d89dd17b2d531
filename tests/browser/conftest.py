"""A real site (its own database, national data loaded), served by `equalchance serve` (gunicorn) with
a background worker, and Debian's Chromium driven by Playwright. Pages must raise no JavaScript error
and break no rule of the Content-Security-Policy."""

import os
from pathlib import Path

import pytest

from equalchance.serving.demo_site import (
    PASSWORD,
    postgres_database,
    site_environment,
    site_prepare,
    site_serve,
)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def mail_dir(tmp_path_factory):
    """Where the running site writes the e-mails it sends (Django's file backend), one file each."""
    return tmp_path_factory.mktemp("mail")


@pytest.fixture(scope="session")
def site(tmp_path_factory, mail_dir):
    """Base URL of a running Equal Chance with the national open data and demo users."""
    var = tmp_path_factory.mktemp("site")
    database = None
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        database = f"equalchance_browser_{os.getpid()}"
        url = postgres_database(os.environ["DATABASE_URL"], database)
    else:
        url = None
    env = site_environment(var, database_url=url, mail_dir=mail_dir)
    site_prepare(env)
    running = site_serve(env)
    yield running.base
    running.stop()
    if database:
        postgres_database(os.environ["DATABASE_URL"], database, drop=True)


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
    errors, refused = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: refused.append(message.text) if _breaks_the_policy(message) else None)
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"
    assert not refused, f"Content-Security-Policy violations: {refused}"


def _breaks_the_policy(message) -> bool:
    """Chromium reports what the Content-Security-Policy refused (a script, a style, an image) on the
    console, and features the Permissions-Policy names that it does not know."""
    text = message.text
    return "Content Security Policy" in text or "Unrecognized feature" in text


def sign_in(page, site, username="analyst", password=PASSWORD):
    page.goto(site + "/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_load_state("networkidle")


def axe_violations(page) -> list[str]:
    # Evaluated by the browser's debugging protocol: the page's CSP (rightly) refuses inline script.
    page.evaluate(AXE.read_text())
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_22_AA)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]
