"""The audit trail of signing in: every sign-in, sign-out, password change or reset and second-factor
event, from Django's and allauth's signals (connected in `AccountsConfig.ready`)."""

from allauth.account import signals as account_signals
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth import signals as auth_signals
from django.db.models.signals import post_delete, post_save

from equalchance.accounts import second_factor, services
from equalchance.accounts.models import User
from equalchance.audit.actions import Action


def how_signed_in(records: list[dict], idp: dict | None) -> tuple[str, str]:
    """(method, second factor) from allauth's record of the steps of this sign-in, oldest first."""
    method, factor = "direct", ""  # "direct": signed in by the product itself (e.g. on registering)
    for record in records:
        kind = record.get("method")
        if kind == "password":
            method = "password"
        elif kind == "socialaccount":
            method = "sso"
            if idp and idp.get("uid") == record.get("uid") and idp.get("mfa"):
                factor = "idp"
        elif kind == "mfa" and not record.get("reauthenticated"):
            if record.get("passwordless"):
                method = factor = "passkey"
            else:
                factor = record.get("type", "")
    return method, factor


def on_signed_in(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    records, idp = [], None
    if session is not None:
        records = session.get(AUTHENTICATION_METHODS_SESSION_KEY) or []
        idp = session.pop(second_factor.IDP_SESSION_KEY, None)
    method, factor = how_signed_in(records, idp)
    if session is not None:
        session[second_factor.SESSION_KEY] = factor
    services.sign_in_record(user=user, method=method, second_factor=factor)


def on_signed_out(sender, request, user, **kwargs):
    if user is not None:
        services.sign_out_record(user=user)


def on_password_changed(sender, request, user, **kwargs):
    services.account_event_record(user=user, action=Action.PASSWORD_CHANGED, by=user)


def on_password_set(sender, request, user, **kwargs):
    services.account_event_record(user=user, action=Action.PASSWORD_CHANGED, by=user, changes={"set": True})


def on_password_reset(sender, request, user, **kwargs):
    # The person holding the e-mailed link acts as the account.
    services.account_event_record(user=user, action=Action.PASSWORD_RESET, by=user)


def _factor(authenticator) -> dict:
    return {"type": authenticator.type, "authenticator": authenticator.pk}


def _acting_user():
    """Who is acting in the request being served (allauth keeps it), if anyone is signed in."""
    request = allauth_context.request
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def on_factor_saved(sender, instance, created, **kwargs):
    # allauth announces new factors only after the transaction commits; the model's own signal comes
    # inside it, so the event is kept or lost with the factor.
    if created:
        services.account_event_record(
            user=instance.user, action=Action.MFA_ADDED, by=_acting_user(), changes=_factor(instance)
        )


def on_factor_deleted(sender, instance, **kwargs):
    services.account_event_record(
        user=instance.user, action=Action.MFA_REMOVED, by=_acting_user(), changes=_factor(instance)
    )


def on_factor_reset(sender, request, user, authenticator, **kwargs):
    # New recovery codes (an update of the same record): announced by allauth after the commit.
    services.account_event_record(
        user=user, action=Action.MFA_ADDED, by=user, changes={**_factor(authenticator), "regenerated": True}
    )


def on_factor_failed(sender, request, user, authenticator, reauthentication=False, **kwargs):
    services.second_factor_failure_record(
        user=user, address=getattr(request, "client_ip", None), signed_in=bool(reauthentication)
    )


def on_user_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """Second line behind the services: whoever saves an account (admin, shell, command, allauth), its
    row in allauth's table of addresses follows `User.email` in the same transaction."""
    if raw or (update_fields is not None and "email" not in update_fields):
        return
    services.user_email_sync(user=instance)


def on_address_saved(sender, instance, raw=False, **kwargs):
    """A row allauth (or anyone) saves in its table of addresses stands only if it is the account's own
    `User.email`; otherwise it goes at once, and so do other accounts' rows for the same address."""
    if raw:
        return
    services.user_email_sync(user=instance.user)


def connect() -> None:
    post_save.connect(on_user_saved, sender=User, dispatch_uid="equalchance.user_email_sync")
    post_save.connect(on_address_saved, sender=EmailAddress, dispatch_uid="equalchance.address_sync")
    auth_signals.user_logged_in.connect(on_signed_in, dispatch_uid="equalchance.sign_in")
    auth_signals.user_logged_out.connect(on_signed_out, dispatch_uid="equalchance.sign_out")
    account_signals.password_changed.connect(on_password_changed, dispatch_uid="equalchance.pw_changed")
    account_signals.password_set.connect(on_password_set, dispatch_uid="equalchance.pw_set")
    account_signals.password_reset.connect(on_password_reset, dispatch_uid="equalchance.pw_reset")
    post_save.connect(on_factor_saved, sender=Authenticator, dispatch_uid="equalchance.mfa_added")
    post_delete.connect(on_factor_deleted, sender=Authenticator, dispatch_uid="equalchance.mfa_removed")
    mfa_signals.authenticator_reset.connect(on_factor_reset, dispatch_uid="equalchance.mfa_reset")
    mfa_signals.authentication_failed.connect(on_factor_failed, dispatch_uid="equalchance.mfa_failed")
