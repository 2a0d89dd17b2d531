"""Scorecards as CSV and XLSX: one row per line with every value, interval, gap and label.

Built from the frozen data shape (snapshots.freeze), so a live scorecard and a published snapshot
export alike. Synthetic values are flagged on every row they touch."""

import csv
import io

import xlsxwriter

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
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns())
    writer.writerows(rows(data))
    return buffer.getvalue()


def as_xlsx(data: dict, *, title: str) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    sheet = workbook.add_worksheet("Scorecard")
    sheet.write_row(0, 0, columns(), bold)
    for number, row in enumerate(rows(data), start=1):
        sheet.write_row(number, 0, ["" if cell is None else cell for cell in row])
    sheet.freeze_panes(1, 3)
    sheet.set_column(0, 2, 28)
    about = workbook.add_worksheet("About")
    notes = [
        title,
        f"Latest data up to {data['as_at']}.",
        "Gaps are the target minus the comparator, turned so that positive means the target is worse "
        "(with no judgement: larger than at the first period).",
        "Intervals are 95%: Wilson (proportions), exact Poisson or Byars (rates), as published otherwise; "
        "gaps and changes use MOVER.",
        "Rows marked synthetic = yes contain generated values. " + SYNTHETIC_NOTE,
    ]
    for number, text in enumerate(notes):
        about.write(number, 0, text, bold if number == 0 else None)
    about.set_column(0, 0, 120)
    workbook.close()
    return buffer.getvalue()
