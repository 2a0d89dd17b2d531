"""Writes for accounts: organisations, memberships, and the named system actor for automated work."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from equalchance.accounts.models import Membership, Organisation, Role, User
from equalchance.accounts.permissions import user_can
from equalchance.audit.actions import Action
from equalchance.audit.services import audit_event_record

SYSTEM_USERNAME = "system"


def system_actor() -> User:
    """The actor recorded for work nobody did by hand (loads at set-up, scheduled tasks). Made by a
    migration; it has no usable password and its role cannot sign in."""
    user, _ = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"role": Role.SYSTEM, "first_name": "Automated work", "password": "!"},
    )
    return user


def organisation_create(*, by, name: str, kind: str = Organisation.Kind.OTHER, **fields) -> Organisation:
    if not user_can(by, "organisations.manage"):
        raise PermissionDenied("Only administrators can add organisations.")
    with transaction.atomic():
        organisation = Organisation.objects.create(name=name, kind=kind, **fields)
        audit_event_record(
            actor=by, action=Action.ORGANISATION_CREATE, obj=organisation, changes={"kind": kind}
        )
    return organisation


def membership_add(
    *, by, user: User, organisation: Organisation, role: str = Membership.Role.MEMBER
) -> Membership:
    """Make `user` a current member (an existing current membership is kept, with the role given)."""
    if not user_can(by, "organisations.manage"):
        raise PermissionDenied("Only administrators can change who belongs to an organisation.")
    with transaction.atomic():
        membership = Membership.objects.filter(user=user, organisation=organisation, ended_at=None).first()
        if membership is None:
            membership = Membership.objects.create(user=user, organisation=organisation, role=role)
        elif membership.role != role:
            membership.role = role
            membership.save(update_fields=["role"])
        audit_event_record(
            actor=by,
            action=Action.MEMBERSHIP_ADD,
            obj=membership,
            changes={"user": user.pk, "organisation": str(organisation.pk), "role": role},
        )
    return membership


def membership_end(*, by, membership: Membership) -> Membership:
    """End a membership now: what the user could see through the organisation they no longer can. The
    row stays, so who belonged when is still known."""
    if not user_can(by, "organisations.manage"):
        raise PermissionDenied("Only administrators can change who belongs to an organisation.")
    with transaction.atomic():
        if membership.ended_at is None:
            membership.ended_at = timezone.now()
            membership.save(update_fields=["ended_at"])
            audit_event_record(
                actor=by,
                action=Action.MEMBERSHIP_END,
                obj=membership,
                changes={"user": membership.user_id, "organisation": str(membership.organisation_id)},
            )
    return membership
