"""The directory as Open Referral UK 3.0 JSON: records, and the standard's page of results.

Optional fields without a value are left out rather than sent empty, as the ORUK compliance guidance
asks; so are placeholder e-mail addresses (placeholders.py), even ones recorded before imports
dropped them. Only published, active-or-listed services appear; private details (moderation, review dates,
referrals) never do.
"""

import uuid
from math import ceil

from equalchance.accounts.models import Organisation
from equalchance.directory import local_offer
from equalchance.directory.models import Location, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from equalchance.directory.placeholders import real_email

VERSION = "HSDS-UK-3.0"
PROFILE = "https://openreferraluk.org/specifications/3.0"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_MINIMAL_PER_PAGE = 10_000  # minimal=true: "aim to return all services within one call"


def present(record: dict) -> dict:
    """The record without empty optional values."""
    return {k: v for k, v in record.items() if v not in (None, "", [], {})}


def taxonomy_json(taxonomy: Taxonomy) -> dict:
    return present(
        {
            "id": str(taxonomy.id),
            "name": taxonomy.name,
            "description": taxonomy.description,
            "uri": taxonomy.uri,
            "version": taxonomy.version,
        }
    )


def term_json(term: TaxonomyTerm, *, with_taxonomy: bool = False) -> dict:
    record = present(
        {
            "id": str(term.id),
            "name": term.name,
            "description": term.description,
            "code": term.code,
            "parent_id": str(term.parent_id) if term.parent_id else None,
            "taxonomy_id": str(term.taxonomy_id),
            "taxonomy": term.taxonomy.name if with_taxonomy else None,
            "term_uri": term.term_uri,
        }
    )
    return record


def organisation_json(
    organisation: Organisation, *, services: list[Service] | None = None, full_services: bool = False
) -> dict:
    record = present(
        {
            "id": str(organisation.id),
            "name": organisation.name,
            "description": organisation.description,
            "email": real_email(organisation.email),
            "website": organisation.website,
            "uri": organisation.uri,
        }
    )
    if services is not None:
        record["services"] = [service_json(s, full=full_services) for s in services]
    return record


def location_json(location: Location) -> dict:
    return present(
        {
            "id": str(location.id),
            "location_type": location.location_type,
            "name": location.name,
            "description": location.description,
            "latitude": location.latitude,
            "longitude": location.longitude,
            **{k: v for k, v in location.details.items() if k in ("addresses", "accessibility")},
        }
    )


def service_at_location_json(
    link: ServiceAtLocation, *, full: bool = True, full_service: bool = False
) -> dict:
    """The link; `full` adds its location and service (`full_service`: the service fully nested)."""
    record = {"id": str(link.id), "service_id": str(link.service_id), "location_id": str(link.location_id)}
    if full:
        record["location"] = location_json(link.location)
        record["service"] = service_json(link.service, full=full_service)
    return record


def service_minimal_json(service: Service) -> dict:
    """A service in a minimal list: the standard asks for its id and when it changed; its name and
    status come too, because the standard's service_list schema requires them."""
    return {
        "id": str(service.id),
        "name": service.name,
        "status": service.status,
        "last_modified": service.last_modified.isoformat(),
    }


def service_json(service: Service, *, full: bool = True) -> dict:
    """A service; `full` nests its organisation, places, terms and the nested HSDS parts."""
    record = present(
        {
            "id": str(service.id),
            "organization_id": str(service.organisation_id),
            "name": service.name,
            "description": service.description,
            "url": service.url,
            "email": real_email(service.email),
            "status": service.status,
            "fees": service.fees_description,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "assured_date": service.assured_date.isoformat() if service.assured_date else None,
            "last_modified": service.last_modified.isoformat(),
        }
    )
    if not full:
        return record
    record["organization"] = organisation_json(service.organisation)
    record["service_at_locations"] = [
        service_at_location_json(link, full=False) | {"location": location_json(link.location)}
        for link in service.service_at_locations.all()
    ]
    record["attributes"] = [
        {
            "id": str(uuid.uuid5(service.id, str(term.id))),  # one attribute per service and term
            "link_id": str(service.id),
            "link_type": "service",
            "taxonomy_term_id": str(term.id),
            "taxonomy_term": term_json(term, with_taxonomy=True),
        }
        for term in service.terms.all()
    ] + local_offer.attributes(service.id, service.details.get("local_offer"))
    for key, value in service.details.items():
        if key == "contacts":
            value = [_without_placeholder_email(contact) for contact in value]
        # Local Offer answers are sent as attributes, above; Ofsted details (childcare) have no place in
        # the standard's service record, so they stay on the service page.
        if key not in ("local_offer", "childcare"):
            record.setdefault(key, value)
    return present(record)


def _without_placeholder_email(contact):
    """A contact without a placeholder address (recorded before imports dropped them)."""
    if isinstance(contact, dict) and contact.get("email") and not real_email(contact["email"]):
        return {k: v for k, v in contact.items() if k != "email"}
    return contact


def page(items, *, page_number: int, per_page: int, total: int) -> dict:
    """The standard's page header around a page of records."""
    pages = max(1, ceil(total / per_page))
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page_number,
        "size": len(items),
        "first_page": page_number == 1,
        "last_page": page_number >= pages,
        "empty": not items,
        "contents": items,
    }


PARTS_NAMESPACE = uuid.UUID("8e1d6a3c-2b4f-4c1e-9d7a-3f5b6c7d8e90")


def part_id(service_id, kind: str, index: int) -> str:
    """The id of a service's nested part (a contact, a schedule ...) that came without one: stable,
    from the service's id, the kind of part and its place in the list. The standard requires ids."""
    return str(uuid.uuid5(PARTS_NAMESPACE, f"{service_id}/{kind}/{index}"))
