"""Who must sign in with a second factor, and whether this session has one.

The rule is the capability `accounts.requires_mfa` (`accounts.permissions`): the roles that can see
personal data. Such a user with no authenticator app or passkey is sent to set one up and can open
nothing else (`accounts.middleware.SecondFactorRequiredMiddleware`); with one, allauth asks for it at
every sign-in. A sign-in through the organisation's identity provider that asserts a second factor
(amr contains "mfa") counts as one for that session. Demo accounts made by `create_demo_users` may be
exempt (`User.second_factor_exempt`, which no form offers) where demo accounts are allowed (local runs,
or EQUALCHANCE_ALLOW_DEMO_ACCOUNTS); every page says so. In production the flag counts for nothing."""

from allauth.mfa.models import Authenticator

from equalchance.accounts.permissions import user_can

# Set at sign-in: how this session's second factor was passed ("totp", "webauthn", "recovery_codes",
# "passkey", "idp") or "" for none.
SESSION_KEY = "equalchance.second_factor"
# Set while a sign-in through the identity provider is under way: {"uid": ..., "mfa": bool}.
IDP_SESSION_KEY = "equalchance.idp_second_factor"
FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def exempt(user) -> bool:
    """A demo account whose role needs a second factor, on a run that may serve demo accounts
    (`serving.demo_accounts.demo_accounts_allowed`): never in production, whatever the flag says."""
    from equalchance.serving.demo_accounts import demo_accounts_allowed

    if not user_can(user, "accounts.requires_mfa") or not user.second_factor_exempt:
        return False
    return demo_accounts_allowed()


def required(user) -> bool:
    return user_can(user, "accounts.requires_mfa") and not exempt(user)


def has_factor(user, *, besides=None) -> bool:
    factors = Authenticator.objects.filter(user_id=user.pk, type__in=FACTORS)
    if besides is not None:
        factors = factors.exclude(pk=besides.pk)
    return factors.exists()


def missing(user, session) -> bool:
    """The user must have a second factor, has none, and did not pass one at their identity provider."""
    return required(user) and session.get(SESSION_KEY) != "idp" and not has_factor(user)
