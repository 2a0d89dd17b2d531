"""Reads for browsing the directory without searching: by type of support (the DfE Family Hubs
categories), by special educational need or disability (the Local Offer's needs) and by area (the
partnership's districts and their wards, from the postcodes of the places services are held at).

Every list starts from `selectors.services_listed()`, itself `services_public()` narrowed to entries
open to people now, so an unpublished or archived entry is never offered here; nothing in this module
decides what is public. Pages are addressed by readable names ("slugs"), never by ids."""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.utils.text import slugify

from equalchance.directory import childcare, postcodes
from equalchance.directory.importers.taxonomies import FAMILY_HUBS, SEND_NEEDS
from equalchance.directory.models import Service, ServiceAtLocation, TaxonomyTerm
from equalchance.directory.selectors import services_listed, services_public


@dataclass(frozen=True)
class Category:
    """A type of support or a need: its readable address, its name and the terms it covers."""

    slug: str
    name: str
    term_ids: tuple[uuid.UUID, ...]
    parent: "Category | None" = None
    children: tuple["Category", ...] = ()


def support_categories() -> list[Category]:
    """The Family Hubs categories and Childcare, each top-level one with its children (a top-level page
    lists the services of its children too, as search does), A to Z as the search offers them."""
    parents = (
        TaxonomyTerm.objects.filter(taxonomy__name__in=[FAMILY_HUBS, childcare.TAXONOMY], parent=None)
        .prefetch_related("children")
        .order_by("name")
    )
    categories = []
    for parent in parents:
        children = tuple(
            Category(slugify(child.name), child.name, (child.id,)) for child in parent.children.all()
        )
        categories.append(
            Category(
                slugify(parent.name),
                parent.name,
                (parent.id, *(c.term_ids[0] for c in children)),
                children=children,
            )
        )
    return categories


def support_category(slug: str) -> Category | None:
    for category in support_categories():
        if category.slug == slug:
            return category
        for child in category.children:
            if child.slug == slug:
                return Category(child.slug, child.name, child.term_ids, parent=category)
    return None


def needs() -> list[Category]:
    """The special educational needs and disabilities the Local Offer records."""
    return [
        Category(slugify(term.name), term.name, (term.id,))
        for term in TaxonomyTerm.objects.filter(taxonomy__name=SEND_NEEDS)
    ]


def need(slug: str) -> Category | None:
    return next((n for n in needs() if n.slug == slug), None)


def services_in(category: Category) -> QuerySet[Service]:
    """Listed services tagged with the category (or one of its children), by name."""
    tagged = Service.terms.through.objects.filter(taxonomyterm_id__in=category.term_ids)
    return _listing(services_listed().filter(id__in=tagged.values("service_id")))


@dataclass(frozen=True)
class Area:
    """A district of the partnership, or a ward in it (OS Code-Point Open's wards)."""

    slug: str
    name: str
    code: str
    district: "Area | None" = None


def _district_names() -> dict[str, str]:
    return {
        p.district: p.district_name
        for p in postcodes.all_postcodes()
        if p.district in settings.EQUALCHANCE_DISTRICTS
    }


def districts() -> list[Area]:
    """The partnership's districts that shipped postcodes cover, in the order configured."""
    names = _district_names()
    return [
        Area(slugify(names[code]), names[code], code)
        for code in settings.EQUALCHANCE_DISTRICTS
        if code in names
    ]


def district(slug: str) -> Area | None:
    return next((d for d in districts() if d.slug == slug), None)


def wards(of: Area) -> list[Area]:
    """The wards of a district, by name."""
    found = {p.ward_code: p.ward for p in postcodes.all_postcodes() if p.district == of.code}
    return sorted(
        (Area(slugify(name), name, code, district=of) for code, name in found.items()), key=lambda a: a.name
    )


def ward(of: Area, slug: str) -> Area | None:
    return next((w for w in wards(of) if w.slug == slug), None)


def _places_of_listed() -> dict[str, set[uuid.UUID]]:
    """Area code (district and ward) -> the listed services held at a place with a postcode in it."""
    found: dict[str, set[uuid.UUID]] = {}
    links = ServiceAtLocation.objects.filter(service__in=services_listed()).exclude(location__postcode="")
    for service_id, text in links.values_list("service_id", "location__postcode"):
        place = postcodes.postcode_find(text)
        if place and place.district in settings.EQUALCHANCE_DISTRICTS:
            found.setdefault(place.district, set()).add(service_id)
            found.setdefault(place.ward_code, set()).add(service_id)
    return found


def service_counts() -> dict[str, int]:
    """Area code -> how many listed services have a place there."""
    return {code: len(ids) for code, ids in _places_of_listed().items()}


def services_at(area: Area) -> QuerySet[Service]:
    """Listed services with a place in the area, by name."""
    ids = _places_of_listed().get(area.code, set())
    return _listing(services_listed().filter(id__in=list(ids)))


def _listing(services: QuerySet[Service]) -> QuerySet[Service]:
    return services.select_related("organisation").order_by("name", "id")


def sitemap_entries() -> dict[str, list]:
    """Everything the sitemap lists from the directory: public services (their pages exist whether or
    not search offers them) and the browse pages that list at least one service."""
    counts = service_counts()
    with_services = set(
        Service.terms.through.objects.filter(service__in=services_listed()).values_list(
            "taxonomyterm_id", flat=True
        )
    )
    categories = []
    for category in support_categories():
        if with_services.intersection(category.term_ids):
            categories.append(category)
        categories += [c for c in category.children if with_services.intersection(c.term_ids)]
    areas = []
    for each in districts():
        if counts.get(each.code):
            areas.append(each)
            areas += [w for w in wards(each) if counts.get(w.code)]
    return {
        "services": list(services_public().order_by("name", "id").values_list("id", "last_modified")),
        "categories": categories,
        "needs": [n for n in needs() if with_services.intersection(n.term_ids)],
        "areas": areas,
    }
