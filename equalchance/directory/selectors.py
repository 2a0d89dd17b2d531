"""Reads for the directory, and every "who may see this" rule it has, each written once:

- `services_public()`: what the public, the open feed and search may see (published entries);
- `referrals_visible_to(user=)`: the referrer and current members of the receiving organisation;
- `referral_get_for(user=, id=)`: the only way a view gets a referral (checked and audited, refusals
  too);
- `submissions_of(user=)`: an organisation's proposals, for its current members.

Views, the API, commands and tasks call these; none of them filters on `published` or memberships
themselves."""

import difflib
import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet

from equalchance.accounts.models import Organisation
from equalchance.accounts.permissions import user_can
from equalchance.accounts.selectors import is_member, organisations_of
from equalchance.audit.actions import Action
from equalchance.audit.services import ANONYMOUS, audit_event_record, audit_refusal_record
from equalchance.directory.models import (
    LocalOfferComment,
    Location,
    ProblemReport,
    Referral,
    Service,
    Submission,
)

# Search lists entries people can use now; inactive and closed ones stay public (their page and the
# open feed say so) but are not offered as results.
LISTED = [Service.Status.ACTIVE, Service.Status.TEMPORARILY_CLOSED]


def services_public() -> QuerySet[Service]:
    """Entries anyone may see: approved by a moderator or from an open feed, and not archived."""
    return Service.objects.filter(published=True)


def services_listed() -> QuerySet[Service]:
    """Public entries that search offers (open to people now)."""
    return services_public().filter(status__in=LISTED)


def service_public_get(*, id) -> Service:
    """A public entry with what its page and the feed show (Service.DoesNotExist otherwise)."""
    return (
        services_public()
        .select_related("organisation")
        .prefetch_related("terms__taxonomy", "service_at_locations__location")
        .get(pk=id)
    )


def organisations_public() -> QuerySet[Organisation]:
    """Organisations with at least one public entry (the feed publishes these and nothing else)."""
    return Organisation.objects.filter(pk__in=services_public().values("organisation_id"))


def referrals_visible_to(*, user) -> QuerySet[Referral]:
    """The referrals a user may see: those they made, and those to services of organisations they
    belong to now (the receiving organisation, decided by the referral's own record of it)."""
    if not getattr(user, "is_authenticated", False):
        return Referral.objects.none()
    return Referral.objects.filter(
        Q(referred_by=user) | Q(receiving_organisation__in=organisations_of(user=user))
    )


def referral_get_for(*, user, id) -> Referral:
    """The referral, if `user` may see it, with the reading audited. A referral that exists but is not
    theirs is refused (PermissionDenied) and the refusal audited; an unknown id is Referral.DoesNotExist."""
    try:
        referral = Referral.objects.select_related("service", "receiving_organisation", "referred_by").get(
            pk=id
        )
    except (Referral.DoesNotExist, ValueError):
        raise Referral.DoesNotExist from None
    if not referrals_visible_to(user=user).filter(pk=referral.pk).exists():
        audit_refusal_record(
            actor=user if getattr(user, "is_authenticated", False) else ANONYMOUS,
            action=Action.REFERRAL_READ,
            object_type="directory.referral",
            object_id=referral.pk,
        )
        raise PermissionDenied("This referral is for the person who made it and the receiving organisation.")
    with transaction.atomic():
        audit_event_record(actor=user, action=Action.REFERRAL_READ, obj=referral)
    return referral


def referral_receiving(*, user, referral: Referral) -> bool:
    """Whether `user` decides this referral: a current member of the organisation it was sent to."""
    return is_member(user=user, organisation=referral.receiving_organisation)


def submissions_of(*, user) -> QuerySet[Submission]:
    """Proposals of the organisations the user belongs to now."""
    return Submission.objects.filter(organisation__in=organisations_of(user=user)).select_related(
        "organisation", "service"
    )


def submissions_waiting() -> QuerySet[Submission]:
    return Submission.objects.filter(state=Submission.State.SUBMITTED).select_related(
        "organisation", "service", "submitted_by"
    )


def submission_for_moderation(*, user, id) -> Submission:
    """A proposal, for a moderator (PermissionDenied for anyone else; Submission.DoesNotExist)."""
    if not user_can(user, "directory.moderate"):
        raise PermissionDenied("Only directory moderators can review proposals.")
    return Submission.objects.select_related("organisation", "service").get(pk=id)


def comments_published() -> QuerySet[LocalOfferComment]:
    return LocalOfferComment.objects.filter(state=LocalOfferComment.State.PUBLISHED)


def comments_waiting() -> QuerySet[LocalOfferComment]:
    return LocalOfferComment.objects.filter(state=LocalOfferComment.State.NEW)


def _name_key(name: str) -> str:
    from equalchance.directory.search import folded

    return " ".join(re.findall(r"[a-z0-9]+", folded(name).lower()))


def likely_duplicates(limit: int = 100) -> list[tuple[Service, Service, str]]:
    """Pairs of public entries that are probably the same service: the same name, or the same
    organisation with nearly the same name."""
    services = list(services_public().select_related("organisation").order_by("name", "id"))
    pairs: dict[tuple, str] = {}
    by_name: dict[str, list[Service]] = {}
    by_organisation: dict = {}
    for service in services:
        by_name.setdefault(_name_key(service.name), []).append(service)
        by_organisation.setdefault(service.organisation_id, []).append(service)
    for group in by_name.values():
        for other in group[1:]:
            pairs.setdefault((group[0].id, other.id), "the same name")
    for group in by_organisation.values():
        for i, first in enumerate(group[:200]):
            for second in group[i + 1 : 200]:
                ratio = difflib.SequenceMatcher(None, _name_key(first.name), _name_key(second.name)).ratio()
                if 0.85 <= ratio < 1:
                    pairs.setdefault((first.id, second.id), "nearly the same name, same organisation")
    found = Service.objects.in_bulk({i for pair in pairs for i in pair})
    return [(found[a], found[b], why) for (a, b), why in list(pairs.items())[:limit]]


def problem_reports_open() -> QuerySet[ProblemReport]:
    """Reports of problems with public entries that no moderator has dealt with yet, oldest first."""
    return (
        ProblemReport.objects.filter(resolved_at=None).select_related("service").order_by("received_at", "id")
    )


def mapped_places_of(service_ids) -> dict:
    """Each service's places that have map coordinates: service id -> [(latitude, longitude), ...]."""
    places: dict = {}
    for service_id, latitude, longitude in (
        Location.objects.filter(
            service_at_locations__service_id__in=list(service_ids),
            latitude__isnull=False,
            longitude__isnull=False,
        )
        .order_by("service_at_locations__service_id", "postcode", "id")
        .values_list("service_at_locations__service_id", "latitude", "longitude")
    ):
        places.setdefault(service_id, []).append((latitude, longitude))
    return places
