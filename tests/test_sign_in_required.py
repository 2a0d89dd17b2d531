"""Every page requires sign-in except an explicit public allow-list (checked over every URL)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from equalchance.accounts.tests.factories import UserFactory
from equalchance.places.models import Area, PriorityArea

# Names of the only URLs an anonymous visitor may open.
PUBLIC = {
    # The front door, and what search engines read.
    "home",
    "robots",
    "sitemap",
    "accounts:sign-in",
    "accounts:verify-email",  # the e-mailed link works before signing in
    # (admin:login is not public: it sends everyone to accounts:sign-in, the one door.)
    # allauth's pages for signing in: the same sign-in page under allauth's name, a password reset by
    # e-mail, an inactive account, a closed sign-up, and single sign-on's way out and back.
    "account_login",
    "account_inactive",
    "account_signup",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "socialaccount_login_cancelled",
    "openid_connect_login",
    "openid_connect_callback",
    "accessibility",
    # Plans, their elements and actions: public ones for everyone, the rest for those who may see them.
    "plans:list",
    "plans:plan",
    "plans:element",
    "plans:area-baseline",
    "plans:area-map",
    "plans:action",
    "plans:bodies",
    "plans:body",
    "plans:body-calendar",
    "plans:meeting",
    "plans:meeting-calendar",
    "plans:exceptions",
    "plans:reports",
    "plans:report",
    "plans:report-download",
    # Performance measures: published ones for everyone, the rest for those who may see them.
    "performance:list",
    "performance:measure",
    "performance:exceptions",
    "performance:card",
    "performance:card-pdf",
    "performance:card-file",
    "performance:programmes",
    "performance:programme-card",
    "performance:programme-card-file",
    "performance:results",  # population results linked to what the reader may see (selectors decide)
    # A feedback form's link: answered without signing in (nothing about who answered is kept).
    "feedback:answer",
    "feedback:thanks",
    "scorecards:public-snapshot",
    "api:public-snapshot",
    # The plans JSON API: the same, as the pages (public ones for everyone; plans.selectors decide).
    "api:plans",
    "api:plan",
    "api:plan-action",
    "api:plan-boards",
    "api:plan-board",
    "api:plan-meeting",
    # The directory is for the public: its search and published services.
    "directory:search",
    "directory:service",
    "directory:shortlist",
    "directory:shortlist-change",
    "directory:register",
    "directory:local-offer-feedback",
    "directory:report-problem",
    "directory:local-offer-comments",
    # Browsing the directory's public services by type of support, need and area.
    "browse:index",
    "browse:category",
    "browse:need",
    "browse:district",
    "browse:ward",
    # The Open Referral UK feed is open data: anyone may read published directory entries.
    "oruk:root",
    "oruk:openapi",
    "oruk:services",
    "oruk:service",
    "oruk:organizations",
    "oruk:organization",
    "oruk:taxonomies",
    "oruk:taxonomy",
    "oruk:taxonomy-terms",
    "oruk:taxonomy-term",
    "oruk:service-at-locations",
    "oruk:service-at-location",
}

REGEX_SAMPLES = {"pk": "1", "snapshot_pk": "1", "file_format": "csv"}
SAMPLE_ARGUMENTS = {
    "code": "E08000029",
    "pk": None,
    "object_id": "1",
    "app_label": "places",
    "model_name": "area",
    "content_type_id": "1",
    "url": "x",
    "user_id": "1",
    "id": "1",
}


def all_patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from all_patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}" if entry.name else None


def example_path(route: str, pk: int) -> str:
    import re

    def fill(match):
        name = match.group(2)
        if match.group(1) == "uuid":
            return "00000000-0000-4000-8000-000000000001"
        return str(pk) if name == "pk" else SAMPLE_ARGUMENTS.get(name, "1")

    # regular-expression routes: named groups take a sample value by name; anchors and escapes go
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: REGEX_SAMPLES.get(m.group(1), "places"), route)
    path = re.sub(r"<(?:(\w+):)?(\w+)>", fill, path)
    return "/" + re.sub(r"[\^\$]", "", path).replace("\\", "")


@pytest.mark.django_db
def test_every_url_outside_the_allow_list_sends_anonymous_visitors_to_sign_in(client):
    owner = UserFactory(username="owner")
    area = PriorityArea.objects.create(
        name="P", district=Area.objects.get(code="E08000029"), created_by=owner
    )
    checked = 0
    for route, name in all_patterns():
        path = example_path(route, area.pk)
        response = client.get(path)
        if name in PUBLIC:  # open to all: 200, or 404 where the example id does not exist
            assert response.status_code in (200, 400, 404, 405), (
                f"{name} ({path}) should be public"
            )  # 400: a made-up token; 405: POST only
            continue
        if name and name.startswith("api:"):  # the API refuses in JSON rather than redirecting
            assert response.status_code == 403, f"{name} ({path}) answered {response.status_code} anonymously"
            checked += 1
            continue
        assert response.status_code in (301, 302), (
            f"{name} ({path}) answered {response.status_code} anonymously"
        )
        location = response["Location"]
        assert "/accounts/sign-in/" in location or "/admin/login/" in location, (
            f"{name} ({path}) -> {location}"
        )
        checked += 1
    assert checked > 20  # admin and product pages were all reached


@pytest.mark.django_db
def test_the_public_allow_list_is_only_what_is_named(client):
    for route, name in all_patterns():
        if name in PUBLIC:
            assert client.get(example_path(route, 1)).status_code in (200, 400, 404, 405)
