"""Measures' values in from a spreadsheet: a CSV file (UTF-8, commas between columns) or the first sheet
of an XLSX workbook, one row per measure and period.

    measure_code  period  value  numerator  denominator  n  comment  provisional

- `measure_code`: the code of a measure the importer enters values for.
- `period`: as the product writes it for the measure's frequency and calendar ("Q1 2026/27",
  "April 2026", "H1 2026/27", "2026/27"), or the period's first day (2026-04-01).
- `value`: a number (61.5, not 61.5%); for a percentage it may be left empty when `numerator` and
  `denominator` are given. `numerator`, `denominator`, `n`, `comment` and `provisional` (yes or no) are
  optional columns; headings are matched whatever their case.

The whole file is checked before anything is kept, each row by the same rules as a value entered in the
browser (`services.value_enter`, called for every row inside one transaction that is undone on any
problem). Every problem names the file, the row as a spreadsheet numbers it (the headings are row 1),
the column and the reason; nothing is written unless there are none.

Importing a file again: a value still a draft (or returned) is replaced, as it would be in the browser;
a value submitted for approval or approved refuses the whole file, since its approver returns it before
it changes. So a file imported with "submit for approval" is refused the second time.
"""

import re
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from equalchance.audit.actions import Action as Audit
from equalchance.audit.services import audit_event_record
from equalchance.common.spreadsheets import cell_text
from equalchance.common.validated_csv import DataFileError, Problem
from equalchance.performance import periods, selectors, services
from equalchance.performance.models import MeasureValue

COLUMNS = ["measure_code", "period", "value", "numerator", "denominator", "n", "comment", "provisional"]
REQUIRED = ["measure_code", "period", "value"]
NUMBER_COLUMNS = ("value", "numerator", "denominator", "n")
SUFFIXES = (".csv", ".xlsx")
MAX_BYTES = 2 * 1024 * 1024  # the file as uploaded
MAX_UNPACKED = 50 * 1024 * 1024  # an XLSX workbook's contents, unpacked
MAX_ROWS = 2000  # about 10 ms a row (entered, submitted, audited): a page answers within half a minute
MAX_COMMENT = 5000  # as the browser's form allows
TEMPLATE_PERIODS = 8  # the template offers the latest periods: older ones are typed in when needed
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
# The service's field names, as the file's columns.
FIELD_COLUMNS = {"period_start": "period", "period_end": "period", "status": None}
UNREADABLE = "is not a readable spreadsheet: save it again as an Excel workbook (.xlsx) or as CSV"
NOT_YOURS = "there is no measure {code!r} that you enter values for"


@dataclass
class Imported:
    values: int
    submitted: int
    measures: list[str]

    def said(self) -> str:
        values = f"{self.values} value{'s' if self.values != 1 else ''}"
        measures = f"{len(self.measures)} measure{'s' if len(self.measures) != 1 else ''}"
        if self.submitted:
            return f"Imported {values} for {measures} and sent them for approval."
        return f"Imported {values} for {measures} as drafts."


def _refuse(name: str, reason: str, row: int | None = None, column: str | None = None):
    raise DataFileError([Problem(name, row, column, reason)])


