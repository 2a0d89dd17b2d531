"""Reading data files with every row validated before anything is written.

A problem names the file, the row (as a spreadsheet numbers it: the header is row 1) and the column,
so an analyst can open the file and find it.
"""

import csv
import gzip
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

MAX_PROBLEMS = 20


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.reason}"


class DataFileError(Exception):
    """A data file was refused. Nothing from it (or from the import it belonged to) was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"  {problem}" for problem in problems[:MAX_PROBLEMS])
        more = f"\n  ... and {len(problems) - MAX_PROBLEMS} more" if len(problems) > MAX_PROBLEMS else ""
        super().__init__(f"{len(problems)} problem(s); nothing was written:\n{shown}{more}")


@dataclass(frozen=True)
class Column:
    name: str
    parse: Callable[[str], object]


def gss(*entity_codes: str) -> Callable[[str], str]:
    """A GSS code whose first three characters are one of `entity_codes` (e.g. "E01", "W01")."""
    pattern = re.compile(r"^[EWSNK]\d{8}$")

    def parse(text: str) -> str:
        code = text.strip()
        if not pattern.match(code):
            raise ValueError(f"{text!r} is not a GSS code (a letter and eight digits, such as E01009896)")
        if entity_codes and code[:3] not in entity_codes:
            raise ValueError(f"{code} is not a code of the expected kind ({', '.join(entity_codes)})")
        return code

    return parse


def text(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("is empty")
    return value


def whole_number(minimum: int | None = None, maximum: int | None = None) -> Callable[[str], int]:
    def parse(value: str) -> int:
        cleaned = value.strip().replace(",", "")
        try:
            number = float(cleaned)
        except ValueError:
            raise ValueError(f"{value!r} is not a number") from None
        if not number.is_integer():
            raise ValueError(f"{value!r} is not a whole number")
        number = int(number)
        if minimum is not None and number < minimum or maximum is not None and number > maximum:
            raise ValueError(f"{number} is outside the allowed range {minimum} to {maximum}")
        return number

    return parse


def number(value: str) -> float:
    try:
        result = float(value.strip())
    except ValueError:
        raise ValueError(f"{value!r} is not a number") from None
    if result != result or result in (float("inf"), float("-inf")):
        raise ValueError(f"{value!r} is not a finite number")
    return result


def open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def read_rows(
    path: Path,
    columns: Iterable[Column],
    *,
    key: tuple[str, ...],
    keep: Callable[[dict[str, str]], bool] = lambda row: True,
) -> list[dict[str, object]]:
    """Parse and validate every row of a CSV file; raise DataFileError listing every problem.

    `key` names the columns that identify a row: a second row with the same key is a duplicate.
    `keep` selects rows after validation (e.g. England only); rows not kept are still validated.
    """
    columns = list(columns)
    name = path.name
    problems: list[Problem] = []
    rows: list[dict[str, object]] = []
    seen: dict[tuple, int] = {}
    with open_text(path) as handle:
        reader = csv.reader(handle)
        header = [h.strip() for h in next(reader, [])]
        missing = [c.name for c in columns if c.name not in header]
        if missing:
            raise DataFileError([Problem(name, 1, m, "required column is missing") for m in missing])
        positions = [(column, header.index(column.name)) for column in columns]
        for row_number, raw in enumerate(reader, start=2):
            if not raw or all(not cell.strip() for cell in raw):
                continue
            if len(raw) != len(header):
                problems.append(Problem(name, row_number, None, f"has {len(raw)} fields; the header has {len(header)}"))
                continue
            parsed: dict[str, object] = {}
            for column, position in positions:
                try:
                    parsed[column.name] = column.parse(raw[position])
                except ValueError as error:
                    problems.append(Problem(name, row_number, column.name, str(error)))
            if len(parsed) != len(positions):
                continue
            identity = tuple(parsed[k] for k in key)
            if identity in seen:
                problems.append(
                    Problem(name, row_number, key[0], f"duplicate of row {seen[identity]} ({', '.join(map(str, identity))})")
                )
                continue
            seen[identity] = row_number
            if keep(parsed):
                rows.append(parsed)
            if len(problems) > 10 * MAX_PROBLEMS:
                break
    if problems:
        raise DataFileError(problems)
    return rows
