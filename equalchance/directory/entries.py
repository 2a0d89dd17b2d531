"""A directory entry as organisations propose it: its fields and the words moderators see, the shape of a
published service as an entry (to compare, and to start an edit from), and the side-by-side difference
a moderator decides on. Reads only; the writes are in `directory.services`."""

import re
from datetime import date

from equalchance.directory import childcare, local_offer
from equalchance.directory.importers.oruk import plain_text
from equalchance.directory.importers.taxonomies import ACCESSIBILITY, SEND_NEEDS
from equalchance.directory.models import Location, Service, Submission, TaxonomyTerm

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
    "childcare_types": "Type of childcare",
    "funded_hours": "Funded hours offered",
    "ofsted_urn": "Ofsted registration number (URN)",
    "ofsted_grade": "Latest Ofsted grade",
    "ofsted_inspected": "Date of the latest Ofsted inspection",
    **{local_offer.field_name(q): f"Local Offer: {q.text}" for q in local_offer.QUESTIONS},
}
TERM_FIELDS = ("categories", "send_needs", "accessibility", "childcare_types", "funded_hours")
# Kept in details["childcare"]; shown to moderators only when the entry or the proposal has them.
CHILDCARE_DETAILS = ("ofsted_urn", "ofsted_grade", "ofsted_inspected")
FREE_TEXT = {"description", "fees_description", "eligibility_description", "opening_times"} | {
    local_offer.field_name(q) for q in local_offer.QUESTIONS
}
CHILDCARE_FIELDS = ("childcare_types", "funded_hours", *CHILDCARE_DETAILS)
ENTRY_CORE = [key for key in FIELDS if not key.startswith("local_offer_") and key not in CHILDCARE_FIELDS]


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
    held = {str(i) for i in service.terms.values_list("id", flat=True)}
    cared = service.details.get("childcare") or {}
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
        "childcare_types": [
            str(childcare.term_id(t.code)) for t in childcare.TYPES if str(childcare.term_id(t.code)) in held
        ],
        "funded_hours": [
            str(childcare.term_id(t.code))
            for t in childcare.FUNDED_HOURS
            if str(childcare.term_id(t.code)) in held
        ],
        **{key: cared.get(key, "") for key in CHILDCARE_DETAILS},
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
    if key == "ofsted_grade":
        return childcare.GRADE_NAMES.get(value, str(value))
    if key == "ofsted_inspected":
        try:
            day = date.fromisoformat(value)
        except (TypeError, ValueError):
            return str(value)
        return f"{day.day} {day:%B %Y}"
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
