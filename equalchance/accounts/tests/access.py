"""The accounts part's rows of the authorisation matrix (see tests/authorization/harness.py)."""

from tests.authorization.harness import Case, for_every_signed_in

ROWS = [
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
    # Pages allauth has that the product does not offer (its own e-mail management and confirmation,
    # self sign-up): not found for everyone signed in.
    *[
        Case(url, who, 404, args=args)
        for url, args in (
            ("account_email", None),
            ("account_email_verification_sent", None),
            ("account_confirm_email", lambda w: {"key": "abc"}),
        )
        for who in ("analyst", "provider", "administrator")
    ],
    Case("account_email", "anonymous", 302),
    Case("account_confirm_email", "anonymous", (302, 404), args=lambda w: {"key": "abc"}),
    Case("account_logout", "analyst", 200),
    Case("account_logout", "analyst", 302, method="post"),
    Case("account_logout", "anonymous", 302),
    # The rest of the sign-in machinery: pages about one's own factors and password only (allauth reads
    # the signed-in user, never an id from the address, for whose they are). Depending on the session
    # they ask for the password again, say a step is not open now (401, 404), or send on: never an
    # error, never a page about someone else.
    *[
        Case(url, who, (200, 302, 401, 404) if who != "anonymous" else (302, 401, 404), args=args)
        for url, args in (
            ("account_confirm_login_code", None),
            ("account_confirm_reauthentication_code", None),
            ("account_reauthenticate", None),
            ("account_request_reauthentication_code", None),
            ("account_set_password", None),
            ("mfa_activate_totp", None),
            ("mfa_authenticate", None),
            ("mfa_deactivate_totp", None),
            ("mfa_download_recovery_codes", None),
            ("mfa_view_recovery_codes", None),
            ("mfa_edit_webauthn", lambda w: {"pk": 1}),
            ("mfa_remove_webauthn", lambda w: {"pk": 1}),
            ("mfa_login_webauthn", None),
            ("mfa_reauthenticate", None),
            ("mfa_reauthenticate_webauthn", None),
            ("socialaccount_connections", None),
            ("socialaccount_login_error", None),
            ("socialaccount_signup", None),
        )
        for who in ("analyst", "anonymous")
    ],
]
