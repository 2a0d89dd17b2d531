"""Record ids. Plain Python, no Django.

Ids are 64-bit keys (BigAutoField): a larger number names no record, and SQLite cannot even bind an
integer beyond 64 bits (an OverflowError, a server error), so such numbers are refused before a query."""

import re

LARGEST_ID = 2**63 - 1  # the largest key a PostgreSQL bigint (and a SQLite integer) holds


def whole_number(text: str, *, digits: int) -> int | None:
    """The number written in the ASCII digits 0-9 (at most `digits` of them), or None. `str.isdigit()` is
    not enough: it accepts "²" and other digits that `int()` refuses, and any length, which `int()`
    refuses past 4,300 digits."""
    return int(text) if isinstance(text, str) and re.fullmatch(rf"[0-9]{{1,{digits}}}", text) else None


def record_key(text: str | None) -> int | None:
    """The record id written in `text` (from 1 to LARGEST_ID), or None for anything else."""
    number = whole_number(text or "", digits=19)
    return number if number is not None and 1 <= number <= LARGEST_ID else None
