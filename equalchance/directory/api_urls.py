"""Open Referral UK 3.0 endpoints, served under /api/oruk/. Every address answers the same with a
trailing slash (clients and the standard's own examples differ); /api/oruk itself is redirected to
/api/oruk/ by Django's APPEND_SLASH."""

from django.urls import path

from equalchance.directory import api

app_name = "oruk"


def both(route: str, view, name: str) -> list:
    """The route and the same route with a trailing slash, one name (reverse gives the last: no slash)."""
    return [path(route + "/", view, name=name), path(route, view, name=name)]


urlpatterns = [
    path("", api.root, name="root"),
    *both("openapi.json", api.openapi_document, "openapi"),
    *both("services", api.services, "services"),
    *both("services/<uuid:pk>", api.service, "service"),
    *both("organizations", api.organisations, "organizations"),
    *both("organizations/<uuid:pk>", api.organisation, "organization"),
    *both("taxonomies", api.taxonomies, "taxonomies"),
    *both("taxonomies/<uuid:pk>", api.taxonomy, "taxonomy"),
    *both("taxonomy_terms", api.taxonomy_terms, "taxonomy-terms"),
    *both("taxonomy_terms/<uuid:pk>", api.taxonomy_term, "taxonomy-term"),
    *both("service_at_locations", api.service_at_locations, "service-at-locations"),
    *both("service_at_locations/<uuid:pk>", api.service_at_location, "service-at-location"),
]
