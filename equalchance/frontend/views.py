from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views import defaults
from django.views.decorators.http import require_safe

from equalchance.accounts.permissions import user_can
from equalchance.audit.actions import Action
from equalchance.audit.services import audit_refusal_record
from equalchance.common import request_context
from equalchance.directory import browse
from equalchance.performance.feedback_selectors import uses_feedback_pages
from equalchance.scorecards.selectors import public_snapshots, snapshot_data_up_to

PUBLISHED_ON_HOME = 10


@login_not_required
def home(request):
    """The public front door: find support in the directory, read the scorecards the partnership has
    published, and sign in (or, signed in, go to your work)."""
    snapshots = list(public_snapshots()[: PUBLISHED_ON_HOME + 1])
    for snapshot in snapshots:  # the end of the latest period held, never the year asked for
        snapshot.data_up_to = snapshot_data_up_to(snapshot)
    return render(
        request,
        "frontend/home.html",
        {
            "categories": browse.support_categories(),
            "snapshots": snapshots[:PUBLISHED_ON_HOME],
            "more_snapshots": len(snapshots) > PUBLISHED_ON_HOME,
        },
    )


def start(request):
    """Your work: what a signed-in user may open, by what their role allows (the navigation keeps to one
    row and leaves the rest here)."""
    return render(
        request,
        "frontend/start.html",
        {
            "starts_background_work": user_can(request.user, "scorecards.view")
            or user_can(request.user, "directory.moderate"),
            "manages_priority_areas": user_can(request.user, "priority_areas.manage"),
            "uses_feedback": uses_feedback_pages(request.user),
        },
    )


@login_not_required
def accessibility(request):
    return render(request, "frontend/accessibility.html")


# Staff pages search engines should leave alone (they send visitors to sign in anyway).
ROBOTS_DISALLOW = [
    "/start/",
    "/accounts/",
    "/admin/",
    "/api/",
    "/audit/",
    "/background/",
    "/places/",
    "/indicators/",
    "/scorecards/",
    "/directory/entries/",
    "/directory/moderation/",
    "/directory/referrals/",
    "/directory/services/*/refer/",
    "/directory/shortlist/",
]


@login_not_required
@require_safe
def robots_txt(request):
    lines = ["User-agent: *", "Allow: /scorecards/public/"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOW]
    lines += ["", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@login_not_required
@require_safe
def sitemap(request):
    """Every public page worth finding: the front door, the directory's search, browse pages with
    services, public services and public scorecard snapshots. Nothing private or for staff."""
    entries = browse.sitemap_entries()
    urls = [(reverse("home"), None), (reverse("directory:search"), None), (reverse("browse:index"), None)]
    urls += [(reverse("browse:category", args=[c.slug]), None) for c in entries["categories"]]
    urls += [(reverse("browse:need", args=[n.slug]), None) for n in entries["needs"]]
    for area in entries["areas"]:
        if area.district:
            urls.append((reverse("browse:ward", args=[area.district.slug, area.slug]), None))
        else:
            urls.append((reverse("browse:district", args=[area.slug]), None))
    urls += [(reverse("directory:service", args=[pk]), changed) for pk, changed in entries["services"]]
    urls += [
        (reverse("scorecards:public-snapshot", args=[pk]), published)
        for pk, published in public_snapshots().values_list("pk", "published_at")
    ]
    urls.append((reverse("accessibility"), None))
    return render(
        request,
        "frontend/sitemap.xml",
        {"urls": [(request.build_absolute_uri(path), changed) for path, changed in urls]},
        content_type="application/xml; charset=utf-8",
    )


def _api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception):
    """The API answers in JSON even for addresses it does not have; pages answer with a page."""
    if _api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception, template_name="frontend/404.html")


def refused(request, exception=None):
    """A refusal (403): recorded in the audit trail for a signed-in user, unless the selector that
    refused it recorded it already with the record it was about; a page, or JSON for the API."""
    user = request.user
    if getattr(user, "is_authenticated", False) and not request_context.refusal_recorded():
        match = request.resolver_match
        audit_refusal_record(
            actor=user,
            action=Action.ACCESS_REFUSED,
            object_type="page",
            object_id=(match.view_name if match else "")[:64],
        )
    if _api(request):
        return JsonResponse({"detail": "You do not have permission to perform this action."}, status=403)
    return render(request, "frontend/403.html", status=403)


def server_error(request):
    """500: a page from a template that needs neither the database nor the request (whatever broke
    may be either), or JSON for the API."""
    if _api(request):
        return JsonResponse({"detail": "There is a problem with the service."}, status=500)
    page = loader.get_template("frontend/500.html").render(
        {"partnership_name": settings.EQUALCHANCE_PARTNERSHIP_NAME}
    )
    return HttpResponseServerError(page)


@login_not_required
def csrf_failure(request, reason=""):
    """A form sent without its security token (an old page, cookies blocked): say what to do. The reason
    Django gives is for developers and is not shown."""
    return render(request, "frontend/csrf_failure.html", status=403)
