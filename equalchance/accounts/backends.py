"""Sign-in by username or e-mail address and password (django-allauth's backend), refused for the
system actor whatever its password.

Each attempt runs the password hasher once, whether or not the name or address typed is an account's
(allauth's backend hashes a throwaway password when no account was checked, as Django's does for an
unknown username), so the time an answer takes does not tell which addresses have accounts. allauth
looks an e-mail address up twice (as a username-or-address, then as an address) and would hash the
same account's password twice: here each account's password is checked once per attempt."""

from allauth.account import app_settings
from allauth.account.app_settings import LoginMethod
from allauth.account.auth_backends import AuthenticationBackend

from equalchance.accounts.models import Role
from equalchance.accounts.selectors import users_by_email


class PartnershipBackend(AuthenticationBackend):
    def authenticate(self, request, **credentials):
        self._checked = {}  # account id -> the answer for this attempt
        return super().authenticate(request, **credentials)

    def _authenticate_by_email(self, email, password):
        """Only the account whose own address (`User.email`) this is: allauth also follows its table of
        addresses, which `services.user_email_sync` keeps in step (this is a second line)."""
        if not email or LoginMethod.EMAIL not in app_settings.LOGIN_METHODS:
            return None
        for user in users_by_email(email):
            if self._check_password(user, password):
                return user
        return None

    def _check_password(self, user, password):
        checked = getattr(self, "_checked", {})
        if user is not None and user.pk in checked:
            return checked[user.pk]
        answer = super()._check_password(user, password)
        if user is not None:
            checked[user.pk] = answer
        return answer

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and user.role != Role.SYSTEM
