"""A moderator compares likely duplicates side by side in a real browser, on a wide screen and a phone
(and reflowed at 320 pixels): the differences are said in words, the entry kept is named, and the page
passes axe's WCAG 2.2 AA checks. Marking the pair "not duplicates" and undoing it leaves the demo as
it was."""

import pytest

from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_moderator_compares_likely_duplicates_side_by_side_wide_and_on_a_phone(page, site):
    sign_in(page, site, username="moderator")
    page.goto(site + "/directory/moderation/duplicates/")
    assert axe_violations(page) == []
    page.get_by_test_id("duplicates").get_by_role("link", name="Compare").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Compare two entries"
    comparison = page.get_by_test_id("comparison")
    headers = comparison.locator("thead th").all_inner_texts()
    assert headers[1].startswith("Kept: ") and headers[2].startswith("Merged into it, then archived: ")
    different = comparison.locator("tbody tr[data-same=no]")
    assert different.count() > 0  # two entries of one organisation differ at least in name or id
    for i in range(different.count()):
        assert different.nth(i).locator("td").last.inner_text() == "Different"  # in words, not colour
    assert page.get_by_role("button", name="Merge into").is_visible()
    assert axe_violations(page) == []

    for width in (390, 320):  # a phone, and the narrowest reflow WCAG asks for
        page.set_viewport_size({"width": width, "height": 844})
        assert page_width(page) <= width, f"{page_width(page)} pixels wide at {width}"
        row = comparison.locator("tbody tr").first
        assert row.evaluate("r => getComputedStyle(r).display") == "block"  # one block per field
        kept = row.locator("td[data-label=Kept]")
        assert kept.evaluate("c => getComputedStyle(c, '::before').content") == '"Kept: "'
        assert axe_violations(page) == []

    page.set_viewport_size({"width": 1280, "height": 900})
    compared = page.url
    page.get_by_role("button", name="They are not duplicates").click()
    banner = page.locator(".govuk-notification-banner, main").first
    assert "will not be suggested again" in banner.inner_text()
    page.goto(compared)
    assert "Marked as not duplicates by moderator" in page.get_by_test_id("decision").inner_text()
    page.get_by_role("button", name="Undo this decision").click()
    page.wait_for_load_state()
    assert "may be suggested as duplicates again" in page.content()
    assert axe_violations(page) == []  # the list of decisions, with the one just undone
