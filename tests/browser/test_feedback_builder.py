"""Building a feedback form in a real browser: someone who defines measures makes a form from the
question bank (first with a mistake, which keeps what they typed), links a measure to one of its
questions, and sees its QR code with the link beside it and the poster. Axe (WCAG 2.2 AA) finds nothing
on any of these pages, on a phone (390 pixels wide, nothing wider than the screen) and at 1,280."""

import re
import uuid

import pytest

from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser
PROGRAMME = "Parenting programmes (Solihull Approach)"
SIZES = [{"width": 390, "height": 844}, {"width": 1280, "height": 900}]


def fits(page, width) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def shows_a_picture(image) -> bool:
    """True once the image has loaded with a width, False if it fails to load. It waits for a picture
    still loading: under load the page can be read before its images arrive."""
    return image.evaluate(
        """image => image.complete ? image.naturalWidth > 0 : new Promise(done => {
            image.addEventListener("load", () => done(image.naturalWidth > 0));
            image.addEventListener("error", () => done(false));
        })"""
    )


@pytest.mark.parametrize("size", SIZES, ids=["390px", "1280px"])
def test_a_definer_builds_a_form_links_a_measure_and_sees_its_qr_code(page, site, size):
    page.set_viewport_size(size)
    title = f"Stay and play {uuid.uuid4().hex[:6]}: your views"
    sign_in(page, site, username="analyst")
    page.goto(site + "/feedback/manage/")
    page.get_by_role("link", name="Make a feedback form").click()
    page.wait_for_load_state()
    assert axe_violations(page) == [] and fits(page, size["width"])

    page.get_by_label("Programme").select_option(label=PROGRAMME)
    page.get_by_label("Title").fill(title)
    page.get_by_label("Overall, how did you feel about the service you received today?").select_option("1")
    page.get_by_label("I was treated with respect").select_option("1")  # the same place twice: a mistake
    page.get_by_label("How could we improve this service? (optional)").select_option("3")
    page.get_by_role("button", name="Make the form").click()
    page.wait_for_load_state()
    assert page.title().startswith("Error:")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Choose who the form is for" in summary and "Another question is 1st" in summary
    assert page.get_by_label("Title").input_value() == title  # kept
    assert axe_violations(page) == [] and fits(page, size["width"])

    page.get_by_role("group", name="Who is the form for?").get_by_label("Parents and carers").check()
    page.get_by_role("group", name="Words").get_by_label("Standard wording").check()
    page.get_by_label("I was treated with respect").select_option("2")
    page.get_by_role("button", name="Make the form").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == title
    assert f"{title} is made" in page.locator(".govuk-notification-banner").inner_text()

    # The QR code, its alt text, and the link written out beside it.
    link = page.get_by_test_id("feedback-link").inner_text()
    assert re.fullmatch(re.escape(site) + r"/feedback/[2-9a-hjkmnp-z]{12}/", link)
    code = page.get_by_test_id("feedback-qr")
    assert code.get_attribute("alt") == f"QR code that opens the form at {link}"
    assert shows_a_picture(code)
    assert axe_violations(page) == [] and fits(page, size["width"])

    # Link a measure of the programme to the first question.
    page.get_by_role("link", name="Link a measure to a question").click()
    page.wait_for_load_state()
    assert axe_violations(page) == [] and fits(page, size["width"])
    page.get_by_role("group", name="Question").get_by_label(
        "Overall, how did you feel about the service you received today?"
    ).check()
    measure = page.get_by_label("Measure it feeds")
    choice = measure.locator("option", has_text="EH-FB1").first.get_attribute("value")
    measure.select_option(choice)
    page.get_by_role("button", name="Link the measure").click()
    page.wait_for_load_state()
    questions = page.get_by_test_id("feedback-questions")
    row = questions.locator("tr", has_text="Overall, how did you feel").inner_text()
    assert "EH-FB1" in row
    assert "None: free text" in questions.locator("tr", has_text="How could we improve").inner_text()

    # The poster.
    page.get_by_role("link", name="Print a poster (A4)").click()
    page.wait_for_load_state()
    poster = page.get_by_test_id("feedback-poster")
    text = poster.inner_text()
    assert title in text and "Scan to tell us what you think" in text and link in text
    assert shows_a_picture(poster.locator("img"))
    assert axe_violations(page) == [] and fits(page, size["width"])

    # What a person answering sees: "(optional)" once, in the label.
    page.goto(link)
    main = page.locator("main").inner_text()
    assert main.lower().count("(optional)") == 1
