"""Scorecards as CSV and XLSX: one row per line with every value, interval, gap and label.

Built from the frozen data shape (snapshots.freeze), so a live scorecard and a published snapshot
export alike. Synthetic values are flagged on every row they touch.

Text that people typed (theme and scorecard names, snapshot titles, indicator names and sources) could
begin with = + - or @, which a spreadsheet would run as a formula: every text cell goes through
`common.spreadsheets.cell_safe`, and XLSX cells are written by type (write_string, write_number), never
with xlsxwriter's guessing `write`."""

import io
import math
from datetime import date
from typing import NamedTuple

import xlsxwriter
from django.utils.text import slugify

from equalchance.common.spreadsheets import cell_safe, csv_text
from equalchance.indicators.numbers import Measure
from equalchance.indicators.synthetic import SYNTHETIC_NOTE
from equalchance.scorecards import snapshots

AREAS = ["target", "rest", "district", "england", "comparators"]
AREA_HEADERS = {
    "target": "Target area",
    "rest": "Rest of district",
    "district": "District",
    "england": "England",
    "comparators": "Comparator group",
}

GAP_HEADERS = {
    "rest": "Gap: target minus the rest of the district",
    "district": "Gap: target minus the district",
    "england": "Gap: target minus England",
    "comparators": "Gap: target minus the comparator group",
}


class Cell(NamedTuple):
    """One cell and what it holds: "text", a "value" or "gap" of the line's measure, or a "count"."""

    value: object
    kind: str = "text"
    measure: Measure = Measure()


def columns() -> list[str]:
    """Readable headers, the same in the CSV and the XLSX."""
    header = ["Theme", "Indicator code", "Measure", "Period", "Unit", "Polarity"]
    for area in AREAS:
        name = AREA_HEADERS[area]
        header += [f"{name} value", f"{name} lower 95% limit", f"{name} upper 95% limit"]
        if area != "comparators":
            header += [f"{name} numerator", f"{name} denominator"]
    header += ["Comparator group: mean of the authorities"]
    for gap in AREAS[1:]:
        name = GAP_HEADERS[gap]
        header += [name, f"{name}: lower 95% limit", f"{name}: upper 95% limit"]
    return header + [
        "Gap with the rest of the district: status",
        "Direction of travel since the previous period",
        "Previous period",
        "Direction of travel since the baseline",
        "Baseline period",
        "Gap trend",
        "Synthetic",
        "Source",
        "Note",
    ]


POLARITY = {
    "high_is_good": "Higher is better",
    "low_is_good": "Lower is better",
    "no_judgement": "No judgement",
}


def _measure(line: dict) -> Measure:
    return Measure(
        line.get("unit") or "", int(line.get("decimal_places", 1) or 0), line.get("value_type") or ""
    )


def _estimate(e: dict | None, kind: str, measure: Measure) -> list[Cell]:
    e = e or {}
    return [Cell(e.get(key), kind, measure) for key in ("value", "lower", "upper")]


def cells(data: dict) -> list[list[Cell]]:
    data = snapshots.worded(data)  # gaps as measured and words as every page shows them
    out = []
    for theme in data["themes"]:
        for line in theme["lines"]:
            measure = _measure(line)
            row = [
                Cell(theme["name"]),
                Cell(line["indicator"]),
                Cell(line["name"]),
                Cell(line.get("period", "")),
                Cell(line.get("unit", "")),
                Cell(POLARITY.get(line.get("polarity", ""), line.get("polarity", ""))),
            ]
            areas = line.get("areas") or {}
            for area in AREAS:
                value = areas.get(area) or {}
                row += _estimate(value.get("estimate"), "value", measure)
                if area != "comparators":
                    row += [Cell(value.get("numerator"), "count"), Cell(value.get("denominator"), "count")]
            row.append(Cell(line.get("comparator_mean"), "value", measure))
            differences = line.get("differences") or {}
            for gap in AREAS[1:]:
                row += _estimate(differences.get(gap), "gap", measure)
            previous, baseline = line.get("from_previous") or {}, line.get("from_baseline") or {}
            row += [
                Cell(line.get("status", "")),
                Cell(previous.get("direction", "")),
                Cell(previous.get("since", "")),
                Cell(baseline.get("direction", "")),
                Cell(baseline.get("since", "")),
                Cell(line.get("trend", "")),
                Cell("yes" if line.get("synthetic") else "no"),
                Cell(line.get("source", "")),
                Cell(line.get("note", "")),
            ]
            out.append(row)
    return out


def _number(value) -> float | None:
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _places(measure: Measure) -> int:
    """Decimals of a number as held: a fraction of 1 needs two more than the percentage shows."""
    return measure.decimals + (2 if measure.scale != 1 else 0)


