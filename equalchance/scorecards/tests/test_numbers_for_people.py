"""Numbers for people on every scorecard page, snapshot and PDF: percentages as percentages, rates with
their unit, gaps in percentage points, thousands separators, never a raw 15-digit float."""

import io
import re

import pytest

from equalchance.indicators.numbers import Measure, gap, value
from equalchance.scorecards.compute import scorecard_compute

pytestmark = pytest.mark.django_db

RAW_FLOAT = re.compile(r"\d\.\d{4,}")  # what a number written by str(float) looks like


def text_of(html: str) -> str:
    return " ".join(
        re.sub(r"<[^>]+>", " ", re.sub(r"<(svg|script|style).*?</\1>", "", html, flags=re.S)).split()
    )


def test_scorecard_pages_snapshots_and_pdfs_write_numbers_as_people_do(client, scorecard, analyst, published):
    from pypdf import PdfReader

    lines = [line for theme in scorecard_compute(scorecard) for line in theme.lines]
    gld = next(line for line in lines if line.indicator.code == "gld")
    cpp = next(line for line in lines if line.indicator.code == "cpp-rate")
    percent, per_10000 = Measure("%", 1), Measure("per 10,000", 1)
    expected = [
        value(gld.values.target.estimate.value, percent),  # e.g. 54.8%
        gap(gld.values.target.estimate.value - gld.values.rest.estimate.value, percent),  # e.g. −15.7 points
        # A rate: in the scorecard's tables the row says "per 10,000" once, beside the measure's name.
        value(cpp.values.target.estimate.value, Measure("", 1)),
        "31 March 2025; per 10,000;",
    ]
    assert expected[0].endswith("%") and expected[1].endswith("percentage points")
    client.force_login(analyst)
    snapshot = published(title="October", public=False)
    for address in (f"/scorecards/{scorecard.pk}/", f"/scorecards/snapshots/{snapshot.pk}/"):
        text = text_of(client.get(address).content.decode())
        assert all(words in text for words in expected), address
        assert not RAW_FLOAT.search(text), address
    pdf = PdfReader(io.BytesIO(client.get(f"/scorecards/snapshots/{snapshot.pk}/export.pdf").content))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert all(words in text for words in expected) and not RAW_FLOAT.search(text)
    detail = text_of(client.get(f"/scorecards/{scorecard.pk}/lines/{cpp.line.pk}/").content.decode())
    assert value(cpp.values.target.estimate.value, per_10000) in detail  # e.g. 81.8 per 10,000
    assert gap(
        cpp.values.target.estimate.value - cpp.values.rest.estimate.value, per_10000
    ) in detail and not RAW_FLOAT.search(detail)
