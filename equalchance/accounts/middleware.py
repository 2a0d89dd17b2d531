"""Signed-in users who are not partnership staff (service providers who registered themselves) may
use only the directory and their account; every other page and API refuses them."""

from django.core.exceptions import PermissionDenied

from equalchance.accounts.permissions import user_can

OPEN_TO_EVERY_USER = ("/directory/", "/accounts/", "/api/oruk/", "/accessibility/", "/static/")


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
            and request.path != "/"  # home sends each user to where they may go
            and not request.path.startswith(OPEN_TO_EVERY_USER)
        ):
            raise PermissionDenied("This page is for the partnership's staff.")
        return None
