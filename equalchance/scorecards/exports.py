"""Scorecards as CSV and XLSX: one row per line with every value, interval, gap and label.

Built from the frozen data shape (snapshots.freeze), so a live scorecard and a published snapshot
export alike. Synthetic values are flagged on every row they touch.

Text that people typed (theme and scorecard names, snapshot titles, indicator names and sources) could
begin with = + - or @, which a spreadsheet would run as a formula: every text cell goes through
`common.spreadsheets.cell_safe`, and XLSX cells are written by type (write_string, write_number), never
with xlsxwriter's guessing `write`."""

import io
import math

import xlsxwriter

from equalchance.common.spreadsheets import cell_safe, csv_text
from equalchance.indicators.synthetic import SYNTHETIC_NOTE

AREAS = ["target", "rest", "district", "england", "comparators"]


def columns() -> list[str]:
    header = ["theme", "indicator_code", "indicator", "period", "unit", "polarity"]
    for area in AREAS:
        header += [f"{area}_value", f"{area}_lower_95", f"{area}_upper_95"]
        if area != "comparators":
            header += [f"{area}_numerator", f"{area}_denominator"]
    header += ["comparator_mean"]
    for gap in AREAS[1:]:
        header += [f"gap_{gap}", f"gap_{gap}_lower_95", f"gap_{gap}_upper_95"]
    return header + [
        "gap_status",
        "direction_since_previous",
        "previous_period",
        "direction_since_baseline",
        "baseline_period",
        "gap_trend",
        "synthetic",
        "source",
        "note",
    ]


def _estimate(e: dict | None) -> list:
    return [None, None, None] if not e else [e.get("value"), e.get("lower"), e.get("upper")]


def rows(data: dict) -> list[list]:
    out = []
    for theme in data["themes"]:
        for line in theme["lines"]:
            row = [
                theme["name"],
                line["indicator"],
                line["name"],
                line.get("period", ""),
                line.get("unit", ""),
                line.get("polarity", ""),
            ]
            areas = line.get("areas") or {}
            for area in AREAS:
                value = areas.get(area) or {}
                row += _estimate(value.get("estimate"))
                if area != "comparators":
                    row += [value.get("numerator"), value.get("denominator")]
            row.append(line.get("comparator_mean"))
            gaps = line.get("gaps") or {}
            for gap in AREAS[1:]:
                row += _estimate(gaps.get(gap))
            previous, baseline = line.get("from_previous") or {}, line.get("from_baseline") or {}
            row += [
                line.get("status", ""),
                previous.get("direction", ""),
                previous.get("since", ""),
                baseline.get("direction", ""),
                baseline.get("since", ""),
                line.get("trend", ""),
                "yes" if line.get("synthetic") else "no",
                line.get("source", ""),
                line.get("note", ""),
            ]
            out.append(row)
    return out


def as_csv(data: dict) -> str:
    return csv_text(columns(), rows(data))


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
    sheet = workbook.add_worksheet("Scorecard")
    for column, name in enumerate(columns()):
        write_cell(sheet, 0, column, name, bold)
    for number, row in enumerate(rows(data), start=1):
        for column, cell in enumerate(row):
            write_cell(sheet, number, column, cell)
    sheet.freeze_panes(1, 3)
    sheet.set_column(0, 2, 28)
    about = workbook.add_worksheet("About")
    notes = [
        title,
        f"Data up to {data_up_to.day} {data_up_to:%B %Y}." if data_up_to else "No data held yet.",
        "Gaps are the target minus the comparator, turned so that positive means the target is worse "
        "(with no judgement: on the same side as at the first period; such measures are only said to be "
        "higher or lower, and their direction of travel follows the size of the gap).",
        "Intervals are 95%: Wilson (proportions), exact Poisson or Byars (rates), as published otherwise; "
        "gaps and changes use MOVER.",
        "Rows marked synthetic = yes contain generated values. " + SYNTHETIC_NOTE,
    ]
    for number, text in enumerate(notes):
        write_cell(about, number, 0, text, bold if number == 0 else None)
    about.set_column(0, 0, 120)
    workbook.close()
    return buffer.getvalue()
