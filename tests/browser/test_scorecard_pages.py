"""The scorecard page in a real browser, with axe WCAG 2.2 AA checks."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser


def test_the_scorecard_shows_its_themes_with_synthetic_values_labelled(page, site):
    sign_in(page, site)
    page.goto(site + "/scorecards/")
    page.get_by_role("link", name="Narrowing the Gap: Regeneration Wards").click()
    page.wait_for_load_state()  # a click waits for the new page to start, not to finish
    assert page.locator("[data-testid=scorecard-theme]").count() == 5
    assert page.get_by_text("are generated, not real").is_visible()
    row = page.locator("tr", has=page.get_by_role("link", name="Children subject to a child protection plan"))
    assert "Synthetic" in row.inner_text() and "target significantly" in row.inner_text()
    assert row.locator("svg.app-sparkline polyline").count() == 1
    assert axe_violations(page) == []
    row.get_by_role("link", name="Children subject to a child protection plan").click()
    page.wait_for_load_state()
    assert page.locator("svg.app-chart").count() == 2
    assert page.locator("[data-testid=line-table] tbody tr").count() == 13
    assert axe_violations(page) == []


def test_publishing_freezes_a_snapshot_the_public_can_read(page, site, browser):
    sign_in(page, site)
    page.goto(site + "/scorecards/")
    page.get_by_role("link", name="Narrowing the Gap: Regeneration Wards").click()
    page.get_by_role("link", name="Publish this scorecard").click()
    assert axe_violations(page) == []
    page.get_by_label("Title").fill("Narrowing the Gap, October 2026")
    page.get_by_label("The story behind the data: Health").fill(
        "Fewer plans than last year in the target area."
    )
    page.get_by_label("The public may see this scorecard").check()
    page.get_by_role("button", name="Publish").click()
    assert page.locator("h1").inner_text() == "Narrowing the Gap, October 2026"
    assert "Fewer plans than last year" in page.locator("[data-testid=commentary]").inner_text()
    assert axe_violations(page) == []
    snapshot_id = page.url.rstrip("/").split("/")[-1]
    anonymous = browser.new_context()
    public = anonymous.new_page()
    public.goto(f"{site}/scorecards/public/{snapshot_id}/")
    assert public.get_by_text("Small numbers are suppressed").is_visible()
    assert public.locator("[data-testid=snapshot-theme]").count() == 5
    assert axe_violations(public) == []
    anonymous.close()


def test_an_analyst_adds_a_measure_to_the_scorecard(page, site):
    sign_in(page, site)
    page.goto(site + "/scorecards/")
    page.get_by_role("link", name="Narrowing the Gap: Regeneration Wards").click()
    page.get_by_role("link", name="Edit its measures").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Add the measure").click()  # nothing chosen: refused, with reasons
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Measure").select_option(
        label="Claimant count, percentage of residents aged 16 to 64 (Related national series)"
    )
    page.get_by_label("Or a new theme").fill("Related measures")
    page.get_by_role("button", name="Add the measure").click()
    expect(page.get_by_text("Added Claimant count")).to_be_visible()
    page.get_by_role("link", name="Narrowing the Gap: Regeneration Wards").click()
    expect(page.locator("[data-testid=scorecard-theme]")).to_have_count(6)


OVERFLOW = """() => [...document.querySelectorAll('[data-testid=scorecard-theme]')].map(table => {
    const region = table.closest('.app-table-scroll');
    return {overflow: region.scrollWidth - region.clientWidth, table: table.getBoundingClientRect().width,
            measure: table.querySelector('tbody th').getBoundingClientRect().width,
            tallest: Math.max(...[...table.querySelectorAll('tbody tr')].map(
                r => r.getBoundingClientRect().height))};
})"""


@pytest.mark.parametrize("width", [1280, 390])
def test_the_scorecard_shows_every_column_and_compares_by_text_shape_and_colour(page, site, width):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, site)
    page.goto(site + "/scorecards/")
    page.get_by_role("link", name="Narrowing the Gap: Regeneration Wards").click()
    page.wait_for_load_state()
    key = page.locator("[data-testid=comparison-key]")
    assert "Better" in key.inner_text() and key.locator("svg.app-compared__shape").count() == 5
    row = page.locator("tr", has=page.get_by_role("link", name="Children subject to a child protection plan"))
    text = row.inner_text()
    assert "target significantly higher" in text and "than England" in text and "than the rest" in text
    assert "better" not in text.lower() and "worse" not in text.lower()  # no judgement: higher or lower
    assert row.locator(".app-compared svg.app-compared__shape").count() == 2  # a shape beside the words
    assert "%" in page.locator("tr", has=page.get_by_text("Good Level of Development")).inner_text()
    tables = page.evaluate(OVERFLOW)
    assert len(tables) >= 5  # another test may have added a theme to the shared site
    if width == 1280:
        # Every column visible, the gap over time included, and measure names not squeezed.
        assert all(t["overflow"] <= 0 for t in tables), tables
        assert all(t["measure"] >= 200 and t["tallest"] < 220 for t in tables), tables
    # The page itself never scrolls sideways: a wide table scrolls inside its own region on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []
