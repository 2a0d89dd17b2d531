from django.conf import settings

from equalchance.accounts.permissions import user_can
from equalchance.accounts.selectors import organisations_of
from equalchance.indicators.synthetic import SYNTHETIC_NOTE


def partnership(request):
    return {
        "partnership_name": settings.EQUALCHANCE_PARTNERSHIP_NAME,
        "partnership_districts": settings.EQUALCHANCE_DISTRICTS,
        "synthetic_note": SYNTHETIC_NOTE,
        "sees_partnership": user_can(request.user, "partnership.view"),
        "sees_places": user_can(request.user, "places.view"),
        "sees_scorecards": user_can(request.user, "scorecards.view"),
        "sees_indicators": user_can(request.user, "indicators.view"),
        "moderates_directory": user_can(request.user, "directory.moderate"),
        "reads_audit": user_can(request.user, "audit.view"),
        "user_organisations": organisations_of(user=request.user).values_list("name", flat=True),
    }
