"""Who may change the directory, and how: organisations' members propose entries (new or changed);
moderators approve them (then, and only then, they are public) or return them with a reason; moderators
archive entries. Every published change is kept in the service's history and audited."""

import re
import uuid

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from equalchance.accounts.email_verification import needs_verification
from equalchance.accounts.models import Role
from equalchance.accounts.permissions import user_can
from equalchance.audit.actions import Action
from equalchance.audit.services import audit_event_record
from equalchance.directory import local_offer, postcodes
from equalchance.directory.importers.oruk import plain_text
from equalchance.directory.importers.taxonomies import ACCESSIBILITY, SEND_NEEDS
from equalchance.directory.models import (
    Location,
    Membership,
    Organisation,
    Service,
    ServiceAtLocation,
    ServiceHistory,
    Submission,
    TaxonomyTerm,
)
from equalchance.directory.search import search_index_refresh

# The fields of an entry as organisations propose them, with the words moderators see.
FIELDS = {
    "name": "Name",
    "description": "Description",
    "url": "Website",
    "email": "Email",
    "phone": "Phone",
    "minimum_age": "Youngest age",
    "maximum_age": "Oldest age",
    "free": "Free",
    "fees_description": "Costs",
    "eligibility_description": "Who can use it",
    "categories": "Types of support",
    "send_needs": "SEND needs supported",
    "opening_times": "Opening times",
    "address": "Address",
    "postcode": "Postcode",
    "accessibility": "Accessibility of the place",
    **{local_offer.field_name(q): f"Local Offer: {q.text}" for q in local_offer.QUESTIONS},
}
TERM_FIELDS = ("categories", "send_needs", "accessibility")
FREE_TEXT = {"description", "fees_description", "eligibility_description", "opening_times"} | {
    local_offer.field_name(q) for q in local_offer.QUESTIONS
}
ENTRY_CORE = [key for key in FIELDS if not key.startswith("local_offer_")]


def is_member(user, organisation: Organisation) -> bool:
    return Membership.objects.filter(user=user, organisation=organisation).exists()


def organisations_of(user):
    return Organisation.objects.filter(memberships__user=user)


def clean_text(text: str) -> str:
    """Typed text with any HTML taken out (it is shown as text, never as markup)."""
    text = (text or "").strip()
    return plain_text(text) if re.search(r"<[a-zA-Z/!][^>]*>", text) else text


def entry_of(service: Service) -> dict:
    """A published service in the shape of a proposed entry, to compare and to start an edit from."""
    phones = [p["number"] for c in service.details.get("contacts", []) for p in c.get("phones", [])]
    schedules = service.details.get("schedules", [])
    location = Location.objects.filter(service_at_locations__service=service).first()
    addresses = location.details.get("addresses", []) if location else []
    return {
        "name": service.name,
        "description": service.description,
        "url": service.url,
        "email": service.email,
        "phone": phones[0] if phones else "",
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "free": service.free,
        "fees_description": service.fees_description,
        "eligibility_description": service.eligibility_description,
        "categories": sorted(str(t.id) for t in service.terms.filter(taxonomy__name__startswith="DfE")),
        "send_needs": sorted(str(t.id) for t in service.terms.filter(taxonomy__name=SEND_NEEDS)),
        "accessibility": sorted(str(t.id) for t in service.terms.filter(taxonomy__name=ACCESSIBILITY)),
        "opening_times": schedules[0].get("description", "") if schedules else "",
        "address": addresses[0].get("address_1", "") if addresses else "",
        "postcode": location.postcode if location else "",
        **{
            local_offer.field_name(q): service.details.get("local_offer", {}).get(q.key, "")
            for q in local_offer.QUESTIONS
        },
    }


def _shown(key: str, value) -> str:
    if key in TERM_FIELDS:
        names = (
            TaxonomyTerm.objects.filter(id__in=value or []).order_by("name").values_list("name", flat=True)
        )
        return ", ".join(names)
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def differences(submission: Submission) -> list[dict]:
    """Field by field: what is published now and what is proposed, for the moderator's side-by-side view."""
    current = entry_of(submission.service) if submission.service else {}
    rows = []
    for key, label in FIELDS.items():
        before, after = _shown(key, current.get(key)), _shown(key, submission.data.get(key))
        if before or after or key in ENTRY_CORE:  # unanswered Local Offer questions are left out
            rows.append({"field": label, "before": before, "after": after, "changed": before != after})
    return rows


