"""The shared writers of office files: a table's header row is a header row in DOCX, ODT and XLSX; the
title, subject and language are set in every format; a status tag is shaded in its colour; typed text
never becomes a formula; a day given as the date is its midnight in UTC."""

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import odfdo
import openpyxl
import pytest
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


# --- Pictures --------------------------------------------------------------------------------------

CHART_TITLE = "Visits by quarter & their target"


def chart_svg() -> str:
    from equalchance.frontend.charts import Point, Series, line_chart

    values = Series(
        "Visits", [Point(label, value) for label, value in (("Q1", 10.0), ("Q2", 14.0), ("Q3", 12.0))]
    )
    return str(line_chart([values], title=CHART_TITLE, y_label="visits"))


def pictured() -> list:
    chart = documents.svg_picture(chart_svg(), width_mm=180)
    in_cell = Table(
        caption="Trend",
        headers=["Measure", "Values"],
        rows=[[cell("Visits"), [[Run("", picture=chart)], [Run("Q1: 10; Q2: 14; Q3: 12")]]]],
    )
    return [heading(1, "Charts"), documents.figure(chart, "Visits by quarter."), table_block(in_cell)]


def test_a_chart_is_drawn_as_a_png_the_svgs_shape_at_print_resolution_with_its_title_as_alt_text():
    from PIL import Image

    picture = documents.svg_picture(chart_svg(), width_mm=180)
    image = Image.open(io.BytesIO(picture.png))
    assert image.format == "PNG"
    width, height = image.size
    assert width == round(180 / 25.4 * documents.DPI)  # 1,417 dots for 180 mm at 200 dots an inch
    assert abs(height - width / 2) <= 1  # the chart's proportions, to the dot
    assert picture.height_mm == 90  # the chart's viewBox is 720 by 360
    assert picture.alt == CHART_TITLE  # unescaped from the SVG's <title>
    colours = {colour for _, colour in image.convert("RGB").getcolors(maxcolors=1_000_000)}
    assert (0x1D, 0x70, 0xB8) in colours  # the line was drawn, in the first series' colour
    assert image.convert("RGB").getpixel((0, 0)) == (255, 255, 255)  # on white, not see-through


def test_an_svg_without_a_title_is_refused_as_a_picture_for_it_would_have_no_alternative_text():
    with pytest.raises(ValueError, match="title"):
        documents.svg_picture('<svg viewBox="0 0 10 10"><circle r="3"/></svg>', width_mm=10)


def test_pictures_in_docx_are_inline_with_their_alt_text_at_their_width_and_the_figure_captioned():
    document = Document(io.BytesIO(documents.docx_bytes(**SAID, description="", blocks=pictured())))
    shapes = document.inline_shapes
    assert len(shapes) == 2  # the figure and the one in the table's cell
    for shape in shapes:
        assert shape._inline.docPr.get("descr") == CHART_TITLE
        assert abs(shape.width.mm - 180) < 0.1 and abs(shape.height.mm - 90) < 0.1
    caption = [p for p in document.paragraphs if p.style.name == "Caption"]
    assert [p.text for p in caption] == ["Visits by quarter."]
    (table,) = document.tables
    assert "Q1: 10; Q2: 14; Q3: 12" in table.rows[1].cells[1].text  # the words beside the picture


def test_pictures_in_odt_are_framed_pngs_in_the_package_with_their_alt_text():
    import zipfile

    content = documents.odt_bytes(**SAID, description="", blocks=pictured())
    made = odfdo.Document(io.BytesIO(content))
    frames = made.body.get_frames()
    assert len(frames) == 2
    assert {frame.name for frame in frames} == {"Picture1", "Picture2"}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for frame in frames:
            assert frame.svg_title == frame.svg_description == CHART_TITLE
            assert frame.size == ("180.00mm", "90.00mm")
            href = frame.get_element("draw:image").get_attribute("xlink:href")
            assert archive.read(href).startswith(b"\x89PNG")
    captions = made.body.get_paragraphs(style="Caption")
    assert [p.text for p in captions] == ["Visits by quarter."]
