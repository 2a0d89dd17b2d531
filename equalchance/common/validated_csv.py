"""Reading data files with every row validated before anything is written.

A problem names the file, the row (as a spreadsheet numbers it: the header is row 1) and the column,
so an analyst can open the file and find it.
"""

import csv
import gzip
import io
import math
import re
from collections.abc import Callable, Iterable, Iterator
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


class Parser:
    """Parses one cell (`__call__`, raising ValueError with a reason) or a whole column at once
    (`many`, which returns None when any cell is bad, so the caller falls back to cell by cell and can
    say exactly which cell)."""

    def __call__(self, value: str):
        raise NotImplementedError

    def many(self, cells: list[str]) -> list | None:
        try:
            return [self(cell) for cell in cells]
        except ValueError:
            return None


class GssCode(Parser):
    pattern = re.compile(r"^[EWSNK]\d{8}$")

    def __init__(self, entity_codes: tuple[str, ...]):
        self.entity_codes = set(entity_codes)

    def __call__(self, value: str) -> str:
        code = value.strip()
        if not self.pattern.match(code):
            raise ValueError(f"{value!r} is not a GSS code (a letter and eight digits, such as E01009896)")
        if self.entity_codes and code[:3] not in self.entity_codes:
            raise ValueError(
                f"{code} is not a code of the expected kind ({', '.join(sorted(self.entity_codes))})"
            )
        return code

    def many(self, cells):
        match = self.pattern.match
        if all(map(match, cells)) and (not self.entity_codes or {c[:3] for c in cells} <= self.entity_codes):
            return cells
        return None


def gss(*entity_codes: str) -> GssCode:
    """A GSS code whose first three characters are one of `entity_codes` (e.g. "E01", "W01")."""
    return GssCode(entity_codes)


