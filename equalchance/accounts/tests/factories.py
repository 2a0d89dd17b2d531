"""Factories for accounts: users with a role (and, later, organisations and memberships)."""

import base64

import factory

from equalchance.accounts.models import Membership, Organisation, Role, User

# The authenticator-app key every factory user whose role needs a second factor is given, so tests
# can compute its codes (`totp_code`). Pass `second_factor=False` for a user without one.
TEST_TOTP_SECRET = base64.b32encode(b"equal-chance-tests-1").decode()


def totp_code(secret: str = TEST_TOTP_SECRET, at: float | None = None) -> str:
    """The code an authenticator app with `secret` shows now (or at the Unix time `at`)."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    if at is None:
        # A code read in the last second of its period may reach the server in the next one, which
        # (with no tolerance) refuses it: wait for the next period, as a person would.
        left = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
        if left < 1.5:
            time.sleep(left + 0.05)
    counter = int(time.time() if at is None else at) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.VIEWER
    password = factory.django.Password("a-long-test-password")

    @factory.post_generation
    def second_factor(user, create, extracted, **kwargs):
        """Roles that need a second factor get an authenticator app, unless `second_factor=False`."""
        from allauth.mfa.totp.internal.auth import TOTP

        from equalchance.accounts import second_factor

        if create and extracted is not False and second_factor.required(user):
            if not second_factor.has_factor(user):
                TOTP.activate(user, TEST_TOTP_SECRET)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.VOLUNTARY
    description = factory.LazyAttribute(lambda o: f"{o.name}, for the tests")


class MembershipFactory(factory.django.DjangoModelFactory):
    """A current membership (pass `ended_at=` for a former one)."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER
