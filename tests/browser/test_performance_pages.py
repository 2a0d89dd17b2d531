"""Performance in a real browser: a definer defines a measure and sets its target by a recorded
decision; its data-entry person, on a phone, enters a value below the target and sends it; the approver
approves it; the measure is red on the exception report, saying why, with its curve drawn beside the
values table. Axe (WCAG 2.2 AA) finds nothing on each page, at 1,280 pixels and on a phone."""

import re
from datetime import date

import pytest

from equalchance.performance import periods
from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser


def width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_value_entered_and_approved_below_target_turns_the_measure_red_on_the_exception_report(
    page, site, browser
):
    today = date.today()
    quarter = periods.latest_overdue(today, "quarterly", "financial", 0)
    sign_in(page, site, username="planner")
    page.goto(site + "/performance/")
    page.get_by_role("link", name="Define a measure").click()
    assert axe_violations(page) == []
    page.get_by_label("Code").fill("BT-1")
    page.get_by_label("Title").fill("Families given a plan within 20 days")
    page.get_by_label("Which question it answers").select_option("how_well")
    page.get_by_label("Number or percentage").select_option("percentage")
    page.get_by_label("Kind of value").select_option("percentage")
    page.get_by_label("Decimal places shown").fill("1")
    page.get_by_label("Owner").select_option(label="Pat Planner")
    page.get_by_label("Vic Viewer").check()
    page.get_by_label("Who approves its values").select_option(label="Ada Analyst")
    page.get_by_role("button", name="Define the measure").click()
    assert page.get_by_role("heading", level=1).inner_text() == "BT-1 Families given a plan within 20 days"
    measure_url = page.url
    page.get_by_role("link", name="Set a target").click()
    page.get_by_label("Period").select_option(label=quarter.label)
    page.get_by_label("Target").fill("90")
    page.get_by_label("The decision that set it").fill("Early Help Board, minute 7")
    page.get_by_label("Date of the decision").fill(f"{today.day}/{today.month}/{today.year}")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Set the target").click()
    assert "Not yet" in page.get_by_test_id("standing").inner_text() or "No data" in page.inner_text("main")

    # The data-entry person, on a phone, enters 70% (63 of 90) and sends it for approval.
    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB").new_page()
    sign_in(phone, site, username="viewer")
    phone.goto(site + "/performance/")
    phone.get_by_role("link", name="BT-1 Families given a plan within 20 days").click()
    phone.get_by_role("link", name="Enter a value").click()
    assert width(phone) <= 390 and axe_violations(phone) == []
    phone.get_by_label("Period").select_option(label=quarter.label)
    phone.get_by_label("Numerator (optional)").fill("63")
    phone.get_by_label("Denominator (optional)").fill("90")
    phone.get_by_label("Send it for approval now").check()
    phone.get_by_role("button", name="Save the value").click()
    assert "sent for approval" in phone.inner_text("main")
    assert width(phone) <= 390 and axe_violations(phone) == []
    phone.context.close()

    # The approver approves it from the queue.
    approver = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB").new_page()
    sign_in(approver, site, username="analyst")
    approver.goto(site + "/performance/approvals/")
    assert axe_violations(approver) == []
    approver.get_by_role("button", name=f"Approve BT-1, {quarter.label}").click()
    assert f"BT-1, {quarter.label}: approved." in approver.inner_text("main")
    approver.context.close()

    page.goto(measure_url)
    standing = page.get_by_test_id("standing").inner_text()
    assert "Red: worse than target" in standing and "20 percentage points below target" in standing
    assert page.get_by_test_id("chart").locator("svg[role=img]").count() == 1
    assert axe_violations(page) == []
    # Drawing the trend shows first what it would record: here, why it cannot with one value.
    page.get_by_role("link", name="Draw the trend as the forecast").click()
    assert "A trend needs approved values for at least two periods." in page.inner_text("main")
    assert axe_violations(page) == []
    page.goto(site + "/performance/")
    page.get_by_role("link", name=re.compile(r"^EH-W1 ")).first.click()
    page.get_by_role("link", name="Draw the trend as the forecast").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("trend-rows").locator("tbody tr").count() >= 1
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    assert width(page) <= 390 and axe_violations(page) == []
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site + "/performance/")
    page.get_by_role("link", name="Exception report: what needs a board's attention, and why").click()
    row = page.get_by_test_id("exception-measures").locator("tr", has_text="BT-1")
    assert "Red: worse than target" in row.inner_text()
    assert f"Red in {quarter.label}." in row.inner_text() and "no plan action is linked" in row.inner_text()
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 320, "height": 800})
    assert width(page) <= 320
