"""Reads about organisations and who belongs to them. "Is this user a current member" is decided here
and only here: every rule that grants access through an organisation (a referral's receiving
organisation, the entries a provider may propose) asks these."""

from django.db.models import QuerySet

from equalchance.accounts.models import Membership, Organisation


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
