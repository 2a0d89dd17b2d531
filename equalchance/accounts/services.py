"""Writes for accounts: the named system actor for automated work."""

from equalchance.accounts.models import Role, User

SYSTEM_USERNAME = "system"


def system_actor() -> User:
    """The actor recorded for work nobody did by hand (loads at set-up, scheduled tasks). Made by a
    migration; it has no usable password and its role cannot sign in."""
    user, _ = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"role": Role.SYSTEM, "first_name": "Automated work", "password": "!"},
    )
    return user
