from django.conf import settings

from equalchance.accounts import second_factor


def sign_in(request):
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        # A demo account exempt from the second factor its role needs: every page says so.
        "second_factor_switched_off": signed_in and second_factor.exempt(user),
        # Asked only by the pages that show it (a query).
        "second_factor_needed": lambda: signed_in and second_factor.missing(user, request.session),
        "single_sign_on_name": settings.OIDC_PROVIDER_NAME
        if settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]
        else "",
    }
