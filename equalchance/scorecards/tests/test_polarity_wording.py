"""Polarity is honoured everywhere: a measure with no judgement is higher or lower, never better or worse,
on the page, the snapshot, the PDF, the CSV, the XLSX and the API."""

import csv
import io
import re

import pytest

from equalchance.scorecards.snapshots import worded

pytestmark = pytest.mark.django_db

JUDGED = re.compile(r"\b(better|worse|reversed)\b", re.IGNORECASE)


def cpp_row_text(html: str) -> str:
    """The text of the table row of the child protection measure."""
    for row in re.findall(r"<tr.*?</tr>", html, flags=re.S):
        if "Children subject to a child protection plan" in row:
            return " ".join(re.sub(r"<[^>]+>", " ", row).split())
    raise AssertionError("no child protection row")


def test_the_child_protection_rate_is_higher_never_worse_on_every_page_and_file(
    client, scorecard, analyst, published
):
    from pypdf import PdfReader

    client.force_login(analyst)
    page = cpp_row_text(client.get(f"/scorecards/{scorecard.pk}/").content.decode())
    assert "target significantly higher" in page and not JUDGED.search(page.split("Gap over time")[0])
    snapshot = published(title="October 2026", public=True)
    for address in (f"/scorecards/snapshots/{snapshot.pk}/", f"/scorecards/public/{snapshot.pk}/"):
        row = cpp_row_text(client.get(address).content.decode())
        assert not JUDGED.search(row)
    assert "target significantly higher" in cpp_row_text(
        client.get(f"/scorecards/snapshots/{snapshot.pk}/").content.decode()
    )
    table = csv.DictReader(
        io.StringIO(client.get(f"/scorecards/snapshots/{snapshot.pk}/export.csv").content.decode())
    )
    cpp = next(row for row in table if "child protection" in " ".join(row.values()))
    assert "target significantly higher" in cpp.values()
    assert not any(JUDGED.search(value or "") for value in cpp.values() if value != cpp.get("Source"))
    api = client.get(f"/api/snapshots/{snapshot.pk}/").json()
    line = next(line for theme in api["themes"] for line in theme["lines"] if line["indicator"] == "cpp-rate")
    assert line["status"] == "target significantly higher"
    reader = PdfReader(io.BytesIO(client.get(f"/scorecards/snapshots/{snapshot.pk}/export.pdf").content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    after = text.split("Children subject to a child protection plan")[1][:400]
    assert "target significantly higher" in after and not JUDGED.search(after.split("Community")[0])


def legacy_line(target, rest, gap, status, direction):
    """A line as snapshots froze it before the words followed polarity."""
    return {
        "indicator": "cpp-rate",
        "polarity": "no_judgement",
        "areas": {"target": {"estimate": {"value": target}}, "rest": {"estimate": {"value": rest}}},
        "gaps": {"rest": {"value": gap}},
        "status": status,
        "from_previous": {"since": "2024", "direction": direction},
        "from_baseline": None,
    }


def test_a_snapshot_frozen_with_the_old_words_is_read_with_the_right_ones():
    data = {
        "as_at": "2026-12-31",
        "themes": [
            {
                "name": "T",
                "lines": [
                    legacy_line(81.8, 22.6, 59.2, "target significantly worse", "reversed"),
                    # Lower than the rest, the gap turned (positive): still lower, not worse.
                    legacy_line(10.0, 30.0, 20.0, "target significantly worse", "narrowing"),
                    legacy_line(10.0, 30.0, -20.0, "target significantly better", "narrowing"),
                    {
                        **legacy_line(9.2, 3.6, 5.6, "target significantly worse", "reversed"),
                        "polarity": "low_is_good",
                    },
                ],
            }
        ],
    }
    lines = worded(data)["themes"][0]["lines"]
    assert [line["status"] for line in lines] == [
        "target significantly higher",
        "target significantly lower",
        "target significantly lower",
        "target significantly worse",
    ]
    assert [line["from_previous"]["direction"] for line in lines] == [
        "crossed over",
        "narrowing",
        "narrowing",
        "reversed",
    ]
    assert worded(worded(data)) == worded(data)  # words already right are kept
    assert data["themes"][0]["lines"][0]["status"] == "target significantly worse"  # the record is untouched
