"""Factories for accounts: users with a role (and, later, organisations and memberships)."""

import factory

from equalchance.accounts.models import Role, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.VIEWER
    password = factory.django.Password("a-long-test-password")
