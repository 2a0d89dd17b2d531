"""Indicator pages in a real browser, with axe WCAG 2.2 AA checks."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser


def test_catalogue_and_indicator_pages_are_accessible(page, site):
    sign_in(page, site)
    page.goto(site + "/indicators/")
    assert page.get_by_role(
        "link", name="Children subject to a child protection plan, per 10,000 children"
    ).is_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Children subject to a child protection plan, per 10,000 children").click()
    page.wait_for_load_state()
    assert page.locator("[data-testid=values-table] tbody tr").count() >= 13  # 2013 to 2025
    assert axe_violations(page) == []


def test_a_bad_import_shows_each_problem_and_the_page_stays_accessible(page, site, tmp_path: Path):
    sign_in(page, site)
    page.goto(site + "/indicators/imports/new/")
    assert axe_violations(page) == []
    bad = tmp_path / "returns.csv"
    bad.write_text("indicator,area_code,period,numerator,denominator\ncrime-rate,E08000029,2019,5,10\n")
    page.get_by_label("Data file").set_input_files(str(bad))
    page.get_by_label("Source").fill("West Midlands Police")
    page.get_by_role("button", name="Check and import").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert "row 2, column period" in page.locator("[data-testid=import-problems]").inner_text()
    assert page.get_by_label("Source").input_value() == "West Midlands Police"
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [1280, 390, 320])
def test_an_indicator_across_a_districts_wards_reads_at_every_width(page, site, width, tmp_path):
    """From the indicator to its wards compared: the map and table fit the screen, and the chart keeps a
    readable size, scrolling sideways in its own region on a phone (WCAG 1.4.10 exempts charts)."""
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, site)
    page.goto(site + "/indicators/gld/")
    page.get_by_role("link", name="Compare Solihull's wards").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().endswith("across Solihull's wards")
    assert page.locator("[data-testid=compare-table] tbody tr").count() == 17 + 2
    for picture in (".app-chart-scroll", "[data-testid=compare-map] svg"):
        box = page.locator(picture).bounding_box()
        assert box["width"] > 0 and box["x"] + box["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator(".app-chart-scroll svg").bounding_box()["width"] >= min(600, width - 60)
    page.screenshot(path=tmp_path / f"across-areas-{width}.png", full_page=True)
    assert axe_violations(page) == []
