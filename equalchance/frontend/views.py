from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views import defaults

from equalchance.accounts.permissions import user_can
from equalchance.audit.actions import Action
from equalchance.audit.services import audit_refusal_record
from equalchance.common import request_context


def home(request):
    """Partnership staff start at their first district, directory moderators at the moderation queue,
    service providers at their directory entries."""
    if user_can(request.user, "places.view"):
        return redirect("places:district-profile", code=settings.EQUALCHANCE_DISTRICTS[0])
    if user_can(request.user, "directory.moderate"):
        return redirect("directory:moderation")
    return redirect("directory:manage")


@login_not_required
def accessibility(request):
    return render(request, "frontend/accessibility.html")


def not_found(request, exception):
    """The API answers in JSON even for addresses it does not have; pages answer with a page."""
    if request.path.startswith("/api/"):
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
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "You do not have permission to perform this action."}, status=403)
    return render(request, "frontend/403.html", status=403)
