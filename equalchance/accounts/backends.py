"""Sign-in by username or e-mail address and password (django-allauth's backend), refused for the
system actor whatever its password.

Each attempt runs the password hasher once, whether or not the name or address typed is an account's
(allauth's backend hashes a throwaway password when no account was checked, as Django's does for an
unknown username), so the time an answer takes does not tell which addresses have accounts. allauth
looks an e-mail address up twice (as a username-or-address, then as an address) and would hash the
same account's password twice: here each account's password is checked once per attempt."""

from allauth.account.auth_backends import AuthenticationBackend

from equalchance.accounts.models import Role


class PartnershipBackend(AuthenticationBackend):
    def authenticate(self, request, **credentials):
        self._checked = {}  # account id -> the answer for this attempt
        return super().authenticate(request, **credentials)

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
