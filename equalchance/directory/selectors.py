"""Reads for the directory, and every "who may see this" rule it has, each written once:

- `services_public()`: what the public, the open feed and search may see (published entries);
- `referrals_visible_to(user=)`: the referrer and current members of the receiving organisation;
- `referral_get_for(user=, id=)`: the only way a view gets a referral (checked and audited, refusals
  too);
- `submissions_of(user=)`: an organisation's proposals, for its current members.

Views, the API, commands and tasks call these; none of them filters on `published` or memberships
themselves."""

import uuid

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, QuerySet

from equalchance.accounts.models import Organisation
from equalchance.accounts.permissions import user_can
from equalchance.accounts.selectors import is_member, organisations_of
from equalchance.audit.actions import Action
from equalchance.audit.services import ANONYMOUS, audit_event_record, audit_refusal_record
from equalchance.directory import duplicates, local_offer
from equalchance.directory.models import (
    LocalOfferComment,
    Location,
    NotDuplicate,
    ProblemReport,
    Referral,
    Service,
    ServiceAtLocation,
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


# --- Likely duplicates, compared side by side ------------------------------------------------------


def _addresses(details: dict) -> list[dict]:
    return [a for a in details.get("addresses") or [] if isinstance(a, dict)]


def _contacts(service: Service) -> list[dict]:
    return [c for c in service.details.get("contacts") or [] if isinstance(c, dict)]


def _phones(service: Service) -> list[str]:
    return [
        str(p.get("number", ""))
        for c in _contacts(service)
        for p in c.get("phones") or []
        if isinstance(p, dict) and p.get("number")
    ]


def _emails(service: Service) -> list[str]:
    return [e for e in [service.email, *(str(c.get("email") or "") for c in _contacts(service))] if e]


def _address_line(address: dict) -> str:
    return ", ".join(str(address[k]) for k in ("address_1", "city") if address.get(k))


def _rule_entry(service: Service, places: list[tuple[str, dict]]) -> duplicates.Entry:
    """A service as the likely-duplicates rule reads it; `places` are its locations' (postcode, details)."""
    addresses = [a for _, details in places for a in _addresses(details)]
    return duplicates.Entry(
        id=service.pk,
        organisation=service.organisation_id,
        name=service.name,
        addresses=tuple(line for a in addresses if (line := _address_line(a))),
        postcodes=tuple(
            p for p in [*(p for p, _ in places), *(a.get("postal_code") for a in addresses)] if p
        ),
        phones=tuple(_phones(service)),
        emails=tuple(_emails(service)),
        websites=(service.url,) if service.url else (),
    )


def not_duplicates_standing() -> set[frozenset]:
    """The pairs moderators have marked as not duplicates (and not undone), either way round."""
    return {
        duplicates.pair_key(first, second)
        for first, second in NotDuplicate.objects.filter(undone_at=None).values_list("first_id", "second_id")
    }


def likely_duplicates(limit: int = 100) -> list[tuple[Service, Service, str]]:
    """Pairs of public entries that are probably the same service, by the one rule in
    `directory.duplicates`, leaving out pairs marked as not duplicates: (first, second, why)."""
    services = list(
        services_public()
        .select_related("organisation")
        .only("id", "organisation__name", "name", "email", "url", "details")
        .order_by("name", "id")
    )
    places: dict = {}
    for service_id, postcode, details in ServiceAtLocation.objects.filter(
        service__published=True
    ).values_list("service_id", "location__postcode", "location__details"):
        places.setdefault(service_id, []).append((postcode or "", details or {}))
    entries = [_rule_entry(service, places.get(service.pk, [])) for service in services]
    found = {service.pk: service for service in services}
    pairs = duplicates.likely_pairs(entries, dismissed=not_duplicates_standing())[:limit]
    return [(found[a], found[b], why) for a, b, why in pairs]


class PairRefused(ValueError):
    """Two ids that cannot be compared, merged or marked, with the reason in words."""


def _service_gone(service: Service) -> str:
    merged = service.history.filter(action="merged", changes__has_key="Merged into").exists()
    how = "it was merged into another entry" if merged else "it was archived or is waiting for approval"
    return f"“{service.name}” is no longer in the directory: {how}."


def duplicate_pair_get(*, first, second, names=("the first entry", "the second entry")) -> tuple:
    """Two public entries to compare, merge or mark as not duplicates, from ids as given (in a query
    or a form): PairRefused, naming which id and why, for a missing or malformed id, the same id
    twice, an id that is no directory entry, or an entry no longer public (merged or archived)."""
    ids = []
    for value, name in zip((first, second), names, strict=True):
        if value is None or not str(value).strip():
            raise PairRefused(f"Choose two entries: {name} is missing.")
        try:
            ids.append(uuid.UUID(str(value).strip()))
        except ValueError:
            raise PairRefused(
                f"The id of {name} is not an entry's id (it should look like {uuid.UUID(int=1)})."
            ) from None
    if ids[0] == ids[1]:
        raise PairRefused("Choose two different entries: both ids are the same entry.")
    found = (
        Service.objects.select_related("organisation")
        .prefetch_related("terms__taxonomy", "service_at_locations__location")
        .in_bulk(ids)
    )
    for pk, name in zip(ids, names, strict=True):
        if pk not in found:
            raise PairRefused(f"No directory entry has the id given for {name}.")
        if not found[pk].published:
            raise PairRefused(_service_gone(found[pk]))
    return found[ids[0]], found[ids[1]]


def _day(value) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def _ages(service: Service) -> str:
    low, high = service.minimum_age, service.maximum_age
    if low is None and high is None:
        return ""
    if high is None:
        return f"{low} and over"
    return f"{low or 0} to {high}"


def _comparison_values(service: Service, referrals: int) -> dict[str, str]:
    places = []
    for link in service.service_at_locations.all():
        location = link.location
        for address in _addresses(location.details) or [{"address_1": location.name}]:
            line = _address_line(address)
            postcode = address.get("postal_code") or location.postcode
            places.append(", ".join(p for p in (line, postcode if postcode not in line else "") if p))
    answers = service.details.get("local_offer") or {}
    schedules = [s for s in service.details.get("schedules") or [] if isinstance(s, dict)]
    values = {
        "Name": service.name,
        "Organisation": service.organisation.name,
        "Description": service.description,
        "Address": "\n".join(sorted(p for p in places if p)),
        "Phone": "\n".join(_phones(service)),
        "Email": "\n".join(dict.fromkeys(_emails(service))),
        "Website": service.url,
    }
    for term in sorted(service.terms.all(), key=lambda t: (t.taxonomy.name, t.name)):
        key = term.taxonomy.name
        values[key] = f"{values[key]}\n{term.name}" if key in values else term.name
    values.update(
        {
            "Opening times": "\n".join(
                s.get("description")
                or " ".join(str(s.get(k, "")) for k in ("byday", "opens_at", "closes_at"))
                for s in schedules
            ),
            "Ages": _ages(service),
            "Free": "" if service.free is None else ("Yes" if service.free else "No"),
            "Costs": service.fees_description,
            "Who can use it": service.eligibility_description,
            **{f"Local Offer: {q.text}": str(answers.get(q.key, "")) for q in local_offer.QUESTIONS},
            "Status": f"{service.get_status_display()}, {'public' if service.published else 'not public'}",
            "Last checked": _day(service.assured_date),
            "Referrals held": (
                f"{referrals} referral{'' if referrals == 1 else 's'}: they stay with this entry and "
                f"{service.organisation.name}"
                if referrals
                else "None"
            ),
            "Source": service.source,
        }
    )
    return values


# Shown even when neither entry says anything, so the moderator sees that nothing is there.
ALWAYS_COMPARED = {"Name", "Organisation", "Description", "Address", "Phone", "Email", "Website"}
ALWAYS_COMPARED |= {"Opening times", "Status", "Referrals held"}


def duplicate_comparison(*, keep: Service, duplicate: Service) -> list[dict]:
    """The two entries field by field (name, organisation, description, address, contacts, each
    taxonomy's terms, Local Offer answers, schedule, ages and costs, status, referrals held), each row
    {"field", "keep", "duplicate", "same"}; rows where neither entry says anything are left out."""
    counts = dict(
        Referral.objects.filter(service__in=[keep, duplicate])
        .order_by()
        .values("service_id")
        .annotate(n=Count("id"))
        .values_list("service_id", "n")
    )
    kept = _comparison_values(keep, counts.get(keep.pk, 0))
    other = _comparison_values(duplicate, counts.get(duplicate.pk, 0))
    fields = list(dict.fromkeys([*kept, *other]))
    return [
        {
            "field": f,
            "keep": kept.get(f, ""),
            "duplicate": other.get(f, ""),
            "same": kept.get(f, "") == other.get(f, ""),
        }
        for f in fields
        if f in ALWAYS_COMPARED or kept.get(f) or other.get(f)
    ]


def duplicate_why(*, keep: Service, duplicate: Service) -> str | None:
    """Why the rule suggests the pair (None if it does not)."""

    def entry(service):
        places = [
            (link.location.postcode, link.location.details) for link in service.service_at_locations.all()
        ]
        return _rule_entry(service, places)

    return duplicates.why_alike(entry(keep), entry(duplicate))


def not_duplicate_standing_for(*, first: Service, second: Service) -> NotDuplicate | None:
    """The standing "not duplicates" decision on a pair, either way round."""
    low, high = sorted((first.pk, second.pk))
    return (
        NotDuplicate.objects.select_related("decided_by")
        .filter(first_id=low, second_id=high, undone_at=None)
        .first()
    )


def not_duplicates_recent(limit: int = 200) -> QuerySet[NotDuplicate]:
    """Decisions that pairs are not duplicates, the latest first, standing and undone."""
    return NotDuplicate.objects.select_related("first", "second", "decided_by", "undone_by")[:limit]


def not_duplicate_get(*, id: int) -> NotDuplicate | None:
    return NotDuplicate.objects.filter(pk=id).first()


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
