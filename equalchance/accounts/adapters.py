"""How django-allauth signs people in here: no sign-up, failed sign-ins limited and audited, a second
factor that cannot be removed by those who need one, and single sign-on that opens existing accounts
only."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.userkit import get_user_by_username
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django import forms
from django.conf import settings
from django.shortcuts import render

from equalchance.accounts import lockout, second_factor, services
from equalchance.accounts.backends import PartnershipBackend
from equalchance.accounts.selectors import users_by_email
from equalchance.accounts.sso import matching
from equalchance.audit.actions import Action

MFA_STAGE = "allauth.mfa.stages.AuthenticateStage"


def account_of(credentials: dict):
    """The one account the typed name (a username, or an e-mail address) points to, if any. The same
    matching as allauth's backend, without looking at the password."""
    username, email = credentials.get("username"), credentials.get("email")
    user = get_user_by_username(username) if username else None
    if user is None and email:
        users = users_by_email(email)
        user = users[0] if len(users) == 1 else None
    return user


def _typed_name(credentials: dict) -> str:
    return credentials.get("username") or credentials.get("email") or ""


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": "Enter a correct username (or email address) and password",
        "email_password_mismatch": "Enter a correct email address (or username) and password",
        "incorrect_password": "Enter your password correctly",
        "enter_current_password": "Enter your current password",
        "account_inactive": "This account is not active. Ask your partnership's administrator.",
        "invalid_password_reset": "This link to reset your password is not valid or has been used",
        "rate_limited": "Too many requests from here. Wait a while and try again.",
    }

    def is_open_for_signup(self, request) -> bool:
        return False  # administrators make accounts; service providers register through the directory

    def get_client_ip(self, request) -> str:
        # The address the audit trail records (past TRUSTED_PROXIES), so limits and the trail agree.
        return getattr(request, "client_ip", None) or super().get_client_ip(request)

    def get_login_stages(self) -> list[str]:
        return [
            "equalchance.accounts.stages.SecondFactorStage" if stage == MFA_STAGE else stage
            for stage in super().get_login_stages()
        ]

    def pre_authenticate(self, request, **credentials) -> None:
        """Refuse a locked account or address before the password is hashed."""
        super().pre_authenticate(request, **credentials)
        user = account_of(credentials)
        key = lockout.account_key(user, _typed_name(credentials))
        request._sign_in_account = (user, key)
        lock = lockout.lock_for(account=key, address=getattr(request, "client_ip", None))
        if lock is not None:
            services.sign_in_refusal_record(user=user, lock=lock)
            raise forms.ValidationError(lock.message(), code="locked")

    def authentication_failed(self, request, **credentials) -> None:
        user, key = getattr(request, "_sign_in_account", (None, None)) or (None, None)
        if key is None:
            user = account_of(credentials)
            key = lockout.account_key(user, _typed_name(credentials))
        lock = services.sign_in_failure_record(
            user=user,
            account=key,
            address=getattr(request, "client_ip", None),
            why="wrong_password" if user is not None else "unknown_account",
        )
        if lock is not None:
            raise forms.ValidationError(lock.message(), code="locked")

    def pre_login(self, request, user, **kwargs):
        """Nobody the backend would refuse (an inactive account, the system actor) gets a session, by
        password, passkey or single sign-on."""
        if not PartnershipBackend().user_can_authenticate(user):
            from allauth.account.internal.stagekit import clear_login

            clear_login(request)
            return self.respond_user_inactive(request, user)
        return super().pre_login(request, user, **kwargs)

    def respond_user_inactive(self, request, user):
        services.sign_in_failure_record(
            user=user,
            account=lockout.account_key(user),
            address=getattr(request, "client_ip", None),
            why="inactive",
        )
        return super().respond_user_inactive(request, user)

    def send_password_reset_mail(self, user, email, context) -> None:
        services.account_event_record(user=user, action=Action.PASSWORD_RESET_REQUEST)
        super().send_password_reset_mail(user, email, context)


class SecondFactorAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "The code is not right. Enter the code your authenticator app shows now, "
        "or one of your recovery codes",
        "cannot_delete_authenticator": "You cannot remove your only second factor, because your role "
        "needs one. Add another (an authenticator app or a passkey) first.",
        "unverified_email": "Confirm your email address before you set up a second factor",
    }

    def _get_site_name(self) -> str:
        return f"Equal Chance ({settings.EQUALCHANCE_PARTNERSHIP_NAME})"

    def get_totp_label(self, user) -> str:
        return user.username

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        if authenticator.type not in second_factor.FACTORS:
            return True
        user = authenticator.user
        return not second_factor.required(user) or second_factor.has_factor(user, besides=authenticator)


class SingleSignOnAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def pre_social_login(self, request, sociallogin) -> None:
        request.session[second_factor.IDP_SESSION_KEY] = {
            "uid": sociallogin.account.uid,
            "mfa": matching.second_factor_asserted(sociallogin),
        }
        if sociallogin.is_existing:
            return
        user, why = matching.account_for(sociallogin)
        if user is None:
            request.session.pop(second_factor.IDP_SESSION_KEY, None)
            services.sign_in_failure_record(
                user=None,
                account=lockout.account_key(None, f"sso:{sociallogin.account.uid}"),
                address=getattr(request, "client_ip", None),
                why=f"sso_{why}",
            )
            response = render(
                request,
                "accounts/sso_refused.html",
                {"why": why, "provider_name": settings.OIDC_PROVIDER_NAME},
                status=403,
            )
            raise ImmediateHttpResponse(response)
        services.sso_link(user=user, sociallogin=sociallogin, request=request)

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        services.sign_in_failure_record(
            user=None,
            account=lockout.account_key(None, "sso:error"),
            address=getattr(request, "client_ip", None),
            why=f"sso_{error or 'error'}",
        )
        return super().on_authentication_error(request, provider, error, exception, extra_context)
