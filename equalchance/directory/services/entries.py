"""Proposing, approving, returning, archiving and merging directory entries. Organisations' current
members propose; moderators decide (then, and only then, an entry is public); every published change is
kept in the service's history and audited in the same transaction."""

import uuid

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from equalchance.accounts.email_verification import needs_verification
from equalchance.accounts.models import Organisation
from equalchance.accounts.permissions import user_can
from equalchance.accounts.selectors import is_member
from equalchance.audit.actions import Action
from equalchance.audit.services import audit_event_record
from equalchance.directory import local_offer, postcodes
from equalchance.directory.entries import CHILDCARE_DETAILS, FREE_TEXT, TERM_FIELDS, clean_text, differences
from equalchance.directory.models import (
    Location,
    Service,
    ServiceAtLocation,
    ServiceHistory,
    Submission,
    TaxonomyTerm,
)
from equalchance.directory.search import search_index_refresh


def submission_create(*, by, organisation: Organisation, service: Service | None, data: dict) -> Submission:
    if not (user_can(by, "directory.submit") and is_member(user=by, organisation=organisation)):
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
            actor=by,
            action=Action.DIRECTORY_SUBMIT,
            obj=submission,
            changes={"service": str(service.pk) if service else "", "organisation": str(organisation.pk)},
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
    ofsted = {key: data[key] for key in CHILDCARE_DETAILS if data.get(key)}
    if ofsted:
        details["childcare"] = ofsted
    else:
        details.pop("childcare", None)
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
        # The values stay in the service's own history; the trail keeps only which fields changed.
        audit_event_record(
            actor=by,
            action=Action.DIRECTORY_APPROVE,
            obj=submission,
            changes={"service": str(service.pk), "fields": sorted(changes)},
        )
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
            actor=by, action=Action.DIRECTORY_RETURN, obj=submission, changes={"reason_given": True}
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
        audit_event_record(
            actor=by,
            action=Action.DIRECTORY_ARCHIVE,
            obj=service,
            changes={"reason_given": bool(reason.strip())},
        )
        search_index_refresh([service.id])


def services_merge(*, by, keep: Service, duplicate: Service) -> None:
    """Fold a duplicate into the entry kept: its types of support and places are added to it; the
    duplicate is archived; both histories say so. Referrals stay where they are: each was sent, with
    the person's consent, to one organisation, and merging entries must not hand it to another.

    Both entries must still be public: an entry already merged or archived (a repeated post, or two
    moderators at once) is refused with ValueError, and nothing is written."""
    _require_moderator(by)
    if keep.pk == duplicate.pk:
        raise ValueError("A service cannot be merged into itself.")
    with transaction.atomic():
        # Read again, locked, so that of two merges of the same entry at once only the first happens.
        current = Service.objects.select_for_update().in_bulk([keep.pk, duplicate.pk])
        if not all(pk in current and current[pk].published for pk in (keep.pk, duplicate.pk)):
            raise ValueError(
                "One of those entries is no longer in the directory (it may have been merged already)."
            )
        keep.terms.add(*duplicate.terms.all())
        for link in duplicate.service_at_locations.all():
            ServiceAtLocation.objects.get_or_create(service=keep, location=link.location)
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
