from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views import defaults

from equalchance.accounts.permissions import user_can


def home(request):
    """Partnership staff start at their first district; service providers at their directory entries."""
    if not user_can(request.user, "partnership.view"):
        return redirect("directory:manage")
    return redirect("places:district-profile", code=settings.EQUALCHANCE_DISTRICTS[0])


@login_not_required
def accessibility(request):
    return render(request, "frontend/accessibility.html")


def not_found(request, exception):
    """The API answers in JSON even for addresses it does not have; pages answer with a page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception, template_name="frontend/404.html")
