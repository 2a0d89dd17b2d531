"""Text that goes into CSV and XLSX files. A cell starting with = + - @ (or a tab or carriage return)
is taken as a formula by spreadsheet programs, so text that someone typed (a service's name, a snapshot's
title) could run as one when an analyst opens the file. Such text is written with a leading apostrophe,
which spreadsheets show as text (OWASP's advice on CSV injection). Numbers are left as numbers."""

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell_safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def cell_text(value):
    """The text a safe cell stands for: the apostrophe `cell_safe` added is taken off again."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def row_safe(row: Iterable) -> list:
    return [cell_safe(value) for value in row]


def csv_text(header: list[str], rows: Iterable[Iterable]) -> str:
    """A whole CSV file as text, every text cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(row_safe(header))
    writer.writerows(row_safe(row) for row in rows)
    return buffer.getvalue()
