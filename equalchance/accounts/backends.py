"""Sign-in by username and password, refused for the system actor whatever its password."""

from django.contrib.auth.backends import ModelBackend

from equalchance.accounts.models import Role


class PartnershipBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and user.role != Role.SYSTEM
