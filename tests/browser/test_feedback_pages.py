"""Feedback in a real browser: on a phone-sized screen with JavaScript switched off, an anonymous visitor
answers the demo's easy-read form from its link, five times; the "better off" measure it feeds gets a
value for this quarter, which its data-entry person sees. Axe (WCAG 2.2 AA) finds nothing on the form,
the thank-you page, and the team's page."""

import re
from datetime import date

import pytest

from equalchance.performance.periods import period_containing
from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_a_phone_without_javascript_answers_the_form_and_the_better_off_measure_changes(page, site, browser):
    sign_in(page, site, username="viewer")  # in the demo programmes' teams, and enters EH-FB2's values
    page.goto(site + "/feedback/manage/")
    page.get_by_role("link", name=re.compile("what did you think")).click()
    assert axe_violations(page) == []
    link = page.get_by_test_id("feedback-link").get_attribute("href")
    assert re.search(r"/feedback/[2-9a-hjkmnp-z]{12}/$", link)
    page.goto(site + "/performance/")
    page.get_by_role("link", name=re.compile("EH-FB2|Young people who say things are better")).first.click()
    measure_url = page.url
    before = page.locator("main").inner_text()

    looking = browser.new_context(viewport=PHONE, locale="en-GB").new_page()
    looking.goto(link)
    assert axe_violations(looking) == []
    assert looking.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    looking.context.close()

    phone = browser.new_context(viewport=PHONE, locale="en-GB", java_script_enabled=False)
    visitor = phone.new_page()
    for _ in range(5):
        visitor.goto(link)
        assert "Do not type your name or anyone's personal details" in visitor.locator("main").inner_text()
        visitor.get_by_role("group", name="Things are better for me now").get_by_label("Yes, a lot").check()
        visitor.get_by_role("group", name="I feel safe").get_by_label("Yes", exact=True).check()
        visitor.get_by_label("How could we make things better?").fill("More games. My number is 07700 900123")
        visitor.get_by_role("button", name="Send your answers").click()
        assert visitor.get_by_role("heading", level=1).inner_text() == "Thank you"
    phone.close()

    page.goto(measure_url)
    after = page.locator("main").inner_text()
    assert after != before
    quarter = period_containing(date.today(), "quarterly").label
    row = page.locator("tr", has_text=quarter).first.inner_text()
    assert "100" in row and "n = 5" in row and "low base" in row
    page.goto(site + "/feedback/manage/")
    page.get_by_role("link", name=re.compile("what did you think")).click()
    text = page.locator("main").inner_text()
    assert "More games. My number is [phone number removed]" in text and "07700" not in text


def test_an_export_with_a_very_long_cell_maps_on_a_phone_without_sideways_scrolling(browser, site):
    """Outside probe: a 5,000-character response ID, printed on one unbroken line, made the mapping page
    53,385 pixels wide at 390; it stayed so after the import was refused."""
    phone = browser.new_context(viewport=PHONE, locale="en-GB")
    page = phone.new_page()
    sign_in(page, site, username="analyst")
    page.goto(site + "/feedback/manage/")
    page.get_by_role("link", name=re.compile("what did you think")).first.click()
    page.get_by_role("link", name="Import responses from another tool").click()
    text = "Response ID,Overall\n" + "8" * 5000 + ',Very satisfied\n2,=HYPERLINK("http://x")\n'
    page.get_by_label(re.compile("CSV")).set_input_files(
        {"name": "long.csv", "mimeType": "text/csv", "buffer": text.encode()}
    )
    page.get_by_role("button", name="Upload").click()
    assert page.get_by_role("heading", name="Answers").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
    page.get_by_role("button", name="Import").click()  # no column chosen: refused, and still narrow
    assert "nothing was written" in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.close()
