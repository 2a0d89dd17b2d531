"""The public front door and the pages around it in a real browser: a parent on a phone reaches the
directory from /, the staff navigation keeps to one row at 1,280 pixels and folds behind a "Menu"
button on a phone, and public, browse and error pages reflow at 320 pixels (WCAG 1.4.10) with no axe
violations (WCAG 2.2 AA)."""

import pytest

from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser
PHONE, NARROWEST, DESKTOP = 390, 320, 1280


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def navigation_items(page):
    """Each item of the service navigation: its words, its top and whether it shows."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.govuk-service-navigation__item')].map(item => (
            {text: item.innerText.trim(), top: item.offsetTop, shown: item.offsetParent !== null}))"""
    )


def test_a_parent_on_a_phone_reaches_the_directory_from_the_front_door(page, site):
    page.set_viewport_size({"width": PHONE, "height": 800})
    page.goto(site + "/")
    assert page.get_by_role("heading", level=1).inner_text() == "Solihull Partnership"
    assert page_width(page) <= PHONE
    assert axe_violations(page) == []
    page.get_by_label("Search for support").fill("play")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "/directory/" in page.url and page.get_by_test_id("result-count").is_visible()
    page.locator("a[href^='/directory/services/']").first.click()
    assert "/directory/services/" in page.url
    # the header leads back to the front door, not to a sign-in page
    page.get_by_role("link", name="Equal Chance", exact=True).click()
    assert page.url == site + "/"
    page.get_by_role("link", name="browse every service").click()
    assert page.url.endswith("/directory/browse/")
    page.locator("a[href^='/directory/browse/support/']").first.click()
    page.wait_for_load_state()
    assert page.locator("a[href^='/directory/services/']").count() > 0
    assert axe_violations(page) == []


def test_the_staff_navigation_is_one_row_at_1280_pixels_and_a_menu_on_a_phone(page, site):
    page.set_viewport_size({"width": DESKTOP, "height": 900})
    sign_in(page, site, username="admin")  # the role that sees the most items
    items = navigation_items(page)
    assert [i["text"] for i in items] == [
        *["Your work", "Places", "Scorecards", "Plans", "Indicators", "Directory", "Referrals", "Moderation"],
        *["Audit", "Admin"],
    ]
    assert page.url.endswith("/start/")
    assert len({i["top"] for i in items}) == 1, items  # one row
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert axe_violations(page) == []

    page.set_viewport_size({"width": PHONE, "height": 800})
    page.reload()
    menu = page.get_by_role("button", name="Menu")
    assert menu.is_visible() and menu.get_attribute("aria-expanded") == "false"
    assert not any(i["shown"] for i in navigation_items(page))
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert all(i["shown"] for i in navigation_items(page))
    assert page_width(page) <= PHONE
    assert axe_violations(page) == []
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Scorecards").click()
    assert page.url.endswith("/scorecards/")


def test_without_javascript_every_staff_item_shows_on_a_phone(browser, site):
    context = browser.new_context(viewport={"width": PHONE, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    sign_in(page, site)
    assert page.url.endswith("/start/")
    items = navigation_items(page)
    assert items and all(i["shown"] for i in items)
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page_width(page) <= PHONE
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/directory/browse/",
        "/directory/browse/support/family-support/",
        "/directory/browse/needs/autism/",
        "/directory/browse/areas/solihull/",
        "/directory/browse/areas/solihull/chelmsley-wood/",
        "/no-such-page/",
    ],
)
def test_public_and_error_pages_fit_320_pixels(page, site, path):
    page.set_viewport_size({"width": NARROWEST, "height": 800})
    response = page.goto(site + path)
    assert response.status == (404 if path == "/no-such-page/" else 200)
    assert page_width(page) <= NARROWEST
    assert axe_violations(page) == []


def test_the_refused_and_form_failure_pages_fit_320_pixels(page, site):
    page.set_viewport_size({"width": NARROWEST, "height": 800})
    sign_in(page, site, username="moderator")
    response = page.goto(site + "/scorecards/")
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "You do not have permission to view this page"
    assert page_width(page) <= NARROWEST
    assert axe_violations(page) == []
    # A form sent without its security token (as when cookies are blocked): the styled page.
    page.goto(site + "/directory/")
    page.evaluate("""() => { document.cookie = 'csrftoken=; Max-Age=0; path=/';
        document.querySelectorAll('input[name=csrfmiddlewaretoken]').forEach(input => input.remove()); }""")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click(force=True)
    assert page.get_by_role("heading", level=1).inner_text() == "Your form could not be sent"
    assert page_width(page) <= NARROWEST
    assert axe_violations(page) == []


def test_everything_on_a_page_is_in_a_landmark_signed_out_and_as_a_demo_account(page, site):
    """Probe 6: axe's "region" rule (a best practice, beyond WCAG's tags) found the Beta banner and the
    demo account's warning outside every landmark, on every page: screen reader users moving by landmark
    skipped them. The Design System puts the phase banner in the header."""
    regions = "() => axe.run(document, {runOnly: {type: 'rule', values: ['region']}})"
    page.goto(site + "/directory/")
    axe_violations(page)  # loads axe
    assert page.evaluate(regions)["violations"] == []
    sign_in(page, site, username="admin")  # a demo account with its second factor switched off
    page.goto(site + "/performance/exceptions/")
    assert page.locator("header #demo-second-factor").count() == 1
    assert page.locator("header .govuk-phase-banner").count() == 1
    axe_violations(page)
    assert page.evaluate(regions)["violations"] == []
