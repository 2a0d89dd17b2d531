"""The public directory in a real browser: a parent searches near a postcode, opens a service and
shortlists it, signed out, on a phone-sized screen too; axe WCAG 2.2 AA checks on each page."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

pytestmark = pytest.mark.browser


def test_a_parent_finds_a_service_near_a_postcode_and_shortlists_it(browser, site):
    context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
    page = context.new_page()
    page.goto(site + "/directory/")
    assert axe_violations(page) == []
    page.get_by_label("Near postcode").fill("b37 7uh")
    page.get_by_label("Within").select_option("5")
    page.get_by_label("Age of the child or young person").fill("3")
    page.get_by_role("button", name="Search").click()
    count = page.get_by_test_id("result-count").inner_text()
    assert "within 5 km of B37 7UH" in count and not count.startswith("0 ")
    assert axe_violations(page) == []
    first = page.locator(".app-result h3 a").first
    name = first.inner_text()
    first.click()
    assert page.locator("h1").inner_text() == name
    assert "not a real service" in page.locator(".govuk-warning-text").inner_text()  # synthetic, and says so
    assert axe_violations(page) == []
    page.get_by_role("button", name="Add to shortlist").click()
    page.get_by_role("link", name="Your shortlist").click()
    assert name in page.get_by_test_id("shortlist").inner_text()
    share = page.get_by_test_id("share-link").inner_text()
    assert axe_violations(page) == []
    other = browser.new_context().new_page()  # someone the link is sent to
    other.goto(share)
    assert name in other.get_by_test_id("shortlist").inner_text()
    other.context.close()
    context.close()


def test_the_search_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/directory/?q=parenting&postcode=B37+7UH&within=10")
    assert "parent" in page.locator(".app-result").first.inner_text().lower()  # parenting, parents: stemmed
    assert "km away" in page.locator(".app-result").first.inner_text()
    context.close()


def test_an_organisation_submits_an_entry_a_moderator_approves_it_and_it_appears(browser, site, mail_dir):
    import re

    from tests.browser.conftest import PASSWORD, sign_in

    provider = browser.new_context().new_page()
    provider.goto(site + "/directory/register/")
    assert axe_violations(provider) == []
    provider.get_by_label("Organisation name").fill("Fordbridge Dads' Group")
    provider.get_by_label("Voluntary or community organisation").check()
    provider.get_by_label("What your organisation does").fill("A peer group for fathers.")
    provider.get_by_label("Your email address").fill("dads@example.org")
    provider.get_by_label("Choose a password").fill(PASSWORD)
    provider.get_by_role("button", name="Register").click()
    assert "Check your email" in provider.get_by_role("heading", level=1).inner_text()
    assert axe_violations(provider) == []
    mails = [path.read_text() for path in mail_dir.iterdir()]
    message = next(m for m in mails if "dads@example.org" in m)
    link = re.search(r"http://\S+/accounts/verify-email/\S+", message)[0]
    username = re.search(r"Your username for signing in is (\S+)", message)[1]
    provider.goto(link)
    assert "Email address confirmed" in provider.content()
    sign_in(provider, site, username)
    provider.goto(site + "/directory/entries/")
    provider.get_by_role("link", name="Add a service").click()
    provider.get_by_role("button", name="Send to the moderators").click()  # empty: refused with reasons
    expect(provider.locator(".govuk-error-summary")).to_be_visible()
    assert axe_violations(provider) == []
    provider.get_by_label("Name of the service").fill("Saturday Dads and Kids Breakfast")
    provider.get_by_label("What it offers").fill("A relaxed breakfast for dads and their children.")
    provider.get_by_label("Family support: Parenting support").check()
    provider.get_by_label("Yes, free").check()
    provider.get_by_label("Postcode").fill("B37 6BN")
    provider.get_by_label("Building has lift").check()
    provider.get_by_label("What training and experience do your staff have?").fill(
        "Two dads trained in Makaton."
    )
    provider.get_by_role("button", name="Send to the moderators").click()
    assert "Waiting for a moderator" in provider.get_by_test_id("submissions").inner_text()
    public = browser.new_context().new_page()
    public.goto(site + "/directory/?q=breakfast+dads")
    assert "Saturday Dads" not in public.content()  # not public until approved

    moderator = browser.new_context().new_page()
    sign_in(moderator, site, "moderator")
    moderator.goto(site + "/directory/moderation/")
    moderator.get_by_role("link", name="Saturday Dads and Kids Breakfast").click()
    assert "Saturday Dads and Kids Breakfast" in moderator.get_by_test_id("difference").inner_text()
    assert axe_violations(moderator) == []
    moderator.get_by_role("button", name="Approve and publish").click()
    public.goto(site + "/directory/?q=breakfast+dads")
    assert "Saturday Dads and Kids Breakfast" in public.locator(".app-result").first.inner_text()
    public.locator(".app-result h3 a").first.click()
    assert "Two dads trained in Makaton." in public.get_by_test_id("local-offer").inner_text()
    assert "Building has lift" in public.locator(".app-place").inner_text()
    map_title = public.locator(".app-place-map svg > title").text_content()
    assert map_title.startswith("Map of") and "ward" in map_title  # the place is drawn, in its ward
    assert axe_violations(public) == []
    provider.goto(site + "/directory/entries/")
    assert "Approved and published" in provider.get_by_test_id("submissions").inner_text()
    for page in (provider, public, moderator):
        page.context.close()


def test_on_a_phone_the_first_result_is_on_the_first_screen_and_a_service_can_be_called(browser, site):
    """The defect: the first result was two screens below a ten-field form, also after searching."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site + "/directory/")
    page.get_by_label("Search for").fill("stay and play")  # the hint's own example
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("#results")
    assert page.locator("#filters").get_attribute("open") is None  # filters folded away
    first = page.locator(".app-result h3 a").first
    box = first.bounding_box()
    assert 0 <= box["y"] and box["y"] + box["height"] <= 844, box  # in the first screen, no scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    first.click()
    assert page.get_by_role("button", name="Add to shortlist").bounding_box()["y"] < 844
    call = page.locator("a[href^='tel:']").first
    assert call.get_attribute("href").startswith("tel:0121496")
    assert page.get_by_role("link", name="Report a problem with this page").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Report a problem with this page").click()
    page.get_by_label("The opening times are wrong").check()
    page.get_by_role("button", name="Send the report").click()
    assert (
        "moderators will check this page"
        in page.locator(".govuk-notification-banner, .govuk-panel, body").first.inner_text()
    )
    assert axe_violations(page) == []
    context.close()


def test_a_parent_filters_by_childcare_and_sees_a_synthetic_providers_ofsted_details_unlinked(browser, site):
    page = browser.new_context().new_page()
    page.goto(site + "/directory/")
    page.get_by_label("Type of support").select_option(label="Childcare")
    page.get_by_role("button", name="Search").click()
    count = page.get_by_test_id("result-count").inner_text()
    assert not count.startswith("0 ")
    assert axe_violations(page) == []
    page.locator(".app-result h3 a").first.click()
    section = page.get_by_test_id("childcare").inner_text()
    assert "Ofsted registration number SYN" in section and "Synthetic" in section
    assert page.locator("a[href*='reports.ofsted.gov.uk']").count() == 0  # a made-up number is never linked
    assert axe_violations(page) == []
    page.context.close()
