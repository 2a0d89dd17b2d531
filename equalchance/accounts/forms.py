"""Sign-in forms: allauth's, worded for this service, and the second-factor step refused while the
account is locked (failed codes count towards the same lock as failed passwords)."""

from allauth.account.forms import (
    ChangePasswordForm,
    LoginForm,
    ReauthenticateForm,
    ResetPasswordForm,
    ResetPasswordKeyForm,
    SetPasswordForm,
)
from allauth.mfa.base.forms import AuthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from allauth.mfa.webauthn.forms import AddWebAuthnForm
from django import forms

from equalchance.accounts import lockout, selectors


class SignInForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = "Username or email address"
        login.widget.attrs = {"autocomplete": "username"}
        login.error_messages["required"] = "Enter your username or email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["password"].help_text = ""
        self.fields["password"].widget.attrs.pop("placeholder", None)


def _worded(form, labels: dict[str, tuple[str, str]]) -> None:
    """GOV.UK wording: a sentence-case label and an error that says what to do; no placeholders."""
    for name, (label, required) in labels.items():
        field = form.fields[name]
        field.label, field.help_text = label, ""
        field.error_messages["required"] = required
        field.widget.attrs.pop("placeholder", None)


NEW_PASSWORDS = {
    "password1": ("New password", "Enter a new password"),
    "password2": ("New password again", "Enter the new password again"),
}


class PasswordChangeForm(ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _worded(self, {"oldpassword": ("Current password", "Enter your current password"), **NEW_PASSWORDS})


class PasswordSetForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _worded(self, NEW_PASSWORDS)


class PasswordResetForm(ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _worded(self, {"email": ("Email address", "Enter the email address of your account")})

    def clean_email(self) -> str:
        # Only the account whose own address this is (`User.email`), never one that allauth's table of
        # addresses still links to it (kept in step by `services.user_email_sync`; this is a second line).
        email = super().clean_email()
        self.users = [user for user in selectors.users_by_email(email) if user.is_active]
        return email


class PasswordResetKeyForm(ResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _worded(self, NEW_PASSWORDS)


class ConfirmPasswordForm(ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _worded(self, {"password": ("Password", "Enter your password")})


class SecondFactorForm(AuthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code = self.fields["code"]
        code.label = "Code from your authenticator app, or a recovery code"
        code.error_messages["required"] = "Enter the code from your authenticator app, or a recovery code"
        code.widget.attrs = {"autocomplete": "one-time-code", "inputmode": "numeric"}

    def _lock(self):
        return lockout.lock_for(account=lockout.account_key(self.user), address=None)

    def clean_code(self) -> str:
        if (lock := self._lock()) is not None:
            raise forms.ValidationError(lock.message(), code="locked")
        try:
            return super().clean_code()
        except forms.ValidationError:
            if (lock := self._lock()) is not None:  # this failure was the last one allowed
                raise forms.ValidationError(lock.message(), code="locked") from None
            raise


class PasskeyForm(AddWebAuthnForm):
    """Adding a passkey: named, and by default one that signs in alone (it checks the person with a
    fingerprint, face or PIN, so it is both factors at once)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("passwordless", True)
        super().__init__(*args, **kwargs)
        self.fields["name"].label = "Name for this passkey"
        self.fields["name"].help_text = "So you can tell your passkeys apart, for example 'Work laptop'"


class AuthenticatorAppForm(ActivateTOTPForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code = self.fields["code"]
        code.label = "Code the app shows"
        code.error_messages["required"] = "Enter the 6-digit code the app shows"
        code.widget.attrs = {"autocomplete": "one-time-code", "inputmode": "numeric"}
