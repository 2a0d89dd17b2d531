"""Background work in a real browser: a board pack is prepared by the site's worker while the page
shows its progress, then downloaded; axe WCAG 2.2 AA checks on the pages."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, sign_in

pytestmark = pytest.mark.browser


def test_a_board_pack_is_prepared_in_the_background_and_downloaded(page, site):
    sign_in(page, site, "viewer")
    page.goto(site + "/scorecards/")
    page.get_by_role("link", name="Narrowing the Gap: Regeneration Wards").click()
    page.get_by_role("button", name="Prepare the board pack (PDF)").click()
    assert page.locator("h1").inner_text() == "Prepare a scorecard's board pack (PDF)"
    assert axe_violations(page) == []  # while it waits or runs: the progress region and its link
    # The page's script follows the progress and reloads it when the worker has finished.
    page.get_by_role("heading", name="Finished").wait_for(timeout=120_000)
    assert "The board pack of Narrowing the Gap: Regeneration Wards" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the file").click()
    # Named from the scorecard's title, never its id alone.
    assert re.fullmatch(
        r"narrowing-the-gap-regeneration-wards-solihull-\d{4}-\d{2}-\d{2}\.pdf",
        download.value.suggested_filename,
    )
    page.get_by_role("link", name="Your background work").click()
    task = page.get_by_role("link", name="Prepare a scorecard's board pack (PDF)", exact=True)
    expect(task).to_have_count(1)
    assert (
        page.get_by_role("link", name="Download the file: Prepare a scorecard's board pack (PDF)").count()
        == 1
    )
    assert axe_violations(page) == []
