from django.conf import settings

from equalchance.indicators.synthetic import SYNTHETIC_NOTE


def partnership(request):
    return {
        "partnership_name": settings.EQUALCHANCE_PARTNERSHIP_NAME,
        "partnership_districts": settings.EQUALCHANCE_DISTRICTS,
        "synthetic_note": SYNTHETIC_NOTE,
    }
