"""A test-only URL configuration: the product's URLs plus views that refuse and that fail."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from equalchance.config.urls import urlpatterns as product_urls


def refuses(request):
    raise PermissionDenied("Not for you.")


def fails(request, name=None):
    raise RuntimeError("A real fault in the code")


urlpatterns = [
    path("test-refuses/", refuses, name="test-refuses"),
    path("test-fails/", fails, name="test-fails"),
    path("test-fails/<str:name>/", fails, name="test-fails-named"),
    *product_urls,
]
