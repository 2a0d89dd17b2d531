"""How a status is shown everywhere (pages, reports, files): always words and a shape as well as a
colour, never colour alone. No Django imports."""

import re
from dataclasses import dataclass

STATE_WORDS = {
    "complete": "Complete",
    "closed_not_delivered": "Closed, not delivered",
    "on_hold": "On hold",
    "ongoing": "Ongoing",
    "not_yet_due": "Not yet started",
    "overdue": "Overdue",
    "on_track": "On track",
    "at_risk": "At risk",
    "off_track": "Off track",
}
# A shape per colour, so the status reads in black and white and to people who do not see colour.
SHAPES = {"green": "●", "amber": "▲", "red": "■", "grey": "◆", None: "✓"}
CSS = {"green": "green", "amber": "yellow", "red": "red", "grey": "grey", None: "blue"}
RAG_WORDS = {"green": "Green", "amber": "Amber", "red": "Red", "grey": "Grey", None: ""}


@dataclass(frozen=True)
class Shown:
    words: str  # "Red: overdue"
    shape: str
    colour: str  # green, amber, red, grey or "" (complete, ongoing without assessment)
    css: str  # the GOV.UK tag modifier


def shown(state: str, rag: str | None) -> Shown:
    words = STATE_WORDS.get(state, state.replace("_", " ").capitalize())
    if rag in ("green", "amber", "red"):
        words = f"{RAG_WORDS[rag]}: {words.lower()}"
    return Shown(words, SHAPES.get(rag, "✓"), rag or "", CSS.get(rag, "blue"))


def natural_key(text: str) -> list:
    """Sort "area 2" before "area 10". Only the runs the split found are numbers: "²" is a digit to
    str.isdigit but not a decimal, and int() refuses it."""
    return [int(part) if part.isdecimal() else part.lower() for part in re.split(r"(\d+)", text)]
