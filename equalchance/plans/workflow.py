"""How a plan's status may change, and which changes need a recorded decision. No Django imports.

Approving a plan, re-approving it after review (a re-baseline: a new version) and closing it
(superseded or archived) are decisions of its board; the other moves are the plan editor's."""

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
