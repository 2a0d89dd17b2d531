"""The RBA programme report card in a real browser, as the public reads it: found from the performance
page, its four quadrants with sparklines and values tables, feedback and stories; no sideways scrolling
and nothing axe (WCAG 2.2 AA) objects to, at 1,280 pixels and on a 390-pixel phone; its PDF downloads."""

import pytest

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser

PROGRAMME = "Parenting programmes (Solihull Approach)"


def test_the_public_opens_a_programmes_report_card_and_its_pdf_at_desktop_and_phone_widths(
    page, site, browser
):
    page.goto(site + "/performance/")
    page.get_by_role("link", name=f"{PROGRAMME}: RBA report card").click()
    assert page.get_by_role("heading", level=1).inner_text() == PROGRAMME
    for question in ("How much did we do?", "How well did we do it?", "Is anyone better off? (percentage)"):
        assert page.get_by_role("heading", name=question).count() == 1
    main = page.inner_text("main")
    assert "Synthetic" in main and "What service users say" in main and "The story behind the curve" in main
    assert page.locator("svg.app-sparkline[role=img]").count() >= 3
    page.get_by_text("Values by period").first.click()  # the sparkline's table opens beside it
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert axe_violations(page) == []
    card_url = page.url

    with page.expect_download() as download:
        page.get_by_role("link", name="PDF (tagged, for reading and printing)").click()
    assert download.value.suggested_filename.startswith("rba-report-card-parenting-programmes")

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB").new_page()
    phone.goto(card_url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(phone) == []
    phone.context.close()
