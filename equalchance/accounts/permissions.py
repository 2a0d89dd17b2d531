"""One place that decides what each role may do. Views ask `user_can`; they never test roles."""

from equalchance.accounts.models import Role

CAPABILITIES: dict[str, set[str]] = {
    # The partnership's own pages (places, indicators, scorecards); providers see only the directory.
    "partnership.view": {Role.ADMINISTRATOR, Role.ANALYST, Role.VIEWER, Role.MODERATOR, Role.PLAN_EDITOR},
    "directory.submit": {Role.ADMINISTRATOR, Role.PROVIDER},
    "directory.moderate": {Role.ADMINISTRATOR, Role.MODERATOR},
    "directory.refer": {Role.ADMINISTRATOR, Role.ANALYST, Role.VIEWER},
    "places.view": {Role.ADMINISTRATOR, Role.ANALYST, Role.VIEWER, Role.PLAN_EDITOR},
    "places.export": {Role.ADMINISTRATOR, Role.ANALYST, Role.VIEWER},
    "priority_areas.manage": {Role.ADMINISTRATOR, Role.ANALYST, Role.SYSTEM},
    "reference_data.manage": {Role.ADMINISTRATOR, Role.SYSTEM},
    "indicators.view": {Role.ADMINISTRATOR, Role.ANALYST, Role.VIEWER, Role.PLAN_EDITOR},
    "indicators.edit": {Role.ADMINISTRATOR, Role.ANALYST},
    "indicators.import": {Role.ADMINISTRATOR, Role.ANALYST, Role.SYSTEM},
    "scorecards.view": {Role.ADMINISTRATOR, Role.ANALYST, Role.VIEWER, Role.PLAN_EDITOR},
    "scorecards.define": {Role.ADMINISTRATOR, Role.ANALYST, Role.SYSTEM},
    "scorecards.publish": {Role.ADMINISTRATOR, Role.ANALYST},
    # Every ward and district in England at once (a background task; scheduled runs as the system).
    "scorecards.recompute": {Role.ADMINISTRATOR, Role.ANALYST, Role.SYSTEM},
    "directory.import": {Role.ADMINISTRATOR, Role.SYSTEM},
    # E-mailing organisations whose entries fall due for checking (scheduled, or started by hand).
    "directory.remind": {Role.ADMINISTRATOR, Role.MODERATOR, Role.SYSTEM},
    # Plans and governance. Reading the partnership's plans, boards and meetings (restricted ones only
    # for those they concern: see plans.selectors); shaping plans, recording decisions, any meeting.
    # Posting an update is the action's owner's or delegate's, and a board's secretary manages its
    # meetings: relationships, decided in plans.selectors.
    "plans.view": {Role.ADMINISTRATOR, Role.ANALYST, Role.VIEWER, Role.PLAN_EDITOR},
    "plans.edit": {Role.ADMINISTRATOR, Role.PLAN_EDITOR, Role.SYSTEM},
    # Performance (RBA): reading the partnership's measures, and defining results, programmes and
    # measures (their definition sheets, targets and baselines). Entering a value is the measure's
    # data-entry people's, approving it its approver's: relationships, decided in performance.selectors.
    "performance.view": {Role.ADMINISTRATOR, Role.ANALYST, Role.VIEWER, Role.PLAN_EDITOR},
    "performance.define": {Role.ADMINISTRATOR, Role.ANALYST, Role.PLAN_EDITOR, Role.SYSTEM},
    # Organisations of the partnership and who belongs to them.
    "organisations.manage": {Role.ADMINISTRATOR, Role.SYSTEM},
    # Personal data: applying the retention rules, and erasing on request.
    "privacy.retention": {Role.ADMINISTRATOR, Role.SYSTEM},
    "privacy.erase": {Role.ADMINISTRATOR},
    # The audit trail's reports: who has seen a record, what a user has opened.
    "audit.view": {Role.ADMINISTRATOR},
    # Roles that can see personal data must sign in with a second factor (later: practitioners too).
    "accounts.requires_mfa": {Role.ADMINISTRATOR, Role.MODERATOR},
}


def user_can(user, capability: str) -> bool:
    if capability not in CAPABILITIES:
        raise KeyError(f"Unknown capability {capability!r}")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.role in CAPABILITIES[capability]
