"""Strong sign-in in a real browser: a passkey made by Chromium's virtual authenticator (CTAP2, internal,
resident key, user verification) then signs in alone; a moderator must set up an authenticator app
(the code computed here from the key the page shows as text) before anything else, then uses it at
sign-in; the password reset pages. axe WCAG 2.2 AA on every page."""

import re

import pytest
from playwright.sync_api import expect

from equalchance.accounts.tests.factories import totp_code
from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser
NEW_PASSWORD = "juniper-kettle-orbit-41"


def make_user(browser, site, username: str, role: str) -> None:
    """The demo administrator adds a user through the admin pages."""
    admin = browser.new_context().new_page()
    sign_in(admin, site, "admin")
    admin.goto(site + "/admin/accounts/user/add/")
    admin.locator("#id_username").fill(username)
    admin.locator("#id_password1").fill(NEW_PASSWORD)
    admin.locator("#id_password2").fill(NEW_PASSWORD)
    admin.locator("#id_role").select_option(label=role)
    admin.locator("input[name=_save]").click()
    admin.wait_for_url(re.compile(r"/admin/accounts/user/\d+/change/$"))
    assert admin.locator(".messagelist", has_text="was added successfully").is_visible()
    admin.context.close()


def new_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page, errors


def heading(page) -> str:
    return page.locator("h1").inner_text()


def test_a_passkey_is_added_and_then_signs_in_alone(browser, site):
    make_user(browser, site, "pat", "Viewer")
    local = site.replace("127.0.0.1", "localhost")  # WebAuthn needs a secure context: localhost is one
    page, errors = new_page(browser)
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )["authenticatorId"]

    page.goto(local + "/accounts/sign-in/")
    page.get_by_role("button", name="Sign in with a passkey").click()  # none made yet: it fails, and says so
    error = page.locator("[data-passkey-error]")
    error.wait_for(state="visible", timeout=60_000)
    assert "Your passkey could not be used" in error.inner_text()
    assert axe_violations(page) == []

    sign_in(page, local, "pat", NEW_PASSWORD)
    page.get_by_role("link", name="Sign-in and security").click()
    assert heading(page) == "Your second factor"
    assert axe_violations(page) == []
    page.get_by_role("link", name="Add a passkey").click()
    assert heading(page) == "Confirm it is you"  # allauth asks for the password before any change
    assert axe_violations(page) == []
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    assert heading(page) == "Add a passkey"
    assert axe_violations(page) == []
    page.get_by_label("Name for this passkey").fill("Test laptop")
    assert page.get_by_label("Sign in with this passkey alone").is_checked()
    page.get_by_role("button", name="Add the passkey").click()
    page.wait_for_url(re.compile(r"/accounts/2fa/recovery-codes/$"))
    assert heading(page) == "Your recovery codes"
    assert page.locator(".govuk-notification-banner").inner_text().endswith("Your passkey has been added.")
    assert len(page.locator(".app-recovery-codes li").all()) == 10
    assert axe_violations(page) == []
    [credential] = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]
    assert credential["isResidentCredential"] and credential["rpId"] == "localhost"

    page.get_by_role("button", name="Sign out").click()
    assert "/accounts/sign-in/" in page.url
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.wait_for_url(re.compile(r"/start/$"))  # your work
    assert "Signed in as pat" in page.locator(".govuk-phase-banner").inner_text()

    # With a passkey, a password alone no longer signs pat in: the passkey is asked for as well.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, local, "pat", NEW_PASSWORD)
    assert "/accounts/2fa/authenticate/" in page.url and heading(page) == "Confirm it is you"
    assert axe_violations(page) == []
    page.get_by_role("button", name="Use a passkey").click()
    page.wait_for_url(re.compile(r"/start/$"))  # your work
    assert "Signed in as pat" in page.locator(".govuk-phase-banner").inner_text()
    assert errors == []
    page.context.close()


def test_a_moderator_sets_up_an_authenticator_app_before_anything_else(browser, site):
    make_user(browser, site, "mona", "Directory moderator")
    page, errors = new_page(browser)
    sign_in(page, site, "mona", NEW_PASSWORD)
    assert page.url.endswith("/accounts/2fa/")
    assert "you must set up a second factor" in page.locator(".govuk-warning-text").inner_text()
    assert axe_violations(page) == []
    page.goto(site + "/directory/moderation/")
    assert page.url.endswith("/accounts/2fa/")  # nothing else opens

    page.get_by_role("link", name="Set up an authenticator app").click()
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Continue").click()
    assert heading(page) == "Set up an authenticator app"
    assert page.get_by_role("img", name=re.compile("QR code")).is_visible()
    assert axe_violations(page) == []
    secret = page.locator("#authenticator-secret").inner_text().replace(" ", "")
    page.get_by_label("Code the app shows").fill("000000")
    page.get_by_role("button", name="Set up the app").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Code the app shows").fill(totp_code(secret))
    page.get_by_role("button", name="Set up the app").click()
    assert heading(page) == "Your recovery codes"
    page.get_by_role("link", name="Continue to Equal Chance").click()
    page.goto(site + "/directory/moderation/")
    assert page.url.endswith("/directory/moderation/")

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, site, "mona", NEW_PASSWORD)
    assert "/accounts/2fa/authenticate/" in page.url
    page.get_by_label("Code from your authenticator app").fill(totp_code(secret))
    page.get_by_role("button", name="Continue").click()
    page.goto(site + "/directory/moderation/")
    assert page.url.endswith("/directory/moderation/") and "Signed in as mona" in page.content()
    assert errors == []
    page.context.close()


def test_the_password_reset_pages_are_accessible_and_say_the_same_for_any_address(page, site):
    page.goto(site + "/accounts/sign-in/")
    page.get_by_role("link", name="I have forgotten my password").click()
    assert heading(page) == "Reset your password"
    assert axe_violations(page) == []
    page.get_by_label("Email address").fill("nobody@example.org")
    page.get_by_role("button", name="Send the link").click()
    assert heading(page) == "Check your email"
    assert axe_violations(page) == []
