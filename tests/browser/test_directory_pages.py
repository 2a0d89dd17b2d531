"""The public directory in a real browser: a parent searches near a postcode, opens a service and
shortlists it, signed out, on a phone-sized screen too; axe WCAG 2.2 AA checks on each page."""

import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def test_a_parent_finds_a_service_near_a_postcode_and_shortlists_it(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    page = context.new_page()
    page.goto(site + "/directory/")
    assert axe_violations(page) == []
    page.get_by_label("Near postcode").fill("b37 7uh")
    page.get_by_label("Within").select_option("5")
    page.get_by_label("Age of the child or young person").fill("3")
    page.get_by_role("button", name="Search").click()
    count = page.get_by_test_id("result-count").inner_text()
    assert "within 5 km of B37 7UH" in count and not count.startswith("0 ")
    assert axe_violations(page) == []
    first = page.locator(".app-result h3 a").first
    name = first.inner_text()
    first.click()
    assert page.locator("h1").inner_text() == name
    assert "not a real service" in page.locator(".govuk-warning-text").inner_text()  # synthetic, and says so
    assert axe_violations(page) == []
    page.get_by_role("button", name="Add to shortlist").click()
    page.get_by_role("link", name="Your shortlist").click()
    assert name in page.get_by_test_id("shortlist").inner_text()
    share = page.get_by_test_id("share-link").inner_text()
    assert axe_violations(page) == []
    other = browser.new_context().new_page()  # someone the link is sent to
    other.goto(share)
    assert name in other.get_by_test_id("shortlist").inner_text()
    other.context.close()
    context.close()


def test_the_search_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/directory/?q=parenting&postcode=B37+7UH&within=10")
    assert "parent" in page.locator(".app-result").first.inner_text().lower()  # parenting, parents: stemmed
    assert "km away" in page.locator(".app-result").first.inner_text()
    context.close()
