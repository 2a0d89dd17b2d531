"""Importing observations: the documented long format (CSV or XLSX), OHID Fingertips downloads, and
the real national series shipped with the product. Every row is validated first; a file with any
problem is refused whole, naming file, row, column and reason; otherwise one transaction writes an
import batch (source, file hash, who, when) and its observations.

Long format columns (a header row; case and order do not matter):
    indicator     indicator code from the catalogue, e.g. cpp-rate
    area_code     GSS code, e.g. E08000029 (England E92000001, regions, districts, wards, LSOAs)
    period        e.g. 2019/20, 2019, 2017-19, 2024-04-01/P1Y (see indicators.periods)
    numerator     count (optional when value is given)
    denominator   population (optional when value is given)
    value         as published, in the indicator's units (optional when numerator and denominator are given)
    lower_95, upper_95   published 95% limits (optional)
    age_band      for a directly standardised rate given by age: one row per European Standard Population
                  band (0-4, 5-9, ..., 85-89, 90+) with its count and population; the rows of one area and
                  period make one observation, standardised by the product (Dobson intervals)
"""

import hashlib
import io
import math
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from equalchance.common.validated_csv import DataFileError, Problem, csv_records
from equalchance.indicators.models import ImportBatch, Indicator, Observation, ValueType
from equalchance.indicators.periods import Period, parse_period
from equalchance.indicators.values import ESP2013_BANDS, ESP2013_WEIGHTS
from equalchance.places.models import Area

REQUIRED = ["indicator", "area_code", "period"]
OPTIONAL = ["numerator", "denominator", "value", "lower_95", "upper_95"]
TEXT_OPTIONAL = ["age_band"]


@dataclass(frozen=True)
class Row:
    """One row as text, with its row number in the file, in the long format's columns."""

    number: int
    cells: dict[str, str]


@dataclass(frozen=True)
class Draft:
    indicator: Indicator
    area_code: str
    period: Period
    numerator: float | None
    denominator: float | None
    value: float | None
    lower: float | None
    upper: float | None
    bands: dict | None = None


