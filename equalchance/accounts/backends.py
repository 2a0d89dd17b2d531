"""Sign-in by username or e-mail address and password (django-allauth's backend), refused for the
system actor whatever its password."""

from allauth.account.auth_backends import AuthenticationBackend

from equalchance.accounts.models import Role


class PartnershipBackend(AuthenticationBackend):
    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and user.role != Role.SYSTEM
