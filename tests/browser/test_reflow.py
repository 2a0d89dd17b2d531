"""Staff pages reflow on the narrowest phone (WCAG 1.4.10: 320 CSS pixels): the page itself never
scrolls sideways; a list-like table becomes one block per row, a wide table scrolls in its own region."""

import re

import pytest

from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser
NARROWEST = 320


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def stacked(row, column: str) -> bool:
    """The row is a block and its cell says which column it was ("Status: ...", drawn by CSS)."""
    cell = row.locator(f"td[data-label={column}]")
    before = cell.evaluate("c => getComputedStyle(c, '::before').content")
    return row.evaluate("r => getComputedStyle(r).display") == "block" and before == f'"{column}: "'


def test_the_indicator_catalogue_and_published_scorecards_fit_320_pixels(page, site):
    """The defect: at 360 pixels the catalogue was 441 and the published scorecards 454 pixels wide."""
    page.set_viewport_size({"width": NARROWEST, "height": 800})
    sign_in(page, site)
    page.goto(site + "/indicators/")
    assert page_width(page) <= NARROWEST
    assert stacked(page.locator("table.app-table--stacked tbody tr").first, "Polarity")
    assert axe_violations(page) == []
    page.goto(site + "/scorecards/")
    page.locator("a[href^='/scorecards/']", has_text="Narrowing the Gap").first.click()
    scorecard = re.search(r"/scorecards/(\d+)/", page.url)[1]
    page.goto(f"{site}/scorecards/{scorecard}/snapshots/")
    assert page_width(page) <= NARROWEST
    assert axe_violations(page) == []


def test_a_referral_and_the_list_of_referrals_fit_320_pixels(page, site):
    """The defect: at 360 pixels the list of referrals was 389 and a referral 407 pixels wide."""
    page.set_viewport_size({"width": NARROWEST, "height": 800})
    sign_in(page, site, username="viewer")
    page.goto(site + "/directory/")
    page.get_by_role("button", name="Search").first.click()
    service = page.locator("a[href^='/directory/services/']").first.get_attribute("href")
    page.goto(site + service + "refer/")
    page.fill("[name=person_name]", "Jo Bloggs-Featherstonehaugh-Wolfeschlegelsteinhausen")
    page.fill("[name=person_contact]", "jo.bloggs.featherstonehaugh@an-unusually-long-domain.example.org")
    page.fill("[name=reason]", "Support with a toddler's sleep")
    page.check("[name=consent]")
    page.fill("[name=consent_note]", "In person at the family hub")
    page.get_by_role("button", name="Send the referral").click()
    page.wait_for_load_state("networkidle")
    assert "/directory/referrals/" in page.url
    assert page_width(page) <= NARROWEST
    assert axe_violations(page) == []
    page.goto(site + "/directory/referrals/")
    assert stacked(page.locator("[data-testid=referrals] tbody tr").first, "Status")
    assert page_width(page) <= NARROWEST
    assert axe_violations(page) == []


def test_a_feedback_forms_summary_fits_320_pixels_for_its_programme_team(page, site):
    """The defect: the summary by quarter's five columns made the page 468 pixels wide on a phone."""
    page.set_viewport_size({"width": NARROWEST, "height": 800})
    sign_in(page, site, username="viewer")  # in the demo programmes' teams
    page.goto(site + "/feedback/manage/")
    page.get_by_role("link", name=re.compile("Parenting programmes")).first.click()
    assert page_width(page) <= NARROWEST
    assert stacked(page.get_by_test_id("feedback-summary").locator("tbody tr").first, "Quarter")
    assert axe_violations(page) == []


def test_a_measures_chart_keeps_readable_text_at_320_pixels_and_scrolls_in_its_own_region(page, site):
    """Probe 8: at 320 pixels the chart's axis labels and legend shrank to about 5 pixels."""
    page.set_viewport_size({"width": NARROWEST, "height": 800})
    sign_in(page, site)
    page.goto(site + "/performance/")
    page.locator("a[href^='/performance/measures/']", has_text="EH-W1").first.click()
    assert page_width(page) <= NARROWEST
    region = page.get_by_test_id("chart").get_by_role("region")
    assert region.get_attribute("tabindex") == "0"
    smallest = region.evaluate(
        "r => Math.min(...[...r.querySelectorAll('svg text')].map(t => t.getBoundingClientRect().height))"
    )
    assert smallest >= 9, smallest
    assert axe_violations(page) == []
