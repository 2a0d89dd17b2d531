"""Public pages that list the directory's services by type of support, need and area, without
searching: for people who would rather look than type, and for search engines. Reads come from
`browse` (which starts from the public selector); an unknown name or page is a 404."""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from equalchance.common.keys import whole_number
from equalchance.directory import browse

PER_PAGE = 20


@login_not_required
def index(request):
    counts = browse.service_counts()
    areas = [(d, [(w, counts.get(w.code, 0)) for w in browse.wards(d)]) for d in browse.districts()]
    return render(
        request,
        "directory/browse_index.html",
        {
            "categories": browse.support_categories(),
            "needs": browse.needs(),
            "areas": [(d, counts.get(d.code, 0), [w for w in wards if w[1]]) for d, wards in areas],
        },
    )


def _page(request, services):
    """The requested page of a list (?page=N, 1 when absent); anything else is a 404."""
    text = request.GET.get("page", "1")
    number = whole_number(text, digits=9)
    if number is None or text != str(number):
        raise Http404("No such page")
    try:
        return Paginator(services, PER_PAGE).page(number)
    except InvalidPage:
        raise Http404("No such page") from None


def _listing(request, *, heading: str, services, lead: str, breadcrumbs: list, more: list | None = None):
    return render(
        request,
        "directory/browse_list.html",
        {
            "heading": heading,
            "page": _page(request, services),
            "lead": lead,
            "breadcrumbs": breadcrumbs,
            "more": more or [],
        },
    )


@login_not_required
def category(request, slug):
    found = browse.support_category(slug)
    if found is None:
        raise Http404("No such type of support")
    crumbs = [("Browse services", reverse("browse:index"))]
    if found.parent:
        crumbs.append((found.parent.name, reverse("browse:category", args=[found.parent.slug])))
    return _listing(
        request,
        heading=found.name,
        services=browse.services_in(found),
        lead=f"Services in the directory offering {found.name.lower()}"
        + (f" (part of {found.parent.name.lower()})." if found.parent else "."),
        breadcrumbs=crumbs,
        more=[(c.name, reverse("browse:category", args=[c.slug])) for c in found.children],
    )


@login_not_required
def need(request, slug):
    found = browse.need(slug)
    if found is None:
        raise Http404("No such need")
    return _listing(
        request,
        heading=f"Support for {found.name.lower()}",
        services=browse.services_in(found),
        lead="Services that say they support children and young people with this special educational "
        "need or disability, from the Local Offer.",
        breadcrumbs=[("Browse services", reverse("browse:index"))],
    )


@login_not_required
def area(request, district, ward=None):
    place = browse.district(district)
    if place is None:
        raise Http404("No such area")
    crumbs = [("Browse services", reverse("browse:index"))]
    more = []
    if ward is not None:
        crumbs.append((place.name, reverse("browse:district", args=[place.slug])))
        place = browse.ward(place, ward)
        if place is None:
            raise Http404("No such ward")
    else:
        counts = browse.service_counts()
        more = [
            (w.name, reverse("browse:ward", args=[place.slug, w.slug]))
            for w in browse.wards(place)
            if counts.get(w.code)
        ]
    return _listing(
        request,
        heading=f"Services in {place.name}",
        services=browse.services_at(place),
        lead=f"Services held at a place in {place.name}"
        + (
            f", {place.district.name}."
            if place.district
            else ". Services offered online or by phone are not tied to an area: search for them instead."
        ),
        breadcrumbs=crumbs,
        more=more,
    )
