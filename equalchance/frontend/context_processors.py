from django.conf import settings


def partnership(request):
    return {
        "partnership_name": settings.EQUALCHANCE_PARTNERSHIP_NAME,
        "partnership_districts": settings.EQUALCHANCE_DISTRICTS,
    }
