from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render


def home(request):
    """Signed-in users start at their partnership's first district."""
    return redirect("places:district-profile", code=settings.EQUALCHANCE_DISTRICTS[0])


@login_not_required
def accessibility(request):
    return render(request, "frontend/accessibility.html")
