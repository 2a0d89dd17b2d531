"""The accounts part's rows of the authorisation matrix (see tests/authorization/harness.py)."""

from tests.authorization.harness import Case, for_every_signed_in

ROWS = [
    *for_every_signed_in("home", 302),
    *for_every_signed_in("accounts:sign-out", 302, method="post"),
    *[Case("accounts:verify-email-send", who, 302, method="post") for who in ("receiving_member", "analyst")],
    Case("accounts:verify-email-send", "anonymous", 302, method="post"),
    # Django's admin checks its own door (staff only) for every one of its pages; this row proves it.
    *[Case("admin:index", who, 200) for who in ("administrator",)],
    *[Case("admin:index", who, 302) for who in ("analyst", "viewer", "moderator", "anonymous")],
    Case("admin:index", "provider", 403, refusal_audited=True, why="(providers see only the directory)"),
]
