"""Indicator pages in a real browser, with axe WCAG 2.2 AA checks."""

from pathlib import Path

import pytest

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
    assert page.locator(".govuk-error-summary").is_visible()
    assert "row 2, column period" in page.locator("[data-testid=import-problems]").inner_text()
    assert page.get_by_label("Source").input_value() == "West Midlands Police"
    assert axe_violations(page) == []
