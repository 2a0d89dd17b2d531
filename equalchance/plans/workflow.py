"""How a plan's status may change, which changes need a recorded decision, and when a board may meet.
No Django imports.

Approving a plan, re-approving it after review (a re-baseline: a new version) and closing it
(superseded or archived) are decisions of its board; the other moves are the plan editor's."""

from datetime import date

DRAFT = "draft"
CONSULTATION = "consultation"
APPROVED = "approved"
ACTIVE = "active"
UNDER_REVIEW = "under_review"
SUPERSEDED = "superseded"
ARCHIVED = "archived"

TRANSITIONS: dict[str, tuple[str, ...]] = {
    DRAFT: (CONSULTATION, APPROVED, ARCHIVED),
    CONSULTATION: (DRAFT, APPROVED, ARCHIVED),
    APPROVED: (ACTIVE, UNDER_REVIEW, SUPERSEDED, ARCHIVED),
    ACTIVE: (UNDER_REVIEW, SUPERSEDED, ARCHIVED),
    UNDER_REVIEW: (ACTIVE, APPROVED, SUPERSEDED, ARCHIVED),
    SUPERSEDED: (ARCHIVED,),
    ARCHIVED: (),
}

LABELS = {
    DRAFT: "draft",
    CONSULTATION: "consultation",
    APPROVED: "approved",
    ACTIVE: "active",
    UNDER_REVIEW: "under review",
    SUPERSEDED: "superseded",
    ARCHIVED: "archived",
}


class TransitionRefused(ValueError):
    pass


def decision_needed(current: str, new: str) -> str | None:
    """The kind of decision a move needs (a Decision.Kind value), or None. Refuses moves that are
    not allowed, saying which are."""
    if current not in TRANSITIONS:
        raise TransitionRefused(f"Unknown plan status {current!r}.")
    if new not in TRANSITIONS[current]:
        allowed = ", ".join(LABELS[s] for s in TRANSITIONS[current]) or "none (it is final)"
        raise TransitionRefused(
            f"A plan that is {LABELS[current]} cannot become {LABELS.get(new, new)}. "
            f"It can become: {allowed}."
        )
    if new == APPROVED:
        return "rebaseline_plan" if current == UNDER_REVIEW else "approve_plan"
    if new in (SUPERSEDED, ARCHIVED):
        return "close_plan"
    return None


def version_after(current: str, new: str, version: int) -> int:
    """Re-approval after review makes a new version; nothing else does."""
    return version + 1 if (current, new) == (UNDER_REVIEW, APPROVED) else version


# A board's meeting (and a cover report's meeting) falls from 2000 to the end of the tenth year ahead:
# anything else is a mistyped year, such as 1900 or 2207.
FIRST_MEETING_DAY = date(2000, 1, 1)
MEETING_YEARS_AHEAD = 10


def meeting_day_problem(day: date, *, today: date) -> str | None:
    """What is wrong with the date of a meeting, or None."""
    latest = date(today.year + MEETING_YEARS_AHEAD, 12, 31)
    if FIRST_MEETING_DAY <= day <= latest:
        return None
    return (
        f"Enter a date from {FIRST_MEETING_DAY.day} {FIRST_MEETING_DAY:%B %Y} to "
        f"{latest.day} {latest:%B %Y}, for example 14 1 2027."
    )
