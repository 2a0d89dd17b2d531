"""Redacting personal details from a feedback comment before it is stored (issue 12, item 6). No Django.

What is removed, each replaced by a marker in square brackets saying what was there:
- e-mail addresses;
- UK telephone numbers (07700 900123, 0121 704 6000, +44 7700 900123, (0121) 7046000 ...);
- UK postcodes (B91 3QB, b913qb, SW1A 1AA);
- NHS-number-like runs of digits: ten digits written together or as 3-3-4 (943 476 5919), and any other
  run of eight or more digits (a reference, an account or a card number).

- a date of birth (a date after "born", "birth", "DOB" or "birthday"); other dates stay;
- a house number and street ("12 High Street", "4a Moat Lane");
- a name after "my name is", "my son", "our daughter is called" and the like (a capitalised word or two).

Other names cannot be found reliably by a pattern: the form warns people not to type them, and a
moderator redacts further before a comment is ever shown outside the programme's team."""

import re

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
PHONE = re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d(?:[\s()-]{0,2}\d){8,9}(?!\d)")
POSTCODE = re.compile(
    r"\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s*\d[A-Z]{2}\b",
    re.IGNORECASE,
)
NHS_NUMBER = re.compile(r"(?<!\d)\d{3}[\s-]?\d{3}[\s-]?\d{4}(?!\d)")
LONG_DIGITS = re.compile(r"(?<!\d)\d(?:[\s-]?\d){7,}(?!\d)")

_DATE = r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]+\s+\d{4}"
BIRTH = re.compile(rf"(?P<keep>(?i:\b(?:born|birth|d\.?o\.?b\.?|birthday)\b)\W{{0,3}}(?i:on\s+)?)(?:{_DATE})")
STREET = re.compile(
    r"\b\d{1,4}[a-zA-Z]?,?\s+(?:[A-Z][a-z'-]+\s+){1,3}"
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Place|Grove|Court|Gardens|"
    r"Terrace|Walk|Hill|Row|Square|Mews|View|Green|Park)\b\.?"
)
NAME = re.compile(
    r"(?P<keep>(?i:\b(?:my|our|his|her|their)\s+(?:name\s+is|name's|son|daughter|child|baby|boy|girl|"
    r"partner|husband|wife|mum|dad)(?:'s\s+name\s+is|\s+is\s+called|\s+called|\s+is\s+named)?\s+|"
    r"\bi\s+am\s+called\s+|\bi'm\s+called\s+))"
    r"[A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+)?"
)

MARKERS = (
    (BIRTH, "\\g<keep>[date of birth removed]"),
    (STREET, "[address removed]"),
    (NAME, "\\g<keep>[name removed]"),
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


# A moderator's own marker, and any the redaction above put in: "[removed]", "[name removed]".
MARKER = re.compile(r"\[[a-z ]{0,30}removed\]")
MODERATOR_MARKER = "[removed]"


def _plain(text: str) -> str:
    return " ".join(text.split())


def hand_redactions(original: str, edited: str) -> int | None:
    """How many passages a moderator's edit removed, or None when it does more than remove: every word
    of `edited` outside a marker must stand in `original`, in order, and wherever words of the original
    are gone a marker stands in their place (so that cutting "not" from "I did not like it" cannot turn
    it into praise, and no word is put in anyone's mouth). Spacing is not compared."""
    original, edited = _plain(original), _plain(edited)
    pieces = [piece.strip() for piece in MARKER.split(edited)]
    if len(pieces) == 1:  # no marker: nothing may change
        return 0 if pieces[0] == original else None
    if not original.startswith(pieces[0]):
        return None
    at, removed = len(pieces[0]), 0
    for index, piece in enumerate(pieces[1:], start=1):
        if index == len(pieces) - 1:  # no marker after it: the original ends with it
            found = len(original) - len(piece) if original.endswith(piece) else -1
        else:
            found = original.find(piece, at)
        if found < at:
            return None
        gap = original[at:found].strip()  # what the marker before this piece stands for
        if gap and not MARKER.fullmatch(gap):
            removed += 1
        at = found + len(piece)
    return removed
