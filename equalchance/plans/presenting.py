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


def shortened(text: str, words: int) -> str:
    """A long name cut to about `words` words at word boundaries, keeping its start and its end, where
    names that differ often differ ("… disadvantaged area 1 of 11"): never mid-word, the cut marked."""
    parts = text.split()
    if len(parts) <= words:
        return " ".join(parts)
    tail = max(1, words // 2)
    return " ".join(parts[: words - tail]) + " … " + " ".join(parts[-tail:])


def by_title(plan) -> tuple:
    """Plans in the order people look for them: by title, numbers as numbers, ties by when made."""
    return (natural_key(plan.title), plan.pk)


def listed(names) -> str:
    """Names in a sentence, "; " between them, without the full stop a name may end with (a theme
    written as a sentence), so a list never reads ".;"."""
    return "; ".join(name.rstrip().removesuffix(".") for name in names)


NONE_LISTED = {  # for a report frozen before the words were kept with it
    "measures": "No measure needs attention.",
    "actions": "No action needs attention.",
    "blind": "Every theme, objective and goal has a measure.",
}


def none_listed(
    *, plan, actions: int, measurable: int, measures: int | None = None, live: bool = False
) -> dict[str, str]:
    """What an exception report says where a list is empty: how many it checked, or that there was
    nothing to check, so that an empty plan never reads as "all is well" (probe 6). A frozen report keeps
    these words; a ``live`` page speaks of "this plan", or of what the reader may see."""
    has = ("This plan has no" if live else "The plan has no") if plan else "There are no"
    seen = " you may see" if live and not plan else ""

    def said(count: int, nothing: str, listed_none: str) -> str:
        if count:
            return f"{listed_none[:-1]} ({count:,} checked)."
        return f"{has} {nothing}{seen}, so none could be checked."

    found = {
        "actions": said(actions, "actions", NONE_LISTED["actions"]),
        "blind": said(measurable, "themes, objectives or goals", NONE_LISTED["blind"]),
    }
    if measures is not None:
        found["measures"] = said(measures, "measures", NONE_LISTED["measures"])
    return found