def file_check(name: str, size: int, path: Path | None = None) -> None:
    """The file as a whole, before its rows are read: its type and its size (and, for a workbook,
    its size unpacked). A page asks this before it keeps an upload."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        _refuse(
            name, "is not a CSV or XLSX file: save the sheet as CSV UTF-8 or as an Excel workbook (.xlsx)"
        )
    if size == 0:
        _refuse(name, "is empty")
    if size > MAX_BYTES:
        _refuse(name, f"is larger than {MAX_BYTES // (1024 * 1024)} MB: split it into smaller files")
    if suffix == ".xlsx" and path is not None:
        try:
            with zipfile.ZipFile(path) as book:
                unpacked = sum(info.file_size for info in book.infolist())
        except (zipfile.BadZipFile, OSError):
            _refuse(name, UNREADABLE)
        if unpacked > MAX_UNPACKED:
            _refuse(name, "unpacks to more than 50 MB: split it into smaller files")


# A cell element (not an empty one, <c .../>) with a formula element before its end or the next cell.
_CELL_WITH_FORMULA = re.compile(
    rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*(?<!/)>(?:(?!</c>|<c\b).)*?<f\b', re.DOTALL
)


def _formula_cells(path: Path, name: str) -> list[tuple[int, str]]:
    """The cells of the workbook's first sheet that hold a formula, as (row, column letter). The cached
    result a spreadsheet program saved beside a formula is what a reader sees, and a workbook saved by
    other programs may have none, so a formula is refused rather than its result trusted."""
    try:
        with zipfile.ZipFile(path) as book:
            sheets = sorted(
                (n for n in book.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)),
                key=lambda n: int(re.search(r"\d+", n.rsplit("/", 1)[1]).group()),
            )
            if not sheets:
                return []
            xml = book.read(sheets[0])
    except (zipfile.BadZipFile, OSError):
        _refuse(name, UNREADABLE)
    return [
        (int(row), letters.decode())
        for letters, row in (m.groups() for m in _CELL_WITH_FORMULA.finditer(xml))
    ]


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _formulas_found(path: Path, name: str, header: list[str]) -> dict[int, set[str]]:
    """The columns of each row of an XLSX that hold a formula (row number: column names)."""
    if Path(name).suffix.lower() != ".xlsx":
        return {}
    found: dict[int, set[str]] = {}
    for row, letters in _formula_cells(path, name):
        index = _column_index(letters)
        found.setdefault(row, set()).add(header[index] if index < len(header) and header[index] else letters)
    return found


def _read(path: Path, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    from equalchance.indicators.importers.observations import read_table

    header, rows = read_table(path, name)
    if len(header) == 1 and ";" in header[0]:
        _refuse(
            name,
            "has semicolons between its columns: save it as CSV UTF-8 (comma delimited)",
            row=1,
        )
    if any(ch in "\x00\ufffd" or (ord(ch) < 32 and ch not in "\t\r\n") for ch in "".join(header)):
        _refuse(name, UNREADABLE)  # a binary file read as text: its bytes would fill the messages
    header = [h.strip().lower() for h in header]
    problems = [
        Problem(name, 1, heading, f"is not a column of this layout (the columns are {', '.join(COLUMNS)})")
        for heading in header
        if heading and heading not in COLUMNS
    ]
    problems += [
        Problem(name, 1, heading, "appears twice")
        for i, heading in enumerate(header)
        if heading and heading in header[:i]
    ]
    problems += [Problem(name, 1, c, "required column is missing") for c in REQUIRED if c not in header]
    if problems:
        raise DataFileError(problems)
    kept = []
    for number, cells in enumerate(rows, start=2):
        if not any(str(c).strip() for c in cells):
            continue  # a blank line
        kept.append((number, cells))
    if not kept:
        _refuse(name, "has no rows of values under its headings")
    if len(kept) > MAX_ROWS:
        _refuse(name, f"has {len(kept):,} rows of values; at most {MAX_ROWS:,} are taken at once: split it")
    return header, kept


def values_import(*, by, path: Path, file_name: str | None = None, submit: bool = False) -> Imported:
    """Enter (and with `submit`, submit for approval) every value in the file as `by`, or nothing:
    DataFileError lists every problem."""
    name = file_name or path.name
    file_check(name, path.stat().st_size, path)
    header, rows = _read(path, name)
    formulas_at = _formulas_found(path, name, header)
    mine = {m.code: m for m in selectors.measures_entered_by(user=by)}
    problems: list[Problem] = []
    entries = []
    seen: dict[tuple[int, date], int] = {}
    for number, cells in rows:
        row = {c: (cell_text(str(cells[i]).strip()) if i < len(cells) else "") for i, c in enumerate(header)}

        def bad(column, reason, number=number):
            problems.append(Problem(name, number, column, reason))

        # A formula is refused where it is, and the rest of its row still checked, so that every problem
        # of the file is listed at once (probe 9: a workbook's formulas hid its other problems).
        typed = {c for c in ("measure_code", "period", *NUMBER_COLUMNS) if row.get(c, "").startswith("=")}
        formulas = typed | formulas_at.get(number, set())
        for column in sorted(formulas, key=lambda c: COLUMNS.index(c) if c in COLUMNS else 99):
            what = "number" if column in NUMBER_COLUMNS else "text"
            shown = f'"{row[column]}" is a formula' if column in typed else "holds a formula"
            bad(column, f"{shown}: type the {what} itself, not a formula")
        code = "" if "measure_code" in formulas else row["measure_code"]
        measure = mine.get(code)
        if "measure_code" not in formulas and not code:
            bad("measure_code", "is empty")
        elif "measure_code" not in formulas and measure is None:
            bad("measure_code", NOT_YOURS.format(code=code))
        provisional = row.get("provisional", "").lower()
        if "provisional" not in formulas and provisional not in YES | NO:
            bad("provisional", f'"{row["provisional"]}" is not yes or no')
        if len(row.get("comment", "")) > MAX_COMMENT:
            bad("comment", f"is longer than {MAX_COMMENT:,} characters")
        if measure is None or formulas:
            continue
        try:
            period = periods.period_from_label(row["period"], measure.frequency, measure.calendar)
        except periods.PeriodError as error:
            bad("period", str(error))
            continue
        key = (measure.pk, period.start)
        if key in seen:
            bad("period", f"{code} {period.label} is in the file already, at row {seen[key]}")
            continue
        seen[key] = number
        entries.append((number, measure, period, row, provisional in YES))
    problems += _enter_all(by=by, name=name, entries=entries, submit=submit, problems=problems)
    if problems:
        problems.sort(key=lambda p: (p.row or 0, COLUMNS.index(p.column) if p.column in COLUMNS else 99))
        raise DataFileError(problems)
    return Imported(
        values=len(entries),
        submitted=len(entries) if submit else 0,
        measures=sorted({measure.code for _, measure, _, _, _ in entries}),
    )


class _Undo(Exception):
    """Raised inside the import's transaction to undo it: some row was refused."""