class Text(Parser):
    def __call__(self, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("is empty")
        return value

    def many(self, cells):
        stripped = [c.strip() for c in cells]
        return stripped if all(stripped) else None


text = Text()


class WholeNumber(Parser):
    def __init__(self, minimum: int | None, maximum: int | None):
        self.minimum, self.maximum = minimum, maximum

    def __call__(self, value: str) -> int:
        cleaned = value.strip().replace(",", "")
        try:
            number = float(cleaned)
        except ValueError:
            raise ValueError(f"{value!r} is not a number") from None
        if not number.is_integer():
            raise ValueError(f"{value!r} is not a whole number")
        number = int(number)
        if (
            self.minimum is not None
            and number < self.minimum
            or self.maximum is not None
            and number > self.maximum
        ):
            raise ValueError(f"{number} is outside the allowed range {self.minimum} to {self.maximum}")
        return number

    def many(self, cells):
        try:
            numbers = list(map(int, cells))  # the common case: plain digits
        except ValueError:
            return super().many(cells)  # "29,199", "12.0": slower, still valid
        if numbers and (
            self.minimum is not None
            and min(numbers) < self.minimum
            or self.maximum is not None
            and max(numbers) > self.maximum
        ):
            return None
        return numbers


def whole_number(minimum: int | None = None, maximum: int | None = None) -> WholeNumber:
    return WholeNumber(minimum, maximum)


class Number(Parser):
    def __call__(self, value: str) -> float:
        try:
            result = float(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not a number") from None
        if not math.isfinite(result):
            raise ValueError(f"{value!r} is not a finite number")
        return result

    def many(self, cells):
        try:
            numbers = list(map(float, cells))
        except ValueError:
            return None
        return numbers if all(map(math.isfinite, numbers)) else None


number = Number()


def open_text(path: Path) -> io.TextIOBase:
    """The whole file as text in memory: open data files are megabytes, and csv parses a string
    twice as fast as a decompressing stream."""
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    try:
        return io.StringIO(data.decode("utf-8-sig"), newline="")
    except UnicodeDecodeError as error:
        raise DataFileError([Problem(path.name, None, None, f"is not UTF-8 text ({error})")]) from None


def csv_records(handle: io.StringIO, file_name: str) -> Iterator[list[str]]:
    """The records of CSV text held in memory (as `open_text` gives it), header first.

    A file the csv module cannot read (most often a field longer than its limit, 131,072 characters) is
    refused as DataFileError naming the file, the row (as a spreadsheet numbers it) and the column,
    rather than the csv module's bare error escaping as a server error."""
    try:
        yield from csv.reader(handle)
    except csv.Error as error:
        raise DataFileError([_unreadable(handle.getvalue(), file_name, error)]) from None


def _unreadable(text: str, file_name: str, error: csv.Error) -> Problem:
    """Where the csv module gave up: the text is read again, a record at a time, keeping the lines of the
    record being read, and the record's fields are measured to name the one that is too long."""
    lines: list[str] = []

    def recorded(source):
        for line in source:
            lines.append(line)
            yield line

    reader = csv.reader(recorded(io.StringIO(text, newline="")))
    header, row = None, 0
    while True:
        lines.clear()
        row += 1
        try:
            cells = next(reader)
        except StopIteration:  # not reached again: report what the first reading said
            return Problem(file_name, None, None, f"is not readable as CSV ({error})")
        except csv.Error:
            break
        header = cells if header is None else header
    limit = csv.field_size_limit()
    position = _field_longer_than(limit, "".join(lines))
    if position is None:
        return Problem(file_name, row, None, f"is not readable as CSV ({error})")
    column = header[position] if header and position < len(header) else f"{position + 1} (no heading)"
    return Problem(
        file_name, row, column.strip(), f"is longer than {limit:,} characters, the most a cell may hold"
    )


def _field_longer_than(limit: int, record: str) -> int | None:
    """The position of the first field of a CSV record (Excel dialect) longer than `limit`, if any."""
    position, length, quoted, i = 0, 0, False, 0
    while i < len(record):
        char = record[i]
        if quoted:
            if char != '"':
                length += 1
            elif record[i + 1 : i + 2] == '"':  # a doubled quote is one quote in the field
                length += 1
                i += 1
            else:
                quoted = False
        elif char == '"' and length == 0:
            quoted = True
        elif char == ",":
            position, length = position + 1, 0
        elif char in "\r\n":
            return None
        else:
            length += 1
        if length > limit:
            return position
        i += 1
    return None


@dataclass
class Table:
    """Validated columns of a file: column name -> values, aligned; `row_numbers` as in the file."""

    columns: dict[str, list]
    row_numbers: list[int]

    def __len__(self) -> int:
        return len(self.row_numbers)

    def rows(self) -> Iterable[dict[str, object]]:
        names = list(self.columns)
        for values in zip(*(self.columns[n] for n in names)):
            yield dict(zip(names, values))


def read_rows(
    path: Path,
    columns: Iterable[Column],
    *,
    key: tuple[str, ...],
    keep_prefix: str | None = None,
) -> Table:
    """Parse and validate every cell of a CSV file; raise DataFileError listing every problem.

    `key` names the columns that identify a row: a second row with the same key is a duplicate.
    `keep_prefix` keeps only rows whose first key starts with it (e.g. "E" for England), after all
    rows have been validated.
    """
    columns = list(columns)
    name = path.name
    problems: list[Problem] = []
    with open_text(path) as handle:
        reader = csv_records(handle, name)
        header = [h.strip() for h in next(reader, [])]
        missing = [c.name for c in columns if c.name not in header]
        if missing:
            raise DataFileError([Problem(name, 1, m, "required column is missing") for m in missing])
        raw, row_numbers = [], []
        width = len(header)
        for row_number, cells in enumerate(reader, start=2):
            if len(cells) == width:
                raw.append(cells)
                row_numbers.append(row_number)
                continue
            if not cells:  # a blank line
                continue
            if len(cells) != len(header):
                problems.append(
                    Problem(name, row_number, None, f"has {len(cells)} fields; the header has {len(header)}")
                )
    by_column = list(zip(*raw)) if raw else [() for _ in header]
    del raw
    parsed: dict[str, list] = {}
    bad_rows: set[int] = set()
    for column in columns:
        cells = by_column[header.index(column.name)]
        values = column.parse.many(cells) if isinstance(column.parse, Parser) else None
        if values is None:  # find each bad cell, in file order
            values = []
            for i, cell in enumerate(cells):
                try:
                    values.append(column.parse(cell))
                except ValueError as error:
                    values.append(None)
                    bad_rows.add(i)
                    problems.append(Problem(name, row_numbers[i], column.name, str(error)))
        parsed[column.name] = values
    seen: dict[tuple, int] = {}
    for i, identity in enumerate(zip(*(parsed[k] for k in key))):
        if i in bad_rows:
            continue
        if identity in seen:
            problems.append(
                Problem(
                    name,
                    row_numbers[i],
                    key[0],
                    f"duplicate of row {seen[identity]} ({', '.join(map(str, identity))})",
                )
            )
        else:
            seen[identity] = row_numbers[i]
    if problems:
        problems.sort(key=lambda p: (p.row or 0, p.column or ""))
        raise DataFileError(problems)
    if keep_prefix is not None:
        keep = [i for i, code in enumerate(parsed[key[0]]) if code.startswith(keep_prefix)]
        parsed = {column: [values[i] for i in keep] for column, values in parsed.items()}
        row_numbers = [row_numbers[i] for i in keep]
    return Table(parsed, row_numbers)
