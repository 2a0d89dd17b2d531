"""Users, the organisations of the partnership (agencies, schools, NHS bodies, voluntary groups, service
providers) and who belongs to which. One model of "an organisation and its members" for every part:
staff accounts, directory providers, and later practitioners sharing case work."""

import uuid

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower


class Organisation(models.Model):
    """An organisation, with its official identifiers where it has them. Its name, description, e-mail
    and website are public when it has services in the directory (they go out in the open feed)."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        NHS = "nhs", "NHS body or GP practice"
        POLICE = "police", "Police"
        SCHOOL = "school", "School"
        COLLEGE = "college", "College or training provider"
        EARLY_YEARS = "early_years", "Early years or childcare provider"
        HOUSING = "housing", "Housing provider"
        VOLUNTARY = "voluntary", "Voluntary or community organisation"
        BUSINESS = "business", "Business or private provider"
        OTHER = "other", "Other or not known"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4)
    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(blank=True)
    email = models.EmailField(blank=True, help_text="Public: shown in the directory and the open feed")
    website = models.URLField(blank=True, max_length=500)
    uri = models.URLField(blank=True, max_length=500, help_text="A persistent identifier from a feed")
    # Official identifiers, each optional: they say which real body this is.
    gss_code = models.CharField("GSS code", max_length=9, blank=True, help_text="Councils, e.g. E08000029")
    ods_code = models.CharField("ODS code", max_length=10, blank=True, help_text="NHS organisations")
    urn = models.CharField("URN", max_length=8, blank=True, help_text="Schools (DfE unique reference number)")
    ukprn = models.CharField("UKPRN", max_length=8, blank=True, help_text="Colleges and training providers")
    charity_number = models.CharField(max_length=10, blank=True, help_text="Charity Commission")
    company_number = models.CharField(max_length=8, blank=True, help_text="Companies House")
    synthetic = models.BooleanField(default=False)
    source = models.CharField(
        max_length=300, blank=True, help_text="Where the record came from (a feed may change only its own)"
    )
    updated_at = models.DateTimeField(auto_now=True)

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
    # Shapes plans: creates plans, their elements and actions, records decisions, manages any meeting.
    PLAN_EDITOR = "plan_editor", "Plan editor"
    # The named actor of automated work (loads, scheduled tasks, commands). It cannot sign in.
    SYSTEM = "system", "Automated work (cannot sign in)"


SYSTEM_USERNAME = "system"


class PartnershipUserManager(UserManager):
    def create_superuser(self, username, email=None, password=None, **extra_fields):
        """An administrator (the role decides who may open the admin), made as `createsuperuser` makes
        one: the password policy applied and the account's making on the audit trail, by the system."""
        from equalchance.accounts import services

        extra_fields.pop("is_staff", None)
        extra_fields.pop("is_superuser", None)
        extra_fields["role"] = Role.ADMINISTRATOR
        return services.user_create(
            by=services.system_actor(),
            username=username,
            email=email or "",
            password=password,
            **extra_fields,
        )


class User(AbstractUser):
    """An account. Its role is the one source of what it may do: `is_staff` and `is_superuser` (who may
    open the admin) follow from role administrator on every save and are never set by hand. The system
    actor (role "Automated work") never has a usable password or another role, and no other account
    can be given its role."""

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

    objects = PartnershipUserManager()

    class Meta(AbstractUser.Meta):
        constraints = [
            # One account per address, whatever its case (empty addresses aside): signing in by
            # address and single sign-on must each find one account or none.
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="accounts_user_email_unique",
                violation_error_message="Another account already has this email address.",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def save(self, *args, **kwargs):
        self._system_actor_guard()
        self.is_staff = self.is_superuser = self.role == Role.ADMINISTRATOR
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "role" in update_fields:
            kwargs["update_fields"] = {*update_fields, "is_staff", "is_superuser"}
        super().save(*args, **kwargs)

    def _system_actor_guard(self) -> None:
        """Refuse (by any route: admin, shell, commands) to change the system actor's role or name, to
        give it a usable password, or to give its role to any other account."""
        stored = None
        if self.pk is not None:
            stored = User.objects.filter(pk=self.pk).values_list("role", "username").first()
        was_system = stored is not None and stored[0] == Role.SYSTEM
        if was_system and (self.role != Role.SYSTEM or self.username != SYSTEM_USERNAME):
            raise ValidationError(
                "The system actor's role and username cannot be changed.", code="system_actor"
            )
        if self.role == Role.SYSTEM:
            if not was_system and (stored is not None or self.username != SYSTEM_USERNAME):
                raise ValidationError(
                    "No account can be given the role of automated work.", code="system_actor"
                )
            if self.has_usable_password():
                raise ValidationError("The system actor cannot have a password.", code="system_actor")


class Membership(models.Model):
    """A user's place in an organisation. Access that comes from belonging (seeing the organisation's
    referrals, proposing its directory entries) lasts only while the membership does: ending it keeps
    the row, so who belonged when stays known."""

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        MANAGER = "manager", "Manager (keeps the organisation's details and members)"

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], condition=Q(ended_at=None), name="one_current_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.organisation}"


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