def plain(cell: Cell):
    """The cell as the CSV holds it: numbers rounded to the measure's decimals, in its units as held."""
    if cell.kind == "text":
        return cell.value
    x = _number(cell.value)
    if x is None:
        return None
    if cell.kind == "count":
        return int(x) if x == int(x) else round(x, 1)
    return round(x, _places(cell.measure))


def _decimals(places: int) -> str:
    return "0" if places <= 0 else "0." + "0" * places


def spreadsheet(cell: Cell) -> tuple[object, str | None]:
    """The cell as the XLSX holds it, with its number format: percentages as fractions shown as
    percentages ("0.0%"), rates and gaps to the measure's decimals ("#,##0.0"; gaps signed, in
    percentage points for percentages), counts with thousands separators ("#,##0")."""
    if cell.kind == "text":
        return cell.value, None
    x = _number(cell.value)
    if x is None:
        return None, None
    measure = cell.measure
    if cell.kind == "count":
        whole = x == int(x)
        return (int(x) if whole else round(x, 1)), "#,##0" if whole else "#,##0.0"
    if cell.kind == "value" and measure.percentage:
        fraction = x / 100 if measure.scale == 1 else x
        return round(fraction, measure.decimals + 2), _decimals(measure.decimals) + "%"
    if cell.kind == "gap":
        shown = round(x * measure.scale, measure.decimals)
        number = "#,##" + _decimals(measure.decimals)
        return shown, f"+{number};-{number};{_decimals(measure.decimals)}"
    return round(x, measure.decimals), "#,##" + _decimals(measure.decimals)


def rows(data: dict) -> list[list]:
    return [[plain(cell) for cell in row] for row in cells(data)]


def as_csv(data: dict) -> str:
    return csv_text(columns(), rows(data))


def file_name(title: str, *, district: str, day: date) -> str:
    """A file's name from what it is: "narrowing-the-gap-solihull-2026-11-29" (the district added
    when the title does not name it), never an id alone."""
    words = slugify(title)[:80].strip("-") or "scorecard"
    place = slugify(district)
    if place and place not in words:
        words = f"{words}-{place}"
    return f"{words}-{day:%Y-%m-%d}"


def write_cell(sheet, row: int, column: int, value, cell_format=None) -> None:
    """One cell by its type: numbers as numbers, empty as blank, anything else as a string made safe
    (a string cell is never read as a formula, and the apostrophe keeps it so if the file is re-saved
    as CSV)."""
    if value is None or value == "" or (isinstance(value, float) and not math.isfinite(value)):
        sheet.write_blank(row, column, None, cell_format)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value, cell_format)
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value, cell_format)
    else:
        sheet.write_string(row, column, cell_safe(str(value)), cell_format)


def as_xlsx(data: dict, *, title: str, data_up_to=None) -> bytes:
    buffer = io.BytesIO()
    # Belt and braces: even a stray write() may not turn text into a formula or a link.
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    formats: dict[str, object] = {}
    sheet = workbook.add_worksheet("Scorecard")
    for column, name in enumerate(columns()):
        write_cell(sheet, 0, column, name, bold)
    for number, row in enumerate(cells(data), start=1):
        for column, cell in enumerate(row):
            value, number_format = spreadsheet(cell)
            if number_format and number_format not in formats:
                formats[number_format] = workbook.add_format({"num_format": number_format})
            write_cell(sheet, number, column, value, formats.get(number_format))
    sheet.freeze_panes(1, 3)
    sheet.set_row(0, 45)
    sheet.set_column(0, 2, 28)
    sheet.set_column(3, len(columns()) - 1, 14)
    about = workbook.add_worksheet("About")
    first = next(
        (line["areas"] for theme in data["themes"] for line in theme["lines"] if line.get("areas")), {}
    )
    names = "; ".join(
        f"{AREA_HEADERS[key]}: {first[key]['name']}" for key in AREAS if first.get(key, {}).get("name")
    )
    notes = [
        title,
        names,
        f"Data up to {data_up_to.day} {data_up_to:%B %Y}." if data_up_to else "No data held yet.",
        "Gaps are the target minus the comparator, as measured (negative: the target's value is lower). "
        "The status says whether that is significantly better or worse; measures with no judgement are "
        "only said to be higher or lower, and their direction of travel follows the size of the gap.",
        "Intervals are 95%: Wilson (proportions), exact Poisson or Byars (rates), as published otherwise; "
        "gaps and changes use MOVER.",
        "Rows marked synthetic = yes contain generated values. " + SYNTHETIC_NOTE,
    ]
    for number, text in enumerate(notes):
        write_cell(about, number, 0, text, bold if number == 0 else None)
    about.set_column(0, 0, 120)
    workbook.close()
    return buffer.getvalue()
