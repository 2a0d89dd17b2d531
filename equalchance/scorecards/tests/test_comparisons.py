"""Better, similar or worse than England and than the rest of the district, by text, shape and colour
together, with a key, on the scorecard page, the published scorecard and the PDF."""

import io
import re

import pytest

from equalchance.scorecards.compute import scorecard_compute
from equalchance.stats import comparison_wording

pytestmark = pytest.mark.django_db
SHAPED = re.compile(
    r'<span class="app-compared app-compared--([a-z-]+)"><svg class="app-compared__shape"[^>]*>'
)


def rows_of(html: str) -> dict[str, str]:
    rows = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">.*?</tr>", html, flags=re.S):
        name = re.search(r"<th scope=\"row\"[^>]*>(?:<a [^>]*>)?([^<]+)", row)
        if name:
            rows[name.group(1).strip()] = row
    return rows


def test_each_line_is_compared_with_the_rest_and_england_by_words_and_shape_with_a_key(
    client, scorecard, analyst, published
):
    from pypdf import PdfReader

    lines = [line for theme in scorecard_compute(scorecard) for line in theme.lines]
    client.force_login(analyst)
    snapshot = published(title="October", public=False)
    for address in (f"/scorecards/{scorecard.pk}/", f"/scorecards/snapshots/{snapshot.pk}/"):
        html = client.get(address).content.decode()
        assert 'data-testid="comparison-key"' in html and "Key: compared with England" in html
        rows = rows_of(html)
        for line in lines:
            if line.values is None:
                continue
            row = rows[line.indicator.name]
            for comparison, against in ((line.against_rest, "the rest"), (line.against_england, "England")):
                words = comparison_wording(comparison, against)
                assert words in row, (line.indicator.code, words)
            shapes = SHAPED.findall(row)  # a shape (and so a colour) beside each set of words
            assert shapes == [
                str(line.against_rest).replace(" ", "-"),
                str(line.against_england).replace(" ", "-"),
            ]
    cpp = next(line for line in lines if line.indicator.code == "cpp-rate")
    assert cpp.against_rest == "higher" and cpp.against_england in ("higher", "lower", "similar")
    pdf = PdfReader(io.BytesIO(client.get(f"/scorecards/snapshots/{snapshot.pk}/export.pdf").content))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "Key: compared with England and with the rest of Solihull" in text
    assert "Higher than the rest" in text and "than England" in text
