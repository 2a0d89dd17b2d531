"""The office files the product writes for people to edit or analyse: DOCX (python-docx) and ODT
(odfdo) from one neutral description of a document's content (`Block`s of headings, paragraphs, lists,
`Table`s of `Run`s and `Picture`s: the pages' SVG charts drawn as PNG), and XLSX (xlsxwriter) from
`Sheet`s of rows. Board reports (`plans.report_files`) and report cards (`performance.card_files`) say
what goes in; everything about how it is drawn is here once: A4 landscape with the PDF's margins, en-GB
as the language, the properties, the tables (header rows repeated, captions for screen readers), status
tags (shape and words, bold and shaded in their colour, never colour alone), pictures with their
alternative text, and the cell rules (text someone typed goes through `common.spreadsheets.cell_safe`,
so "=HYPERLINK(...)" stays text).

Pure: no Django and no app of the product; callers pass words, dates and numbers ready to show."""

import html
import io
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from fractions import Fraction

from equalchance.common.spreadsheets import cell_safe

LANGUAGE = "en-GB"
AUTHOR = "Equal Chance"
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TEXT_IN_CELLS = (
    "Text that begins with = + - or @ starts with an apostrophe, so that a spreadsheet never runs it as "
    "a formula."
)

# The colours of the tags on the pages (plans/reports/document.html): background and text.
COLOURS = {
    "green": ("CCE2D8", "005A30"),
    "yellow": ("FFF7BF", "594D00"),
    "red": ("F4CDC6", "942514"),
    "grey": ("E5E6E7", "282D30"),
    "blue": ("BBD4EA", "0C2D4A"),
    "purple": ("DBD5E9", "3D2375"),
}

# A picture's dots per inch: sharp when printed.
DPI = 200

# A4 landscape, as the PDFs: the tables need the width.
PAGE_MM = (297, 210)
MARGIN_MM = 15
WIDTH_MM = PAGE_MM[0] - 2 * MARGIN_MM


# ---------------------------------------------------------------------------------------------------
# The description of a document, drawn as DOCX and as ODT.


@dataclass(frozen=True)
class Picture:
    """A chart as a PNG, with the words a screen reader reads in its place."""

    png: bytes = field(repr=False)
    width_mm: float
    height_mm: float
    alt: str


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    tag: str = ""  # a colour of COLOURS: the run is drawn as a tag (shaded, bold)
    picture: Picture | None = None  # drawn in the line in place of the text (a sparkline in a cell)


@dataclass
class Table:
    caption: str
    headers: list[str]  # none: a table of particulars, whose first column heads each row
    rows: list[list[list[list[Run]]]]  # row, cell, paragraph, runs
    numeric: set[int] = field(default_factory=set)  # columns aligned right
    widths: list[int] = field(default_factory=list)  # per cent of the page's width, per column


@dataclass(frozen=True)
class Block:
    kind: str  # heading, paragraph, table, bullets, numbered, picture
    level: int = 0
    runs: tuple = ()
    table: Table | None = None
    items: tuple = ()  # of a list: (text, depth) pairs, depth 0 at the top
    new_page: bool = False  # a heading that starts a new page (a bound appendix)
    picture: Picture | None = None  # of a figure: its picture, with `runs` as its caption


