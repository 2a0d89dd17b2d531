"""Every action the audit trail records: one enumeration, so reports can ask for an action by name and a
typo is an error, not a new kind of event. Values are stable: they are stored and hashed."""

from django.db import models


class Action(models.TextChoices):
    # Accounts and sign-in
    SIGN_IN = "accounts.sign_in", "Signed in"
    SIGN_IN_FAILED = "accounts.sign_in_failed", "Sign-in failed"
    SIGN_IN_LOCKED = "accounts.sign_in_locked", "Sign-in refused: too many failures"
    SIGN_OUT = "accounts.sign_out", "Signed out"
    EMAIL_VERIFIED = "accounts.email_verified", "Confirmed e-mail address"
    PASSWORD_CHANGED = "accounts.password_changed", "Changed password"
    PASSWORD_RESET = "accounts.password_reset", "Reset password by e-mail"
    PASSWORD_RESET_REQUEST = "accounts.password_reset_request", "Asked for a password reset link"
    MFA_ADDED = "accounts.mfa_added", "Added a second factor"
    MFA_REMOVED = "accounts.mfa_removed", "Removed a second factor"
    MFA_FAILED = "accounts.mfa_failed", "Second factor refused"
    SSO_LINK = "accounts.sso_link", "Linked a single sign-on identity to an account"
    USER_CREATE = "accounts.user_create", "Created a user"
    USER_UPDATE = "accounts.user_update", "Changed a user"
    USER_DEACTIVATE = "accounts.user_deactivate", "Deactivated a user"
    USER_ERASE = "accounts.user_erase", "Erased a user's personal data"
    ORGANISATION_CREATE = "accounts.organisation_create", "Created an organisation"
    ORGANISATION_UPDATE = "accounts.organisation_update", "Changed an organisation"
    MEMBERSHIP_ADD = "accounts.membership_add", "Added a member to an organisation"
    MEMBERSHIP_END = "accounts.membership_end", "Ended a membership"
    # Any page or API route refused to a signed-in user (the record's own refusal, where there is one,
    # is recorded by the selector that refused it instead).
    ACCESS_REFUSED = "access.refused", "Was refused a page"
    # The audit trail itself
    AUDIT_REPORT = "audit.report", "Read the audit trail"
    AUDIT_EXPORT = "audit.export", "Downloaded the audit trail"
    # Places
    PRIORITY_AREA_CREATE = "priority_area.create", "Created a priority area"
    PRIORITY_AREA_VERSION_CREATE = "priority_area.version_create", "Redefined a priority area"
    DATA_LOAD = "places.data_load", "Loaded open data"
    # Indicators
    IMPORT_BATCH_RUN = "import_batch.run", "Imported indicator values"
    IMPORT_BATCH_ROLL_BACK = "import_batch.roll_back", "Rolled back an import"
    INDICATOR_UPDATE = "indicator.update", "Changed an indicator"
    # Scorecards
    SCORECARD_CREATE = "scorecard.create", "Created a scorecard"
    SCORECARD_UPDATE = "scorecard.update", "Changed a scorecard"
    SCORECARD_LINE_ADD = "scorecard.line_add", "Added a measure to a scorecard"
    SCORECARD_LINE_REMOVE = "scorecard.line_remove", "Removed a measure from a scorecard"
    SNAPSHOT_PUBLISH = "snapshot.publish", "Published a scorecard snapshot"
    SNAPSHOT_READ = "snapshot.read", "Read a private snapshot"
    # Directory
    DIRECTORY_REGISTER = "directory.register", "Registered an organisation"
    DIRECTORY_SUBMIT = "directory.submit", "Proposed a directory entry"
    DIRECTORY_APPROVE = "directory.approve", "Approved a directory entry"
    DIRECTORY_RETURN = "directory.return", "Returned a directory entry"
    DIRECTORY_ARCHIVE = "directory.archive", "Archived a directory entry"
    DIRECTORY_MERGE = "directory.merge", "Merged duplicate directory entries"
    DIRECTORY_NOT_DUPLICATE = "directory.not_duplicate", "Marked entries as not duplicates"
    DIRECTORY_NOT_DUPLICATE_UNDO = "directory.not_duplicate_undo", "Undid marking entries as not duplicates"
    DIRECTORY_IMPORT = "directory.import", "Imported a directory feed"
    DIRECTORY_COMMENT_RECEIVE = "directory.comment_receive", "Received a Local Offer comment"
    DIRECTORY_COMMENT_ANSWER = "directory.comment_answer", "Answered a Local Offer comment"
    DIRECTORY_PROBLEM_REPORT = "directory.problem_report", "Received a report of a problem with an entry"
    DIRECTORY_PROBLEM_RESOLVE = "directory.problem_resolve", "Marked a reported problem as dealt with"
    REFERRAL_CREATE = "referral.create", "Referred a person to a service"
    REFERRAL_READ = "referral.read", "Opened a referral"
    REFERRAL_DECIDE = "referral.decide", "Accepted or declined a referral"
    # Keeping personal data only as long as needed
    RETENTION_DISPOSE = "retention.dispose", "Disposed of personal data under a retention rule"
    PERSON_ERASE = "retention.erase", "Erased a person's data on request"
    LEGAL_HOLD_PLACE = "retention.hold", "Placed a legal hold"
    # Plans and governance
    PLAN_CREATE = "plans.plan_create", "Created a plan"
    PLAN_UPDATE = "plans.plan_update", "Changed a plan"
    PLAN_STATUS = "plans.plan_status", "Changed a plan's status"
    PLAN_BASELINE = "plans.plan_baseline", "Froze an area plan's baseline"
    ELEMENT_CREATE = "plans.element_create", "Added a plan element"
    ELEMENT_UPDATE = "plans.element_update", "Changed a plan element"
    ELEMENT_MEASURE_LINK = "plans.element_measure_link", "Linked a plan element to a measure"
    CONTRIBUTION_LINK = "plans.contribution_link", "Linked what contributes to a plan element"
    ACTION_CREATE = "plans.action_create", "Added an action"
    ACTION_UPDATE = "plans.action_update", "Changed an action"
    ACTION_REBASELINE = "plans.action_rebaseline", "Re-baselined an action"
    ACTION_CLOSE = "plans.action_close", "Closed or deferred an action by decision"
    ACTION_UPDATE_POST = "plans.action_update_post", "Posted an update on an action"
    ESCALATION_RAISE = "plans.escalation_raise", "Escalated a blockage to a board"
    DECISION_RECORD = "plans.decision_record", "Recorded a decision"
    BODY_CREATE = "plans.body_create", "Created a board or group"
    BODY_UPDATE = "plans.body_update", "Changed a board or group"
    BODY_MEMBER_ADD = "plans.body_member_add", "Added a member to a board"
    BODY_MEMBER_END = "plans.body_member_end", "Ended a board membership"
    MEETING_CREATE = "plans.meeting_create", "Arranged a meeting"
    MEETING_UPDATE = "plans.meeting_update", "Changed a meeting"
    AGENDA_ITEM_ADD = "plans.agenda_item_add", "Added an agenda item"
    REPORT_ISSUE = "plans.report_issue", "Produced a plans report"
    REPORTING_CYCLE_CREATE = "plans.cycle_create", "Set a reporting cycle"
    UPDATE_REMIND = "plans.update_remind", "Reminded owners that updates are due"
    PLANS_IMPORT = "plans.import", "Imported plans from a spreadsheet"
    ASSET_CREATE = "plans.asset_create", "Added a community asset"
    ASSET_IMPORT = "plans.asset_import", "Imported community assets"
    # Background work
    TASK_ENQUEUE = "tasks.enqueue", "Started background work"


def action_of(value: "Action | str") -> Action:
    """The enumeration member for a stored value (ValueError for a value that is not an action)."""
    return Action(value)