def read_table(path: Path, name: str | None = None) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV or XLSX file (first sheet), every cell as text. Problems name the file
    as `name` (what the person uploaded), not the temporary file it was saved to."""
    name = name or path.name
    if path.suffix.lower() in {".xlsx", ".xls", ".ods"}:
        from python_calamine import CalamineWorkbook

        try:
            sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        except Exception as error:  # the reader's own errors: corrupt or not a workbook
            raise DataFileError(
                [Problem(name, None, None, f"is not a readable spreadsheet ({error})")]
            ) from None
        rows = [[_cell_text(cell) for cell in row] for row in sheet]
    else:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DataFileError(
                [Problem(name, None, None, "is not UTF-8 text (save it as CSV UTF-8)")]
            ) from None
        rows = list(csv_records(io.StringIO(text, newline=""), name))
    if not rows:
        raise DataFileError([Problem(name, None, None, "is empty")])
    return [h.strip() for h in rows[0]], rows[1:]


def _cell_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def long_format_rows(path: Path, file_name: str | None = None) -> list[Row]:
    file_name = file_name or path.name
    header, rows = read_table(path, file_name)
    names = [h.lower() for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise DataFileError([Problem(file_name, 1, c, "required column is missing") for c in missing])
    if not any(c in names for c in OPTIONAL[:3]):
        raise DataFileError(
            [Problem(file_name, 1, None, "needs numerator and denominator columns, or a value column")]
        )
    positions = {name: names.index(name) for name in REQUIRED + OPTIONAL + TEXT_OPTIONAL if name in names}
    result = []
    for number, cells in enumerate(rows, start=2):
        if not any(c.strip() for c in cells):
            continue
        result.append(
            Row(number, {name: cells[i].strip() if i < len(cells) else "" for name, i in positions.items()})
        )
    return result


def fingertips_rows(path: Path, file_name: str | None = None) -> list[Row]:
    """Rows of an OHID Fingertips data download (all persons, no category breakdowns)."""
    file_name = file_name or path.name
    header, rows = read_table(path, file_name)
    needed = ["Indicator ID", "Area Code", "Time period", "Value"]
    missing = [c for c in needed if c not in header]
    if missing:
        raise DataFileError(
            [Problem(file_name, 1, c, "required Fingertips column is missing") for c in missing]
        )
    index = {name: i for i, name in enumerate(header)}
    ids = {str(i.fingertips_id): i.code for i in Indicator.objects.exclude(fingertips_id=None)}

    def cell(cells, name):
        i = index.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    result, unknown = [], []
    for number, cells in enumerate(rows, start=2):
        if not any(c.strip() for c in cells):
            continue
        if cell(cells, "Category Type") or cell(cells, "Sex") not in {"", "Persons"}:
            continue  # breakdowns by deprivation, ethnicity or sex are not area values
        raw_id = cell(cells, "Indicator ID")
        # Compared as text: "²" or "٣" pass str.isdigit() but are not Fingertips IDs (and int() refuses
        # some of them); a whole number written "90631.0" by a spreadsheet is still 90631.
        code = ids.get(raw_id[:-2] if raw_id.endswith(".0") else raw_id)
        if code is None:
            unknown.append(
                Problem(
                    file_name,
                    number,
                    "Indicator ID",
                    f"{raw_id[:30]!r} is not the Fingertips indicator ID of an indicator in the catalogue"
                    + (f" (those held: {', '.join(sorted(ids, key=int))})" if ids else ""),
                )
            )
            continue
        result.append(
            Row(
                number,
                {
                    "indicator": code,
                    "area_code": cell(cells, "Area Code"),
                    "period": cell(cells, "Time period"),
                    "numerator": cell(cells, "Count"),
                    "denominator": cell(cells, "Denominator"),
                    "value": cell(cells, "Value"),
                    "lower_95": cell(cells, "Lower CI 95.0 limit"),
                    "upper_95": cell(cells, "Upper CI 95.0 limit"),
                },
            )
        )
    if unknown:
        raise DataFileError(unknown)
    return result


def _number(text: str) -> float | None:
    if text == "":
        return None
    value = float(text.replace(",", ""))
    if not math.isfinite(value):
        raise ValueError
    return value


def validate(rows: list[Row], file_name: str) -> list[Draft]:
    """Check every row; raise DataFileError naming each problem; return the observations to write."""
    indicators = {i.code: i for i in Indicator.objects.all()}
    codes = {r.cells.get("area_code", "") for r in rows}
    known_areas = set(Area.objects.filter(code__in=codes).values_list("code", flat=True))
    problems: list[Problem] = []
    drafts: list[Draft] = []
    seen: dict[tuple, int] = {}
    banded: dict[tuple, dict[str, tuple[float, float, int]]] = {}  # DSR rows by age band, grouped

    def problem(row: Row, column: str | None, reason: str) -> None:
        problems.append(Problem(file_name, row.number, column, reason))

    for row in rows:
        cells = row.cells
        before = len(problems)
        indicator = indicators.get(cells.get("indicator", ""))
        if indicator is None:
            problem(row, "indicator", f"{cells.get('indicator')!r} is not an indicator in the catalogue")
        area = cells.get("area_code", "")
        if area not in known_areas:
            problem(row, "area_code", f"{area!r} is not the GSS code of an area we know")
        numbers = {}
        for column in OPTIONAL:
            try:
                numbers[column] = _number(cells.get(column, ""))
            except ValueError:
                problem(row, column, f"{cells[column]!r} is not a number")
                continue
            if numbers[column] is not None and numbers[column] < 0 and column in {"numerator", "denominator"}:
                problem(row, column, "cannot be negative")
        period = None
        if indicator is not None:
            try:
                period = parse_period(cells.get("period", ""), indicator.period_type)
            except ValueError as error:
                problem(row, "period", str(error))
        if len(problems) > before:
            continue
        n, d, v = numbers.get("numerator"), numbers.get("denominator"), numbers.get("value")
        lower, upper = numbers.get("lower_95"), numbers.get("upper_95")
        if v is None and (n is None or d is None):
            problem(row, None, "needs a numerator and a denominator, or a value")
            continue
        if d is not None and d == 0:
            problem(row, "denominator", "must be greater than 0")
            continue
        if indicator.value_type == ValueType.PROPORTION and n is not None and d is not None and n > d:
            problem(row, "numerator", f"{n:g} is more than the denominator {d:g}")
            continue
        band = cells.get("age_band", "")
        if band:
            if indicator.value_type != ValueType.DSR:
                problem(row, "age_band", "only directly standardised rates are given by age band")
            elif band not in ESP2013_WEIGHTS:
                problem(
                    row, "age_band", f"{band!r} is not a European Standard Population age band (0-4 ... 90+)"
                )
            elif n is None or d is None:
                problem(row, None, "an age band needs its count (numerator) and population (denominator)")
            else:
                group = banded.setdefault((indicator, area, period), {})
                if band in group:
                    problem(row, "age_band", f"duplicate of row {group[band][2]} (age band {band})")
                else:
                    group[band] = (n, d, row.number)
            continue
        if indicator.value_type == ValueType.DSR and v is None:
            problem(row, "value", "a directly standardised rate needs its value as published, or age bands")
            continue
        if v is not None and ((lower is not None and lower > v) or (upper is not None and upper < v)):
            problem(
                row,
                "lower_95" if lower is not None and lower > v else "upper_95",
                "the value lies outside its limits",
            )
            continue
        key = (indicator.code, area, period.start, period.end)
        if key in seen:
            problem(row, "period", f"duplicate of row {seen[key]} ({indicator.code}, {area}, {period.label})")
            continue
        seen[key] = row.number
        drafts.append(Draft(indicator, area, period, n, d, v, lower, upper))
    for (indicator, area, period), group in banded.items():
        first = min(number for _, _, number in group.values())
        key = (indicator.code, area, period.start, period.end)
        if key in seen:
            problems.append(
                Problem(
                    file_name,
                    first,
                    "age_band",
                    f"row {seen[key]} gives the same area and period without bands",
                )
            )
            continue
        seen[key] = first
        labels = [label for label in ESP2013_BANDS if label in group]
        bands = {
            "labels": labels,
            "counts": [group[label][0] for label in labels],
            "populations": [group[label][1] for label in labels],
        }
        drafts.append(
            Draft(
                indicator,
                area,
                period,
                sum(bands["counts"]),
                sum(bands["populations"]),
                None,
                None,
                None,
                bands,
            )
        )
    problems += _clashes_with_existing(drafts, rows, seen, file_name)
    if problems:
        raise DataFileError(sorted(problems, key=lambda p: (p.row or 0, p.column or "")))
    return drafts


def _clashes_with_existing(drafts: list[Draft], rows: list[Row], seen: dict, file_name: str) -> list[Problem]:
    if not drafts:
        return []
    existing = {}
    for indicator, area, start, end, batch in Observation.objects.filter(
        indicator__code__in={d.indicator.code for d in drafts}, area_id__in={d.area_code for d in drafts}
    ).values_list("indicator__code", "area_id", "period_start", "period_end", "batch_id"):
        existing[(indicator, area, start, end)] = batch
    problems = []
    for draft in drafts:
        key = (draft.indicator.code, draft.area_code, draft.period.start, draft.period.end)
        if key in existing:
            problems.append(
                Problem(
                    file_name,
                    seen[key],
                    "period",
                    f"{draft.indicator.code} for {draft.area_code} in {draft.period.label} is already held "
                    f"(import #{existing[key]}); roll that import back first",
                )
            )
    return problems


def write(
    drafts: list[Draft],
    *,
    file_name: str,
    file_format: str,
    sha256: str,
    source: str,
    by,
    synthetic: bool = False,
) -> ImportBatch:
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            source=source,
            file_name=file_name,
            file_format=file_format,
            sha256=sha256,
            rows=len(drafts),
            synthetic=synthetic,
            imported_by=by,
        )
        Observation.objects.bulk_create(
            (
                Observation(
                    indicator=d.indicator,
                    area_id=d.area_code,
                    period_start=d.period.start,
                    period_end=d.period.end,
                    period_label=d.period.label,
                    numerator=d.numerator,
                    denominator=d.denominator,
                    value=d.value,
                    lower_95=d.lower,
                    upper_95=d.upper,
                    bands=d.bands,
                    synthetic=synthetic,
                    batch=batch,
                )
                for d in drafts
            ),
            batch_size=2000,
        )
    return batch


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
