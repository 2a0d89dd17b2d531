"""Adding a programme in a real browser: a planner adds one with a team member at 1,280 pixels, then
opens its edit page on a phone, finds the parts of plans under each plan's title, and removes the
programme. Axe (WCAG 2.2 AA) finds nothing, and nothing scrolls sideways."""

import pytest

from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser


def width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_planner_adds_a_programme_with_a_team_member_then_changes_it_on_a_phone(page, site, browser):
    sign_in(page, site, username="planner")
    page.goto(site + "/performance/programmes/")
    page.get_by_role("link", name="Add a programme").click()
    page.wait_for_load_state()
    assert width(page) <= 1280 and axe_violations(page) == []
    page.get_by_role("button", name="Add the programme").click()  # nothing typed: refused, named
    page.wait_for_load_state()
    assert "Enter the programme's name" in page.get_by_role("alert").inner_text()
    assert axe_violations(page) == []
    page.get_by_label("Name").fill("Browser Family Hubs")
    page.get_by_label("Who its customers are (optional)").fill("Families with young children")
    page.get_by_role("group", name="Team (optional)").get_by_label("Vic Viewer").check()
    page.get_by_role("button", name="Add the programme").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Browser Family Hubs"
    card_url = page.url
    assert width(page) <= 1280

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB").new_page()
    sign_in(phone, site, username="planner")
    phone.goto(card_url)
    phone.get_by_role("link", name="Change the programme").click()
    phone.wait_for_load_state()
    assert phone.get_by_role("heading", level=1).inner_text() == "Change the programme"
    assert phone.get_by_label("Name").input_value() == "Browser Family Hubs"
    assert phone.get_by_role("group", name="Team (optional)").get_by_label("Vic Viewer").is_checked()
    assert width(phone) <= 390 and axe_violations(phone) == []
    # The demo's parts of plans fold under each plan's title (probe 6: unfolded, the form was 22,477
    # pixels tall on this phone); a press on a title opens its group of boxes.
    height = phone.evaluate("document.documentElement.scrollHeight")
    print("programme form height on a phone:", height)
    assert height < 5000
    boxes = phone.locator('[aria-labelledby="id_plan_elements-group-1"] input[type=checkbox]')
    assert boxes.count() > 1 and not boxes.first.is_visible()
    plan_title = phone.locator("#id_plan_elements-group-1").inner_text()
    phone.locator("#id_plan_elements-group-1").click()
    assert boxes.first.is_visible()
    assert (
        phone.get_by_role("group", name=plan_title, exact=True).get_by_role("checkbox").count()
        == boxes.count()
    )
    assert axe_violations(phone) == []

    phone.get_by_role("link", name="Remove the programme").click()
    phone.wait_for_load_state()
    assert phone.get_by_role("heading", level=1).inner_text() == "Remove the programme"
    assert width(phone) <= 390 and axe_violations(phone) == []
    phone.get_by_role("button", name="Remove the programme").click()
    phone.wait_for_load_state()
    assert (
        "The programme “Browser Family Hubs” is removed."
        in phone.locator(".govuk-notification-banner").inner_text()
    )
    assert phone.get_by_role("link", name="Browser Family Hubs").count() == 0
    phone.context.close()


def test_a_programme_named_with_one_long_word_wraps_on_its_pages_at_320_pixels(page, site):
    """Probe 7: a programme named like a pasted formula pushed its card to 504 pixels wide on a phone."""
    sign_in(page, site, username="planner")
    page.goto(site + "/performance/programmes/new/")
    page.get_by_label("Name").fill(
        '=HYPERLINK("http://example.invalid/a-very-long-address-with-no-spaces","Click")'
    )
    page.get_by_role("button", name="Add the programme").click()
    page.wait_for_load_state()
    card = page.url
    page.set_viewport_size({"width": 320, "height": 800})
    for url in (card, card.replace("/card/", "/edit/"), card.replace("/card/", "/remove/")):
        page.goto(url)
        assert width(page) <= 320, url
    page.goto(card.replace("/card/", "/remove/"))
    page.get_by_role("button", name="Remove the programme").click()
    page.wait_for_load_state()
