"""Users, the partner organisations they work for, and their role in the partnership."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class Organisation(models.Model):
    class Sector(models.TextChoices):
        COUNCIL = "council", "Council"
        NHS = "nhs", "NHS"
        POLICE = "police", "Police"
        EDUCATION = "education", "School or college"
        HOUSING = "housing", "Housing"
        VOLUNTARY = "voluntary", "Voluntary and community sector"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    sector = models.CharField(max_length=20, choices=Sector.choices)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """What a user may do. Deny by default: a capability not listed for a role is refused."""

    ADMINISTRATOR = "administrator", "Administrator"
    ANALYST = "analyst", "Analyst"
    VIEWER = "viewer", "Viewer"
    MODERATOR = "moderator", "Directory moderator"
    PROVIDER = "provider", "Service provider (own directory entries only)"
    # The named actor of automated work (loads, scheduled tasks, commands). It cannot sign in.
    SYSTEM = "system", "Automated work (cannot sign in)"


class User(AbstractUser):
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    email_verified_at = models.DateTimeField(
        null=True, blank=True, help_text="When the user opened the link sent to their e-mail address"
    )
    # Only `equalchance create_demo_users` sets this (never in production): no form or admin page offers
    # it (editable=False), and every page tells such a user that their second factor is switched off.
    second_factor_exempt = models.BooleanField(
        default=False,
        editable=False,
        help_text="A demo account that may sign in without a second factor (set by create_demo_users only)",
    )

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class SignInFailure(models.Model):
    """One failed sign-in, kept for the lock-out window only (`accounts.lockout`). Rows are inserted,
    never updated, so processes counting at once cannot lose a failure. `account` is a reference to
    the user, or for a name that is no account a keyed hash of it (never the typed name itself)."""

    at = models.DateTimeField(db_index=True)
    account = models.CharField(max_length=64)
    address = models.GenericIPAddressField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["account", "at"], name="accounts_failure_account_idx"),
            models.Index(fields=["address", "at"], name="accounts_failure_address_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.account}"
