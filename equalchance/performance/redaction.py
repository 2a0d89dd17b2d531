"""Redacting personal details from a feedback comment before it is stored (issue 12, item 6). No Django.

What is removed, each replaced by a marker in square brackets saying what was there:
- e-mail addresses;
- UK telephone numbers (07700 900123, 0121 704 6000, +44 7700 900123, (0121) 7046000 ...);
- UK postcodes (B91 3QB, b913qb, SW1A 1AA);
- NHS-number-like runs of digits: ten digits written together or as 3-3-4 (943 476 5919), and any other
  run of eight or more digits (a reference, an account or a card number).

Names cannot be found reliably by a pattern: the form warns people not to type them, and a moderator
redacts further before a comment is ever shown outside the programme's team."""

import re

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
PHONE = re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d(?:[\s()-]{0,2}\d){8,9}(?!\d)")
POSTCODE = re.compile(
    r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s*\d[A-Z]{2}\b",
    re.IGNORECASE,
)
NHS_NUMBER = re.compile(r"(?<!\d)\d{3}[\s-]?\d{3}[\s-]?\d{4}(?!\d)")
LONG_DIGITS = re.compile(r"(?<!\d)\d(?:[\s-]?\d){7,}(?!\d)")

MARKERS = (
    (EMAIL, "[email address removed]"),
    (PHONE, "[phone number removed]"),
    (NHS_NUMBER, "[number removed]"),
    (LONG_DIGITS, "[number removed]"),
    (POSTCODE, "[postcode removed]"),
)


def redact(text: str) -> tuple[str, int]:
    """The text with personal details replaced, and how many were replaced."""
    found = 0
    for pattern, marker in MARKERS:
        text, count = pattern.subn(marker, text)
        found += count
    return text, found