def submission_create(*, by, organisation: Organisation, service: Service | None, data: dict) -> Submission:
    if not (user_can(by, "directory.submit") and is_member(by, organisation)):
        raise PermissionDenied("Only members of this organisation can propose its entries.")
    if needs_verification(by):
        raise PermissionDenied("Confirm your email address before sending entries.")
    if service is not None and service.organisation_id != organisation.id:
        raise PermissionDenied("That entry belongs to another organisation.")
    # Typed text is kept as text: any markup in it is taken out before anyone sees it.
    data = {key: clean_text(value) if key in FREE_TEXT else value for key, value in data.items()}
    with transaction.atomic():
        submission = Submission.objects.create(
            organisation=organisation, service=service, data=data, submitted_by=by
        )
        audit_event_record(
            actor=by, action=Action.DIRECTORY_SUBMIT, obj=submission, changes={"service": str(service or "")}
        )
    return submission


def _require_moderator(by) -> None:
    if not user_can(by, "directory.moderate"):
        raise PermissionDenied("Only directory moderators can do this.")


def _apply(service: Service, data: dict) -> None:
    service.name = data["name"]
    service.description = data.get("description", "")
    service.url = data.get("url", "")
    service.email = data.get("email", "")
    service.minimum_age = data.get("minimum_age")
    service.maximum_age = data.get("maximum_age")
    service.free = data.get("free")
    service.fees_description = data.get("fees_description", "")
    service.eligibility_description = data.get("eligibility_description", "")
    details = dict(service.details)
    if data.get("phone"):
        details["contacts"] = [
            {
                "id": str(uuid.uuid5(service.id, "contact")),
                "phones": [{"id": str(uuid.uuid5(service.id, "phone")), "number": data["phone"]}],
            }
        ]
    else:
        details.pop("contacts", None)
    if data.get("opening_times"):
        details["schedules"] = [
            {"id": str(uuid.uuid5(service.id, "schedule")), "description": data["opening_times"]}
        ]
    else:
        details.pop("schedules", None)
    answers = {
        q.key: data[local_offer.field_name(q)]
        for q in local_offer.QUESTIONS
        if data.get(local_offer.field_name(q))
    }
    if answers:
        details["local_offer"] = answers
    else:
        details.pop("local_offer", None)
    service.details = details
    service.last_modified = timezone.now()
    service.assured_date = timezone.localdate()  # a moderator has just checked it
    service.published = True
    service.save()
    service.terms.set(
        TaxonomyTerm.objects.filter(id__in=[id for key in TERM_FIELDS for id in data.get(key, [])])
    )
    place = postcodes.postcode_find(data.get("postcode", ""))
    if place:
        location_id = uuid.uuid5(service.id, "place")
        location, _ = Location.objects.update_or_create(
            id=location_id,
            defaults={
                "organisation": service.organisation,
                "latitude": place.latitude,
                "longitude": place.longitude,
                "postcode": place.postcode,
                "details": {
                    "addresses": [
                        {
                            "id": str(uuid.uuid5(service.id, "address")),
                            "address_1": data.get("address") or place.postcode,
                            "city": place.ward,
                            "state_province": "England",
                            "postal_code": place.postcode,
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                    "accessibility": [
                        {
                            "id": str(uuid.uuid5(service.id, f"accessibility/{term.id}")),
                            "location_id": str(location_id),
                            "description": term.name,
                        }
                        for term in TaxonomyTerm.objects.filter(id__in=data.get("accessibility", []))
                    ],
                },
            },
        )
        ServiceAtLocation.objects.get_or_create(service=service, location=location)


def submission_approve(*, by, submission: Submission) -> Service:
    _require_moderator(by)
    if submission.state != Submission.State.SUBMITTED:
        raise ValueError("Only a waiting submission can be approved.")
    with transaction.atomic():
        changes = {d["field"]: [d["before"], d["after"]] for d in differences(submission) if d["changed"]}
        service = submission.service or Service(
            organisation=submission.organisation, source="Submitted by the organisation"
        )
        action = "changed" if submission.service else "created"
        _apply(service, submission.data)
        submission.service = service
        submission.state = Submission.State.APPROVED
        submission.decided_by, submission.decided_at = by, timezone.now()
        submission.save()
        ServiceHistory.objects.create(service=service, changed_by=by, action=action, changes=changes)
        audit_event_record(actor=by, action=Action.DIRECTORY_APPROVE, obj=submission, changes=changes)
        search_index_refresh([service.id])
    return service


def submission_return(*, by, submission: Submission, reason: str) -> None:
    _require_moderator(by)
    if not reason.strip():
        raise ValueError("Say why it is being returned.")
    with transaction.atomic():
        submission.state = Submission.State.RETURNED
        submission.reason = reason.strip()
        submission.decided_by, submission.decided_at = by, timezone.now()
        submission.save()
        audit_event_record(
            actor=by, action=Action.DIRECTORY_RETURN, obj=submission, changes={"reason": submission.reason}
        )


def service_archive(*, by, service: Service, reason: str) -> None:
    """Take an entry out of the public directory and the open feed; its history stays."""
    _require_moderator(by)
    with transaction.atomic():
        service.published = False
        service.status = Service.Status.DEFUNCT
        service.save(update_fields=["published", "status"])
        ServiceHistory.objects.create(
            service=service,
            changed_by=by,
            action="archived",
            changes={"Status": ["public", f"archived: {reason}"]},
        )
        audit_event_record(actor=by, action=Action.DIRECTORY_ARCHIVE, obj=service, changes={"reason": reason})
        search_index_refresh([service.id])


def organisation_register(*, username: str, email: str, password: str, name: str, description: str):
    """A provider signs up: a user who may propose entries for the organisation they register."""
    with transaction.atomic():
        user = get_user_model().objects.create_user(
            username=username, email=email, password=password, role=Role.PROVIDER
        )
        organisation = Organisation.objects.create(
            name=name, description=clean_text(description), email=email
        )
        Membership.objects.create(organisation=organisation, user=user)
        audit_event_record(
            actor=user, action=Action.DIRECTORY_REGISTER, obj=organisation, changes={"user": username}
        )
    return user, organisation


def comment_answer(*, by, comment, response: str, publish: bool) -> None:
    """Publish a Local Offer comment with the council's response, or withhold it; audited."""
    _require_moderator(by)
    with transaction.atomic():
        comment.response = clean_text(response)
        comment.state = comment.State.PUBLISHED if publish else comment.State.WITHHELD
        comment.responded_by, comment.responded_at = by, timezone.now()
        comment.save()
        audit_event_record(
            actor=by, action=Action.DIRECTORY_COMMENT_ANSWER, obj=comment, changes={"state": comment.state}
        )


def _name_key(name: str) -> str:
    from equalchance.directory.search import folded

    return " ".join(re.findall(r"[a-z0-9]+", folded(name).lower()))


def likely_duplicates(limit: int = 100) -> list[tuple[Service, Service, str]]:
    """Pairs of public entries that are probably the same service: the same name, or the same
    organisation with nearly the same name, or the same e-mail and the same postcode."""
    import difflib

    services = list(
        Service.objects.filter(published=True).select_related("organisation").order_by("name", "id")
    )
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


def services_merge(*, by, keep: Service, duplicate: Service) -> None:
    """Fold a duplicate into the entry kept: its types of support, places and referrals move across;
    the duplicate is archived; both histories say so."""
    _require_moderator(by)
    if keep.pk == duplicate.pk:
        raise ValueError("A service cannot be merged into itself.")
    with transaction.atomic():
        keep.terms.add(*duplicate.terms.all())
        for link in duplicate.service_at_locations.all():
            ServiceAtLocation.objects.get_or_create(service=keep, location=link.location)
        duplicate.referrals.update(service=keep)
        duplicate.published = False
        duplicate.status = Service.Status.DEFUNCT
        duplicate.save(update_fields=["published", "status"])
        ServiceHistory.objects.create(
            service=keep, changed_by=by, action="merged", changes={"Merged in": ["", str(duplicate.pk)]}
        )
        ServiceHistory.objects.create(
            service=duplicate, changed_by=by, action="merged", changes={"Merged into": ["", str(keep.pk)]}
        )
        audit_event_record(
            actor=by, action=Action.DIRECTORY_MERGE, obj=keep, changes={"duplicate": str(duplicate.pk)}
        )
        search_index_refresh([keep.pk, duplicate.pk])
