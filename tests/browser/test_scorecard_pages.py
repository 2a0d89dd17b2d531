"""The scorecard page in a real browser, with axe WCAG 2.2 AA checks."""

import pytest

from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser


def test_the_scorecard_shows_its_themes_with_synthetic_values_labelled(page, site):
    sign_in(page, site)
    page.goto(site + "/scorecards/")
    page.get_by_role("link", name="Narrowing the Gap: Regeneration Wards").click()
    assert page.locator("[data-testid=scorecard-theme]").count() == 5
    assert page.get_by_text("are generated, not real").is_visible()
    row = page.locator("tr", has=page.get_by_role("link", name="Children subject to a child protection plan"))
    assert "Synthetic" in row.inner_text() and "target significantly" in row.inner_text()
    assert row.locator("svg.app-sparkline polyline").count() == 1
    assert axe_violations(page) == []
    row.get_by_role("link", name="Children subject to a child protection plan").click()
    assert page.locator("svg.app-chart").count() == 2
    assert page.locator("[data-testid=line-table] tbody tr").count() == 13
    assert axe_violations(page) == []