def _enter_all(*, by, name: str, entries, submit: bool, problems: list[Problem]) -> list[Problem]:
    """Every row through the services inside one transaction, their refusals as problems of the file;
    the transaction is undone when the file has any problem at all (found here or before)."""
    found: list[Problem] = []
    try:
        with transaction.atomic():
            for number, measure, period, row, provisional in entries:
                try:
                    value = services.value_enter(
                        by=by,
                        measure=measure,
                        period_start=period.start,
                        period_end=period.end,
                        value=row["value"],
                        numerator=row.get("numerator", ""),
                        denominator=row.get("denominator", ""),
                        n=row.get("n", ""),
                        comment=row.get("comment", ""),
                        provisional=provisional,
                    )
                    if submit:
                        services.value_submit(by=by, value=value)
                except ValidationError as refused:
                    for field, reasons in refused.message_dict.items():
                        column = FIELD_COLUMNS.get(field, field if field in COLUMNS else None)
                        found += [Problem(name, number, column, reason) for reason in reasons]
                except PermissionDenied:  # not reached: `mine` holds only the importer's measures
                    found.append(Problem(name, number, "measure_code", NOT_YOURS.format(code=measure.code)))
            if found or problems:
                raise _Undo
            audit_event_record(
                actor=by,
                action=Audit.VALUES_IMPORT,
                object_type="performance.measurevalue",
                changes={
                    "values": len(entries),
                    "submitted": len(entries) if submit else 0,
                    "measures": sorted({measure.code for _, measure, _, _, _ in entries}),
                },
            )
    except _Undo:
        pass
    return found


def template_rows(*, user, today: date) -> list[list[str]]:
    """The import layout, headings first, with a row for each period that has ended of each measure the user
    enters values for: the periods that have ended, of the last eight, with no value submitted or
    approved yet (newest first within each measure)."""
    rows = [COLUMNS]
    measures = list(selectors.measures_entered_by(user=user))
    held = set(
        MeasureValue.objects.filter(
            measure__in=measures, status__in=(MeasureValue.Status.SUBMITTED, MeasureValue.Status.APPROVED)
        ).values_list("measure_id", "period_start")
    )
    for measure in measures:
        offered = periods.periods_enterable(today, measure.frequency, measure.calendar)[:TEMPLATE_PERIODS]
        rows.extend(
            [measure.code, period.label, "", "", "", "", "", "no"]
            for period in offered
            if period.end < today and (measure.pk, period.start) not in held
        )
    return rows
