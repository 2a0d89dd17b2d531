"""Scorecard exports: every number and interval, synthetic rows flagged."""

import csv
import io
from datetime import date

import pytest
from python_calamine import CalamineWorkbook

from equalchance.scorecards.compute import scorecard_compute
from equalchance.scorecards.exports import columns
from equalchance.scorecards.publishing import snapshot_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, scorecard, analyst):
    client.force_login(analyst)
    return scorecard, analyst


def test_the_csv_holds_every_line_with_its_values_intervals_and_labels(client, signed_in):
    scorecard, _ = signed_in
    response = client.get(f"/scorecards/{scorecard.pk}/export.csv")
    table = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response.status_code == 200 and list(table[0]) == columns() and len(table) == 11
    cpp = next(row for row in table if row["indicator_code"] == "cpp-rate")
    lines = [line for theme in scorecard_compute(scorecard, as_at=date.today()) for line in theme.lines]
    live = next(line for line in lines if line.indicator.code == "cpp-rate")
    assert float(cpp["target_value"]) == pytest.approx(live.values.target.estimate.value)
    assert float(cpp["gap_rest_lower_95"]) == pytest.approx(live.gaps["rest"].lower)
    assert cpp["synthetic"] == "yes" and cpp["gap_status"] == "target significantly worse"
    asb = next(row for row in table if row["indicator_code"] == "asb-rate")
    assert asb["synthetic"] == "yes" and float(asb["target_value"]) > float(asb["rest_value"])


def test_the_xlsx_has_the_same_rows_and_says_what_synthetic_means(client, signed_in, tmp_path):
    scorecard, _ = signed_in
    response = client.get(f"/scorecards/{scorecard.pk}/export.xlsx")
    path = tmp_path / "scorecard.xlsx"
    path.write_bytes(response.content)
    workbook = CalamineWorkbook.from_path(str(path))
    rows = workbook.get_sheet_by_name("Scorecard").to_python()
    assert rows[0] == columns() and len(rows) == 12
    about = " ".join(str(r[0]) for r in workbook.get_sheet_by_name("About").to_python())
    assert "synthetic = yes" in about


def test_a_snapshot_exports_what_was_published(client, signed_in):
    scorecard, user = signed_in
    snapshot = snapshot_publish(
        scorecard=scorecard,
        title="October 2020",
        as_at=date(2020, 12, 31),
        commentary={},
        public=False,
        by=user,
    )
    table = list(
        csv.DictReader(
            io.StringIO(client.get(f"/scorecards/snapshots/{snapshot.pk}/export.csv").content.decode())
        )
    )
    assert next(row for row in table if row["indicator_code"] == "cpp-rate")["period"] == "31 March 2020"
    unknown = client.get(f"/scorecards/snapshots/{snapshot.pk}/export.docx")
    assert unknown.status_code == 404  # not a format we make


def test_the_board_pdf_has_a_cover_a_summary_and_a_section_per_theme(client, signed_in):
    from pypdf import PdfReader

    scorecard, user = signed_in
    snapshot = snapshot_publish(
        scorecard=scorecard,
        title="Narrowing the Gap, October 2026",
        as_at=date(2026, 12, 31),
        commentary={"Health": "Fewer children needed a plan in the target area."},
        public=False,
        by=user,
    )
    response = client.get(f"/scorecards/snapshots/{snapshot.pk}/export.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 6  # cover and summary, then one section per theme
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Narrowing the Gap, October 2026" in text and "Summary of the directions of travel" in text
    for theme in [
        "Education & Skills",
        "Employment & Poverty",
        "Health",
        "Housing & Environment",
        "Targeting Key Individuals",
    ]:
        assert theme in text
    assert "Fewer children needed a plan in the target area." in text
    assert "Synthetic" in text and "Children subject to a child protection plan" in text
