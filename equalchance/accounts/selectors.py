"""Reads about organisations and who belongs to them. "Is this user a current member" is decided here
and only here: every rule that grants access through an organisation (a referral's receiving
organisation, the entries a provider may propose) asks these."""

from django.db.models import QuerySet

from equalchance.accounts.models import Membership, Organisation, User


def users_by_email(email: str) -> list[User]:
    """The account whose own address (`User.email`, one account per address whatever its case) this is:
    a list of one or none. Password reset and signing in by address ask this, never allauth's table of
    addresses alone (an old or alias address there must not reach an account)."""
    email = (email or "").strip()
    if not email:
        return []
    return [user for user in User.objects.filter(email__iexact=email) if user.email.lower() == email.lower()]


def current_memberships() -> QuerySet[Membership]:
    return Membership.objects.filter(ended_at=None)


def organisations_of(*, user) -> QuerySet[Organisation]:
    """The organisations the user belongs to now."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        pk__in=current_memberships().filter(user=user).values("organisation_id")
    )


def is_member(*, user, organisation: Organisation) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and current_memberships().filter(user=user, organisation=organisation).exists()
    )


def members_of(*, organisation: Organisation) -> QuerySet[Membership]:
    return current_memberships().filter(organisation=organisation).select_related("user")