def svg_picture(svg: str, *, width_mm: float) -> Picture:
    """A chart drawn as SVG for the pages (`frontend.charts`, the cards' sparklines) as a PNG for the
    office files, whose readers draw SVG unevenly or not at all. Its alternative text is the SVG's own
    `<title>`, as the tagged PDF's is; its height keeps the SVG's proportions."""
    import cairosvg

    box = re.search(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', svg)
    title = re.search(r"<title>(.*?)</title>", svg, re.DOTALL)
    if box is None or title is None:
        raise ValueError("A picture needs the SVG's viewBox and its <title> (its alternative text)")
    aspect = float(box[2]) / float(box[1])
    pixels = round(width_mm / 25.4 * DPI)
    png = cairosvg.svg2png(
        bytestring=svg.encode(),
        output_width=pixels,
        output_height=round(pixels * aspect),
        background_color="white",  # not see-through: a dark theme would hide the black text
    )
    return Picture(png, width_mm, width_mm * aspect, html.unescape(title[1]))


def figure(picture: Picture, caption: str) -> Block:
    return Block("picture", picture=picture, runs=(Run(caption),))


def heading(level: int, text: str, *, new_page: bool = False) -> Block:
    return Block("heading", level=level, runs=(Run(text),), new_page=new_page)


def paragraph(*runs: Run) -> Block:
    return Block("paragraph", runs=tuple(runs))


def lines(text: str) -> list[Block]:
    """Text typed over several lines, a paragraph per line (the page breaks the lines)."""
    return [paragraph(Run(line)) for line in text.splitlines() if line.strip()]


def list_block(items, *, numbered: bool = False) -> Block:
    """A flat list of texts; a nested one is `Block("bullets", items=((text, depth), ...))`."""
    return Block("numbered" if numbered else "bullets", items=tuple((text, 0) for text in items))


def table_block(table: Table) -> Block:
    return Block("table", table=table)


def cell(*texts: str) -> list[list[Run]]:
    """A table cell of plain text, a paragraph per text."""
    return [[Run(text)] for text in texts]


def particulars(caption: str, rows: list[tuple[str, list[list[Run]]]], widths=(25, 75)) -> Block:
    """A table of label and value, as the pages' tables whose rows each have a heading."""
    table = Table(
        caption=caption,
        headers=[],
        rows=[[[[Run(label, bold=True)]], value] for label, value in rows],
        widths=list(widths),
    )
    return table_block(table)


@dataclass
class Sheet:
    """A sheet of a workbook: a header row, then rows of Python values (dates as dates, numbers as
    numbers); `widths` in characters per column."""

    name: str
    columns: list[str]
    rows: list[list]
    widths: list[int] = field(default_factory=list)


def rows_counted(sheets: list[Sheet]) -> list[tuple[str, int]]:
    """The lines of an "About" sheet that say how many rows each sheet has."""
    return [(f"Rows on '{sheet.name}'", len(sheet.rows)) for sheet in sheets]


def moment(created: date | datetime) -> datetime:
    """A file's date and time, in UTC to the second (a day: its midnight, UTC), so that a file drawn
    again from the same content carries the same dates."""
    if not isinstance(created, datetime):
        return datetime.combine(created, time(), tzinfo=UTC)
    return created.astimezone(UTC).replace(microsecond=0)


# ---------------------------------------------------------------------------------------------------
# DOCX (python-docx)


def _docx_shade(element, fill: str) -> None:
    """A w:shd on a run's or cell's properties (appended last, where the schema puts it)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    element.append(shading)


def _docx_runs(made_paragraph, runs) -> None:
    from docx.shared import RGBColor

    for run in runs:
        if run.picture:
            _docx_picture(made_paragraph, run.picture)
            continue
        made = made_paragraph.add_run(run.text)
        if run.bold or run.tag:
            made.bold = True
        if run.tag:
            fill, ink = COLOURS[run.tag]
            made.font.color.rgb = RGBColor.from_string(ink)
            _docx_shade(made._r.get_or_add_rPr(), fill)


def _docx_picture(made_paragraph, picture: Picture) -> None:
    from docx.shared import Mm

    shape = made_paragraph.add_run().add_picture(io.BytesIO(picture.png), width=Mm(picture.width_mm))
    shape._inline.docPr.set("descr", picture.alt)  # Word's alternative text


def _docx_language(document) -> None:
    """en-GB as the language of every style (Word's proofing and screen readers read it there)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    language = properties.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        properties.append(language)
    language.set(qn("w:val"), LANGUAGE)


def _docx_table(document, table: Table) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    columns = len(table.headers or table.rows[0])
    made = document.add_table(rows=1 if table.headers else 0, cols=columns)
    made.style = "Table Grid"
    made.alignment = WD_TABLE_ALIGNMENT.LEFT
    made.autofit = not table.widths
    caption = OxmlElement("w:tblCaption")  # the table's title for screen readers (Word's alt text)
    caption.set(qn("w:val"), table.caption)
    made._tbl.tblPr.append(caption)
    if table.headers:
        header = made.rows[0]
        header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated on every page
        for column, (made_cell, text) in enumerate(zip(header.cells, table.headers)):
            made_paragraph = made_cell.paragraphs[0]
            made_paragraph.add_run(text).bold = True
            if column in table.numeric:
                made_paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        cells = made.add_row().cells
        made.rows[-1]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for column, (made_cell, paragraphs) in enumerate(zip(cells, row)):
            for number, runs in enumerate(paragraphs):
                made_paragraph = made_cell.paragraphs[0] if number == 0 else made_cell.add_paragraph()
                _docx_runs(made_paragraph, runs)
                if column in table.numeric:
                    made_paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for column, share in enumerate(table.widths):
        width = Mm(WIDTH_MM * share / 100)
        made.columns[column].width = width
        for made_cell in made.columns[column].cells:
            made_cell.width = width


def docx_bytes(
    *, title: str, subject: str, description: str, created: date | datetime, blocks: list[Block]
) -> bytes:
    """The blocks as a Word document; `created` is also its last modified (a day: its midnight, UTC)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    document = Document()
    properties = document.core_properties
    properties.title = title
    properties.language = LANGUAGE
    properties.subject = subject
    properties.author = properties.last_modified_by = AUTHOR
    properties.comments = description
    properties.created = properties.modified = moment(created)
    _docx_language(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(MARGIN_MM))
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    for block in blocks:
        if block.kind == "heading":
            if block.new_page:
                document.add_page_break()
            document.add_heading(block.runs[0].text, level=block.level)
        elif block.kind == "paragraph":
            _docx_runs(document.add_paragraph(), block.runs)
        elif block.kind in ("bullets", "numbered"):
            style = "List Number" if block.kind == "numbered" else "List Bullet"
            for text, depth in block.items:
                document.add_paragraph(text, style=style + (f" {depth + 1}" if depth else ""))
        elif block.kind == "picture":
            _docx_picture(document.add_paragraph(), block.picture)
            _docx_runs(document.add_paragraph(style="Caption"), block.runs)
        else:
            _docx_table(document, block.table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------------
# ODT (odfdo)


def _odt_page(document) -> None:
    """A4 landscape with the PDF's margins; headings without the template's outline numbers."""
    for layout in document.styles.get_elements("//style:page-layout-properties"):
        layout.set_attribute("fo:page-width", f"{PAGE_MM[0] / 10}cm")
        layout.set_attribute("fo:page-height", f"{PAGE_MM[1] / 10}cm")
        layout.set_attribute("style:print-orientation", "landscape")
        for side in ("top", "bottom", "left", "right"):
            layout.set_attribute(f"fo:margin-{side}", f"{MARGIN_MM / 10}cm")
    for text in document.styles.get_elements("//style:default-style[@style:family='paragraph']"):
        properties = text.get_element("style:text-properties")
        properties.set_attribute("style:font-name", "Liberation Sans")  # Arial's metrics, as the PDF
        properties.set_attribute("fo:font-size", "10pt")
    for level in document.styles.get_elements("//text:outline-level-style"):
        level.set_attribute("style:num-format", "")
        for name in ("style:num-suffix", "loext:num-list-format"):
            if level.get_attribute(name) is not None:
                level.del_attribute(name)


def _odt_styles(document) -> dict[str, str]:
    from odfdo import Style

    names = {}
    for key, (fill, ink) in COLOURS.items():
        names[key] = document.insert_style(
            Style("text", name=f"Tag_{key}", color=f"#{ink}", background_color=f"#{fill}", bold=True),
            automatic=True,
        )
    names["bold"] = document.insert_style(Style("text", name="Strong_text", bold=True), automatic=True)
    names["cell"] = document.insert_style(
        Style("table-cell", name="Report_cell", border="0.5pt solid #b1b4b6", padding="0.1cm"),
        automatic=True,
    )
    right = Style("paragraph", name="Report_number")
    right.set_properties({"fo:text-align": "end"}, area="paragraph")
    names["right"] = document.insert_style(right, automatic=True)
    new_page = Style("paragraph", name="Appendix_heading", parent_style="Heading_20_1", break_before="page")
    names["new_page"] = document.insert_style(new_page, automatic=True)
    return names


def _odt_list(items):
    """A list, nested by each item's depth."""
    from odfdo import List, ListItem

    top = List()
    open_lists, last = [top], None
    for text, depth in items:
        while depth > len(open_lists) - 1 and last is not None:
            nested = List()
            last.append(nested)
            open_lists.append(nested)
        del open_lists[depth + 1 :]
        last = ListItem(text)
        open_lists[-1].append(last)
    return top


class _OdtPictures:
    """Adds each picture to the document's files and frames it in the line, named in turn."""

    def __init__(self, document):
        self.document, self.count = document, 0

    def frame(self, picture: Picture):
        from odfdo import Frame

        self.count += 1
        made = Frame.image_frame(
            self.document.add_file(io.BytesIO(picture.png)),
            name=f"Picture{self.count}",
            size=(f"{picture.width_mm:.2f}mm", f"{picture.height_mm:.2f}mm"),
            anchor_type="as-char",
        )
        made.svg_title = made.svg_description = picture.alt  # the alternative text
        return made


def _odt_paragraph(runs, styles: dict[str, str], style: str | None = None, pictures=None):
    from odfdo import Paragraph, Span

    made = Paragraph("", style=style)
    for run in runs:
        if run.picture:
            made.append(pictures.frame(run.picture))
        elif run.tag:
            made.append(Span(run.text, style=styles[run.tag]))
        elif run.bold:
            made.append(Span(run.text, style=styles["bold"]))
        else:
            made.append(run.text)
    return made


def _odt_cell(paragraphs, styles: dict[str, str], right: str | None, pictures: _OdtPictures):
    from odfdo import Cell

    made = Cell(style=styles["cell"])
    made.type = "string"  # text, for readers that take a table's values
    for runs in paragraphs:
        made.append(_odt_paragraph(runs, styles, right, pictures))
    return made


def _odt_table(document, table: Table, styles: dict[str, str], number: int, pictures: _OdtPictures):
    from xml.sax.saxutils import escape

    from odfdo import Column, Element, HeaderRows, Row, Style
    from odfdo import Table as OdfTable

    width = f"{WIDTH_MM / 10}cm"
    made = OdfTable(
        f"Table{number}",
        style=document.insert_style(
            Style("table", name=f"Report_table_{number}", width=width, align="left"), automatic=True
        ),
    )
    columns = len(table.headers or table.rows[0])
    for column, share in enumerate(table.widths or [100 // columns] * columns):
        column_style = Style("table-column", name=f"Report_table_{number}_{column}")
        column_style.set_properties(
            {"style:column-width": f"{WIDTH_MM * share / 1000:.2f}cm", "style:rel-column-width": f"{share}*"}
        )
        made.append(Column(style=document.insert_style(column_style, automatic=True)))
    # The table's title for screen readers, as the page's (visually hidden) caption and DOCX's tblCaption.
    made.insert(Element.from_tag(f"<table:title>{escape(table.caption)}</table:title>"), position=0)
    if table.headers:
        header_rows = HeaderRows()
        header = Row()
        for column, text in enumerate(table.headers):
            right = styles["right"] if column in table.numeric else None
            header.append(_odt_cell([[Run(text, bold=True)]], styles, right, pictures))
        header_rows.append(header)
        made.append(header_rows)
    for row in table.rows:
        made_row = Row()
        for column, paragraphs in enumerate(row):
            right = styles["right"] if column in table.numeric else None
            made_row.append(_odt_cell(paragraphs, styles, right, pictures))
        made.append(made_row)
    return made


def odt_bytes(
    *, title: str, subject: str, description: str, created: date | datetime, blocks: list[Block]
) -> bytes:
    """The blocks as an OpenDocument text; `created` is also its last modified (as `docx_bytes`)."""
    from odfdo import Document, Header

    document = Document("text")
    document.body.clear()
    document.set_language(LANGUAGE)
    document.meta.set_title(title)
    document.meta.set_subject(subject)
    document.meta.set_description(description)
    document.meta.set_creation_date(moment(created))
    document.meta.set_modification_date(moment(created))
    _odt_page(document)
    styles = _odt_styles(document)
    pictures = _OdtPictures(document)
    tables = 0
    for block in blocks:
        if block.kind == "heading":
            style = styles["new_page"] if block.new_page else f"Heading_20_{block.level}"
            header = Header(block.level, block.runs[0].text)
            header.style = style  # set after: odfdo's Header leaves a style given to it unset
            document.body.append(header)
        elif block.kind == "paragraph":
            document.body.append(_odt_paragraph(block.runs, styles))
        elif block.kind == "bullets":
            document.body.append(_odt_list(block.items))
        elif block.kind == "numbered":  # numbered as typed: the template has no numbered list style
            for number, (text, _) in enumerate(block.items, start=1):
                document.body.append(_odt_paragraph([Run(f"{number}. {text}")], styles))
        elif block.kind == "picture":
            document.body.append(_odt_paragraph([Run("", picture=block.picture)], styles, pictures=pictures))
            document.body.append(_odt_paragraph(block.runs, styles, style="Caption"))
        else:
            tables += 1
            document.body.append(_odt_table(document, block.table, styles, tables, pictures))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------------
# XLSX (xlsxwriter)


def _write(sheet, row: int, column: int, value, formats: dict) -> None:
    """A cell by its type, never by xlsxwriter's guessing `write`: text is always a (safe) string, a
    Decimal or Fraction a number."""
    if isinstance(value, Decimal | Fraction):
        value = float(value)
    if value is None or value == "":
        sheet.write_blank(row, column, None)
    elif isinstance(value, date):
        sheet.write_datetime(row, column, value, formats["date"])
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, int | float) and math.isfinite(value):
        sheet.write_number(row, column, value)
    else:
        sheet.write_string(row, column, cell_safe(str(value)), formats.get("text"))


def xlsx_bytes(
    *,
    title: str,
    subject: str,
    created: date | datetime,
    about: list[tuple[str, object]],
    sheets: list[Sheet],
    frozen_columns: int = 0,
    filters: bool = False,
) -> bytes:
    """A workbook: an "About" sheet of label and value (`about`, as given), then `sheets`, each with
    its header row frozen; `frozen_columns` freezes the first columns as well (never all of them) and
    `filters` puts a filter on each sheet's columns, for an annex read row by row."""
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    workbook.set_properties(
        {
            "title": title,
            "subject": subject,
            "created": moment(created).replace(tzinfo=None),  # xlsxwriter writes it as UTC
        }
    )
    formats = {
        "date": workbook.add_format({"num_format": "d mmm yyyy", "valign": "top"}),
        "text": workbook.add_format({"text_wrap": True, "valign": "top"}),
        "bold": workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"}),
    }
    made = workbook.add_worksheet("About")
    for number, (label, value) in enumerate(about):
        made.write_string(number, 0, label, formats["bold"])
        _write(made, number, 1, value, formats)
    made.set_column(0, 0, 24)
    made.set_column(1, 1, 110)
    for sheet in sheets:
        made = workbook.add_worksheet(sheet.name)
        for column, name in enumerate(sheet.columns):
            made.write_string(0, column, name, formats["bold"])
        for number, row in enumerate(sheet.rows, start=1):
            for column, value in enumerate(row):
                _write(made, number, column, value, formats)
        made.freeze_panes(1, min(frozen_columns, len(sheet.columns) - 1))
        if filters:
            made.autofilter(0, 0, max(len(sheet.rows), 1), len(sheet.columns) - 1)
        for column, width in enumerate(sheet.widths):
            made.set_column(column, column, width)
    workbook.close()
    return buffer.getvalue()
