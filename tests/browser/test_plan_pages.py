"""Plans in a real browser: a plan editor builds a plan tree, the action's owner posts an update that
turns it red, it is on the exception report with the reason, the tracker is produced and its PDF
opens tagged; an area plan's map layers switch on and off with their tables. Axe (WCAG 2.2 AA) finds
nothing on each page, at 1,280 pixels and on a phone, and the pages reflow at 320 pixels."""

import io
import re
from datetime import date, timedelta

import pytest

from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser


def width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def typed(day: date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def test_a_plan_is_built_an_update_turns_an_action_red_and_the_tracker_pdf_opens(page, site, browser):
    from pypdf import PdfReader

    today = date.today()
    sign_in(page, site, username="planner")
    page.goto(site + "/plans/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Create a plan").click()
    page.get_by_label("Title").fill("Browser test strategy")
    page.get_by_label("Type of plan").select_option("strategy")
    page.get_by_label("Who may see it").select_option("partnership")
    page.get_by_role("button", name="Create the plan").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Browser test strategy"
    plan_url = page.url
    page.get_by_role("link", name="Add an element").click()
    page.get_by_label("Kind").select_option(label="Goal")
    page.get_by_label("Code").fill("1")
    page.get_by_label("Title").fill("Every family gets help early")
    page.get_by_role("button", name="Add the element").click()
    page.get_by_role("link", name="Add an action").click()
    page.get_by_label("Title").fill("Open the family hub")
    page.get_by_label("Part of the plan it delivers").select_option(label="1 Every family gets help early")
    page.get_by_label("Owner", exact=True).select_option(label="Vic Viewer")
    page.get_by_label("Start").fill(typed(today - timedelta(days=335)))
    page.get_by_label("Due").fill(typed(today + timedelta(days=30)))
    page.get_by_role("button", name="Add the action").click()
    action_url = page.url
    assert "/plans/actions/" in action_url
    assert "Green: on track" in page.get_by_test_id("status-reason").locator("..").inner_text()
    assert axe_violations(page) == []

    # The owner, on a phone, posts an update: 10% done, eleven months in.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB").new_page()
    sign_in(phone, site, username="viewer")
    phone.goto(site + "/plans/your-actions/")
    phone.get_by_role("link", name="Open the family hub").click()
    phone.get_by_role("link", name="Post an update").click()
    assert width(phone) <= 390 and axe_violations(phone) == []
    phone.get_by_label("In progress").check()
    phone.get_by_label("Progress since the last update").fill("The lease fell through.")
    phone.get_by_label("Per cent complete (optional)").fill("10")
    phone.get_by_role("button", name="Post the update").click()
    status = phone.get_by_test_id("status-reason").inner_text()
    assert "10% complete" in status and "off track" in status
    assert "Red: off track" in phone.locator(".app-status-panel").inner_text()
    assert width(phone) <= 390 and axe_violations(phone) == []
    phone.context.close()

    page.goto(plan_url)
    page.get_by_role("link", name="What needs attention now").click()
    row = page.get_by_test_id("exception-actions").locator("tr", has_text="Open the family hub")
    assert "Red: off track" in row.inner_text() and "10% complete" in row.inner_text()
    assert axe_violations(page) == []
    page.goto(plan_url)
    page.get_by_role("link", name=re.compile("^Reports")).click()
    page.get_by_label("Action plan tracker").check()
    page.get_by_role("button", name="Produce the report").click()
    assert "Open the family hub" in page.inner_text("main")
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    reader = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Open the family hub" in " ".join(text.split()) and "Red: off track" in " ".join(text.split())


def test_the_area_map_layers_switch_on_and_off_with_their_tables(page, site):
    sign_in(page, site, username="planner")
    page.goto(site + "/plans/")
    page.get_by_role(
        "link", name="Area action plan, Rotherham disadvantaged area 1 of 11", exact=True
    ).click()
    page.get_by_role("link", name="Map of the area").click()
    page.wait_for_load_state()  # a click waits for the new page to start, not to finish
    deprivation = page.locator('svg [data-layer="deprivation"]')
    table = page.locator('[data-layer-table="deprivation"]')
    assert deprivation.locator("path").count() == table.locator("tbody tr").count() > 0
    assert deprivation.is_visible() and table.is_visible()
    assert axe_violations(page) == []
    page.get_by_label("LSOAs by deprivation decile").uncheck()
    assert not table.is_visible() and deprivation.get_attribute("display") == "none"
    page.get_by_label("LSOAs by deprivation decile").check()
    assert table.is_visible() and deprivation.get_attribute("display") is None
    services = page.locator('svg [data-layer="services"] text').count()
    assert services == page.locator('[data-layer-table="services"] tbody tr').count()
    for pixels in (390, 320):
        page.set_viewport_size({"width": pixels, "height": 800})
        assert width(page) <= pixels
    assert axe_violations(page) == []


def test_the_boards_page_draws_the_structure_and_lists_it_for_a_screen_reader(page, site):
    page.goto(site + "/plans/boards/")  # public boards, without signing in
    assert page.get_by_test_id("structure-chart").locator("svg rect").count() > 5
    assert page.get_by_role("link", name="Partnership Governing Board").count() == 1
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 800})
    assert width(page) <= 320
