"""Open Referral UK 3.0 endpoints, served under /api/oruk/."""

from django.urls import path

from equalchance.directory import api

app_name = "oruk"

urlpatterns = [
    path("", api.root, name="root"),
    path("openapi.json", api.openapi_document, name="openapi"),
    path("services", api.services, name="services"),
    path("services/<uuid:pk>", api.service, name="service"),
    path("organizations", api.organisations, name="organizations"),
    path("organizations/<uuid:pk>", api.organisation, name="organization"),
    path("taxonomies", api.taxonomies, name="taxonomies"),
    path("taxonomies/<uuid:pk>", api.taxonomy, name="taxonomy"),
    path("taxonomy_terms", api.taxonomy_terms, name="taxonomy-terms"),
    path("taxonomy_terms/<uuid:pk>", api.taxonomy_term, name="taxonomy-term"),
    path("service_at_locations", api.service_at_locations, name="service-at-locations"),
    path("service_at_locations/<uuid:pk>", api.service_at_location, name="service-at-location"),
]
