"""Public directory pages: search and a service's page. No sign-in; published services only."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from equalchance.directory import search
from equalchance.directory.forms import SearchForm
from equalchance.directory.models import Service


@login_not_required
def directory_search(request):
    form = SearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        page = request.GET.get("page", "1")
        results = search.search(form.query(int(page) if page.isdigit() else 1))
        for name, message in results.problems.items():
            form.add_error(name, message)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "directory/search.html",
        {"form": form, "results": results, "query_string": query_string.urlencode()},
    )


@login_not_required
def service_detail(request, pk):
    service = get_object_or_404(
        Service.objects.filter(published=True)
        .select_related("organisation")
        .prefetch_related("terms__taxonomy", "service_at_locations__location"),
        pk=pk,
    )
    return render(
        request,
        "directory/service_detail.html",
        {
            "service": service,
            "locations": [link.location for link in service.service_at_locations.all()],
            "shortlisted": str(service.pk) in request.session.get(SHORTLIST, []),
        },
    )


SHORTLIST = "directory_shortlist"
SHORTLIST_MAX = 50


def _ids(values) -> list[str]:
    ids = []
    for value in values:
        try:
            ids.append(str(uuid.UUID(value)))
        except ValueError:
            continue
    return list(dict.fromkeys(ids))[:SHORTLIST_MAX]


@login_not_required
@require_POST
def shortlist_change(request):
    """Add a service to, or remove it from, this browser's shortlist (kept in the session)."""
    chosen = _ids([request.POST.get("service", "")])
    shortlist = request.session.get(SHORTLIST, [])
    if chosen and Service.objects.filter(pk=chosen[0], published=True).exists():
        if request.POST.get("action") == "remove":
            shortlist = [i for i in shortlist if i != chosen[0]]
            messages.success(request, "Removed from your shortlist")
        elif chosen[0] not in shortlist and len(shortlist) < SHORTLIST_MAX:
            shortlist.append(chosen[0])
            messages.success(request, "Added to your shortlist")
        request.session[SHORTLIST] = shortlist
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    return redirect(back or "directory:shortlist")


@login_not_required
def shortlist(request):
    """This browser's shortlist, or a shared one (?ids=...), to print or pass on."""
    shared = "ids" in request.GET
    ids = _ids(request.GET.get("ids", "").split(",")) if shared else request.session.get(SHORTLIST, [])
    found = Service.objects.filter(published=True).select_related("organisation").in_bulk(ids)
    services = [found[uuid.UUID(i)] for i in ids if uuid.UUID(i) in found]
    share = request.build_absolute_uri(f"?ids={','.join(str(s.pk) for s in services)}") if services else ""
    return render(
        request, "directory/shortlist.html", {"services": services, "shared": shared, "share_link": share}
    )
