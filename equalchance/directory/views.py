"""Public directory pages: search and a service's page. No sign-in; published services only."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render

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
        {"service": service, "locations": [link.location for link in service.service_at_locations.all()]},
    )
