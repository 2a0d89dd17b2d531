"""The quarterly performance and delivery report in a real browser: a plan editor produces it from the
plan's reports page; axe (WCAG 2.2 AA) finds nothing at 1,280 pixels and on a 390-pixel phone, where
nothing scrolls sideways but the charts' own regions; its PDF opens tagged."""

import io
import re

import pytest

from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser
PLAN = "Solihull's Early Help Strategy 2014 – 2016"


def width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_quarterly_report_is_produced_read_on_a_phone_and_its_pdf_opens(page, site, browser):
    from pypdf import PdfReader

    sign_in(page, site, username="planner")
    page.goto(site + "/plans/")
    page.get_by_role("link", name=PLAN).first.click()
    page.get_by_role("link", name=re.compile("^Reports")).click()
    page.get_by_label("Quarterly performance and delivery report").check()
    page.get_by_role("button", name="Produce the report").click()
    main = page.inner_text("main")
    for heading in ("Executive summary", "Status by theme", "Exception report", "Scorecard", "Key risks"):
        assert page.get_by_role("heading", name=heading).count() == 1, heading
    assert "No risk register is kept in Equal Chance yet" in main and "Quarter " in main
    assert axe_violations(page) == []
    report_url = page.url

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB").new_page()
    sign_in(phone, site, username="planner")
    phone.goto(report_url)
    assert width(phone) <= 390 and axe_violations(phone) == []
    phone.context.close()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    reader = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "Quarterly performance and delivery report" in text and "Data quality" in text
