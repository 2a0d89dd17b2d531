"""The places pages in a real browser: sign-in, profile, map and table, priority areas; axe WCAG 2.2 AA."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser
SOLIHULL = "E08000029"


def test_sign_in_page_is_accessible_and_refuses_a_wrong_password(page, site):
    page.goto(site + "/places/districts/")
    assert "/accounts/sign-in/" in page.url
    assert axe_violations(page) == []
    page.get_by_label("Username").fill("analyst")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert page.get_by_label("Username").input_value() == "analyst"
    assert axe_violations(page) == []


def test_district_profile_shows_the_summary_measures(page, site):
    sign_in(page, site)
    assert page.url.endswith("/start/")  # your work
    page.get_by_role("link", name="Places", exact=True).click()
    assert page.url.endswith(f"/places/districts/{SOLIHULL}/")
    imd = page.locator("table", has=page.locator("caption", has_text="Index of Multiple Deprivation"))
    assert imd.locator("tr", has_text="Average score").inner_text().split("\t")[-2:] == [
        "17.040",  # MHCLG's File 10 v2, IoD2025, as published
        "173 out of 296",
    ]
    assert axe_violations(page) == []
    page.get_by_label("Release of the Indices of Deprivation").select_option("2019")
    page.get_by_role("button", name="Show").click()
    imd = page.locator("table", has=page.locator("caption", has_text="Index of Multiple Deprivation"))
    assert imd.locator("tr", has_text="Average score").inner_text().split("\t")[-2:] == [
        "17.370",
        "171 out of 317",
    ]
    assert axe_violations(page) == []


@pytest.mark.parametrize("query, count", [("level=lsoa", 134), ("level=ward&release=2019", 17)])
def test_the_map_draws_a_polygon_for_every_row_of_the_table(page, site, query, count):
    sign_in(page, site)
    page.goto(f"{site}/places/districts/{SOLIHULL}/areas/?{query}")
    page.wait_for_selector("[data-features-drawn]")
    rows = page.locator("[data-testid=areas-table] tbody tr")
    assert rows.count() == count
    polygons = page.locator("#map path.leaflet-interactive")
    assert polygons.count() == count
    # colours follow deciles: the most deprived row's polygon has the darkest fill
    fills = page.eval_on_selector_all(
        "#map path.leaflet-interactive", "paths => paths.map(p => p.getAttribute('fill'))"
    )
    assert "#08306b" in fills
    box = page.locator("#map").bounding_box()
    assert box["width"] > 300 and box["height"] > 300
    assert axe_violations(page) == []


def test_filters_narrow_table_and_map_together(page, site):
    sign_in(page, site)
    page.goto(f"{site}/places/districts/{SOLIHULL}/areas/")
    page.get_by_label("National deciles", exact=True).select_option("1")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_selector("[data-features-drawn]")
    assert page.locator("[data-testid=areas-table] tbody tr").count() == 18  # IoD2025, 2021 LSOAs
    assert page.locator("#map path.leaflet-interactive").count() == 18


def test_an_analyst_defines_a_priority_area_and_sees_its_profile(page, site):
    sign_in(page, site)
    page.goto(f"{site}/places/districts/{SOLIHULL}/priority-areas/new/")
    assert axe_violations(page) == []
    page.get_by_label("Name", exact=True).fill("Regeneration Wards (browser)")
    page.get_by_label("Picked wards").check()
    for ward in ["Chelmsley Wood", "Smith's Wood", "Kingshurst and Fordbridge"]:
        page.get_by_label(ward, exact=False).first.check()
    page.get_by_role("button", name="Create priority area").click()
    page.wait_for_selector("[data-features-drawn]")
    assert page.locator("h1").inner_text() == "Regeneration Wards (browser)"
    assert page.locator("[data-testid=areas-table] tbody tr").count() == 25  # 2021 LSOAs, through the lookup
    assert page.locator("#map path.leaflet-interactive").count() == 25
    assert page.locator(".govuk-notification-banner").is_visible()
    assert page.get_by_test_id("missing-measures").is_visible()  # IoD2025: why measures are missing
    assert axe_violations(page) == []


def test_change_and_district_list_pages_are_accessible(page, site):
    sign_in(page, site)
    page.goto(f"{site}/places/districts/E08000018/change/")
    assert page.get_by_text("not one-to-one").first.is_visible()
    assert axe_violations(page) == []
    page.goto(f"{site}/places/districts/")
    assert page.locator("[data-testid=district-table] tbody tr").count() == 296
    assert axe_violations(page) == []
