"""Signed-in users who are not partnership staff (service providers who registered themselves) may
use only the directory and their account; every other page and API refuses them."""

from django.core.exceptions import PermissionDenied

from equalchance.accounts.permissions import user_can

# What anyone may read without signing in (public snapshots among them), a provider may too.
OPEN_TO_EVERY_USER = (
    "/directory/",
    "/accounts/",
    "/api/oruk/",
    "/accessibility/",
    "/static/",
    "/scorecards/public/",
    "/api/public/",
    # Plans decide for themselves (plans.selectors): public ones, and actions a partner's provider owns.
    "/plans/",
    "/api/plans/",  # the same, as JSON
    # Performance decides for itself (performance.selectors): published measures, and the measures a
    # partner's provider enters values for or approves.
    "/performance/",
    # Feedback forms are answered from their link by anyone; the team's pages decide for themselves
    # (performance.feedback_selectors): a programme's team, whatever their role.
    "/feedback/",
)

# The public front door, the robots file and sitemap, and "Your work" (which lists what each may open).
EVERY_USER_PAGES = {"/", "/start/", "/robots.txt", "/sitemap.xml"}


class PartnershipPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        user = request.user
        if (
            user.is_authenticated
            and not user_can(user, "partnership.view")
            and request.path not in EVERY_USER_PAGES
            and not request.path.startswith(OPEN_TO_EVERY_USER)
        ):
            raise PermissionDenied("This page is for the partnership's staff.")
        return None


# What a user who must set up a second factor may still open: signing out, setting one up (allauth may
# ask for their password again first), and the accessibility statement.
SET_UP_PAGES = {
    "accounts:sign-out",
    "account_logout",
    "account_reauthenticate",
    "mfa_index",
    "mfa_activate_totp",
    "mfa_add_webauthn",
    "mfa_list_webauthn",
    "mfa_reauthenticate",
    "mfa_reauthenticate_webauthn",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "accessibility",
}


class SecondFactorRequiredMiddleware:
    """A signed-in user whose role needs a second factor and who has none is sent to set one up, from
    every page but those above; the API answers 403 in JSON."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        from django.http import JsonResponse
        from django.shortcuts import redirect

        from equalchance.accounts import second_factor

        user = request.user
        if not user.is_authenticated or request.resolver_match.view_name in SET_UP_PAGES:
            return None
        if not second_factor.missing(user, request.session):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "Set up a second factor before you use Equal Chance."}, status=403)
        return redirect("mfa_index")
