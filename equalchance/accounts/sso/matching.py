"""Which account a sign-in through the organisation's identity provider opens.

Nobody gets an account by signing in. A first sign-in from the provider opens the one active account
whose e-mail address is the address the provider vouches for (`email_verified`, or Entra ID's
`xms_edov`: the address's domain is verified by the tenant; an explicit false in either refuses), and
links the provider's identity (its `sub`) to that account, so later sign-ins find it by that identity.
Refused: an address the provider does not vouch for, no account with it, more than one active account
with it (whether or not each could be opened), and a
self-registered service provider who has not confirmed the address themselves. Accounts are made by
administrators, as before."""

from equalchance.accounts.models import Role, User

NOT_VERIFIED = "email_not_verified"
NO_ACCOUNT = "no_account"
AMBIGUOUS = "ambiguous"


def _true(value) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def claims_of(sociallogin) -> dict:
    """The claims the provider signed in the ID token: never userinfo's, which nobody signed."""
    data = sociallogin.account.extra_data or {}
    claims = data.get("id_token") if isinstance(data, dict) else None
    return claims if isinstance(claims, dict) else {}


def second_factor_asserted(sociallogin) -> bool:
    """The provider says the person passed more than one factor (RFC 8176: amr contains "mfa")."""
    amr = claims_of(sociallogin).get("amr") or []
    return isinstance(amr, list) and "mfa" in amr


VOUCHING_CLAIMS = ("email_verified", "xms_edov")


def verified_email(claims: dict) -> str | None:
    """The address, when the provider vouches for it: at least one of `email_verified` and Entra ID's
    `xms_edov` is true, and neither is there with any other value (an explicit false refuses)."""
    email = claims.get("email")
    email = email.strip() if isinstance(email, str) else ""
    given = [claims[name] for name in VOUCHING_CLAIMS if name in claims]
    if email and given and all(_true(value) for value in given):
        return email
    return None


def account_for(sociallogin) -> tuple[User | None, str]:
    """The account a first sign-in from the provider opens, or None and why not."""
    email = verified_email(claims_of(sociallogin))
    if email is None:
        return None, NOT_VERIFIED
    accounts = list(User.objects.filter(email__iexact=email, is_active=True).exclude(role=Role.SYSTEM)[:2])
    if len(accounts) > 1:
        # Addresses are unique among accounts (a database constraint); should two active accounts
        # still share one, neither is opened, whichever of them could be.
        return None, AMBIGUOUS
    candidates = [
        user for user in accounts if user.role != Role.PROVIDER or user.email_verified_at is not None
    ]
    if not candidates:
        return None, NO_ACCOUNT
    return candidates[0], ""
