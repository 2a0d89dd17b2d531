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
    # Signing in (django-allauth): one's own second factors and password, for every signed-in user.
    *for_every_signed_in("mfa_index", 200),
    *for_every_signed_in("mfa_list_webauthn", 200),
    *for_every_signed_in("account_change_password", 200),
    # Changing a second factor asks for the password again first.
    *for_every_signed_in("mfa_add_webauthn", 302),
    *for_every_signed_in("mfa_generate_recovery_codes", 302),
    # A signed-in user is sent on from the sign-in page; the admin's sign-in and password change are
    # the product's own.
    *[Case("accounts:sign-in", who, 302) for who in ("administrator", "analyst", "provider")],
    Case("admin:login", "anonymous", 302),
    Case("admin:password_change", "administrator", 302),
]
