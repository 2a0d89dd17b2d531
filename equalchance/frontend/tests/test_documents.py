"""The shared writers of office files: a table's header row is a header row in DOCX, ODT and XLSX; the
title, subject and language are set in every format; a status tag is shaded in its colour; typed text
never becomes a formula; a day given as the date is its midnight in UTC."""

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import odfdo
import openpyxl
from docx import Document
from docx.oxml.ns import qn

from equalchance.frontend import documents
from equalchance.frontend.documents import Run, Sheet, Table, cell, heading, paragraph, table_block

FORMULA = '=HYPERLINK("http://example.invalid/","Open me")'
TABLE = Table(
    caption="Actions and their status",
    headers=["Action", "Slippage (days)"],
    rows=[[cell("Open the hub"), cell("12")], [[[Run("● On track", bold=True, tag="green")]], cell("0")]],
    numeric={1},
    widths=[70, 30],
)
BLOCKS = [heading(1, "A report"), paragraph(Run("Summary:", bold=True), Run(" fine.")), table_block(TABLE)]
AT = datetime(2026, 11, 30, 9, 15, 2, 999, tzinfo=UTC)
SAID = {"title": "A report", "subject": "Tracker", "created": AT}


def docx() -> Document:
    return Document(io.BytesIO(documents.docx_bytes(**SAID, description="What it is.", blocks=BLOCKS)))


def odt() -> odfdo.Document:
    return odfdo.Document(io.BytesIO(documents.odt_bytes(**SAID, description="What it is.", blocks=BLOCKS)))


def xlsx(**options) -> openpyxl.Workbook:
    sheet = Sheet("Actions", ["Action", "Slippage (days)"], [["Open the hub", 12], [FORMULA, Decimal("2.5")]])
    content = documents.xlsx_bytes(**SAID, about=[("Report", "A report")], sheets=[sheet], **options)
    return openpyxl.load_workbook(io.BytesIO(content))


def test_a_table_with_headers_has_a_header_row_in_docx_odt_and_xlsx():
    (table,) = docx().tables
    header, *rows = table.rows
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on every page
    assert [c.text for c in header.cells] == TABLE.headers
    assert all(run.bold for run in header.cells[0].paragraphs[0].runs)
    assert [[c.text for c in row.cells] for row in rows] == [["Open the hub", "12"], ["● On track", "0"]]
    assert table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) == TABLE.caption

    (made,) = odt().body.get_tables()
    headers = made.get_elements("table:table-header-rows/table:table-row")
    assert len(headers) == 1 and [c.get_value() for c in headers[0].get_cells()] == TABLE.headers
    assert made.get_element("table:title").text == TABLE.caption
    assert made.get_values()[1:] == [["Open the hub", "12"], ["● On track", "0"]]

    sheet = xlsx()["Actions"]
    assert [c.value for c in sheet[1]] == ["Action", "Slippage (days)"] and sheet["A1"].font.b
    assert sheet.freeze_panes == "A2"  # the header row stays in view


def test_title_subject_and_language_are_set_in_every_format():
    properties = docx().core_properties
    assert (properties.title, properties.subject, properties.language) == ("A report", "Tracker", "en-GB")
    assert properties.comments == "What it is." and properties.author == documents.AUTHOR
    assert properties.created == datetime(2026, 11, 30, 9, 15, 2, tzinfo=UTC)  # to the second
    styles = docx().styles.element
    assert styles.find(f".//{qn('w:rPrDefault')}//{qn('w:lang')}").get(qn("w:val")) == "en-GB"

    meta = odt().meta
    assert (meta.get_title(), meta.get_subject(), meta.get_language()) == ("A report", "Tracker", "en-GB")
    assert meta.get_description() == "What it is."

    properties = xlsx().properties
    assert (properties.title, properties.subject) == ("A report", "Tracker")
    assert properties.created == datetime(2026, 11, 30, 9, 15, 2)


def test_the_pages_are_a4_landscape_in_docx_and_odt():
    section = docx().sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == documents.PAGE_MM
    (layout, *_) = odt().styles.get_elements("//style:page-layout-properties")
    assert layout.get_attribute("fo:page-width") == "29.7cm"
    assert layout.get_attribute("style:print-orientation") == "landscape"


def test_a_status_tag_is_bold_and_shaded_in_its_colour_never_colour_alone():
    fill, ink = documents.COLOURS["green"]
    run = docx().tables[0].rows[2].cells[0].paragraphs[0].runs[0]
    assert run.text == "● On track" and run.bold and str(run.font.color.rgb) == ink
    assert run._r.rPr.find(qn("w:shd")).get(qn("w:fill")) == fill
    document = odt()
    (span,) = [s for s in document.body.get_elements("//text:span") if s.text == "● On track"]
    style = document.get_style("text", span.style)
    assert style.get_properties()["fo:background-color"] == f"#{fill}"


def test_typed_text_that_looks_like_a_formula_stays_text_and_a_decimal_is_a_number():
    sheet = xlsx()["Actions"]
    assert sheet["A3"].value == "'" + FORMULA and sheet["A3"].data_type == "s"
    assert sheet["B3"].value == 2.5 and sheet["B2"].value == 12


def test_an_annex_can_freeze_its_first_columns_and_filter_but_never_freezes_every_column():
    sheet = xlsx(frozen_columns=3, filters=True)["Actions"]
    assert sheet.freeze_panes == "B2"  # two columns: only the first is frozen
    assert sheet.auto_filter.ref == "A1:B3"
    assert xlsx()["Actions"].auto_filter.ref is None


def test_a_day_given_as_the_date_is_its_midnight_in_utc():
    made = documents.docx_bytes(**{**SAID, "created": date(2026, 11, 30)}, description="", blocks=BLOCKS)
    assert Document(io.BytesIO(made)).core_properties.created == datetime(2026, 11, 30, tzinfo=UTC)
    assert documents.moment(date(2026, 11, 30)) == datetime(2026, 11, 30, tzinfo=UTC)
