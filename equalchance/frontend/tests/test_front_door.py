"""The public front door (/), "Your work" for signed-in users, and what search engines are given: the
sitemap, robots.txt, canonical addresses and titles."""

import re
from datetime import date

import pytest

from equalchance.accounts.tests.factories import UserFactory
from equalchance.directory.tests.factories import ServiceFactory
from equalchance.places.models import Area
from equalchance.scorecards.publishing import snapshot_publish
from equalchance.scorecards.services import scorecard_create_default

pytestmark = pytest.mark.django_db
SOLIHULL = "E08000029"


def hrefs(response) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', response.content.decode()))


@pytest.fixture
def snapshots(system):
    """A public and a private published scorecard."""
    analyst = UserFactory(username="publisher", role="analyst")
    scorecard = scorecard_create_default(district=Area.objects.get(code=SOLIHULL), by=system)
    made = {}
    for title, public in [("Spring for everyone", True), ("Spring for the board only", False)]:
        made[public] = snapshot_publish(
            scorecard=scorecard,
            title=title,
            as_at=date(2026, 3, 31),
            commentary={},
            public=public,
            by=analyst,
        )
    return made


def test_the_home_page_is_public_and_leads_to_support_scorecards_and_sign_in(client, snapshots):
    response = client.get("/")
    assert response.status_code == 200
    links = hrefs(response)
    assert {"/directory/", "/directory/browse/", "/accounts/sign-in/"} <= links
    assert f"/scorecards/public/{snapshots[True].pk}/" in links
    html = response.content.decode()
    assert "Spring for everyone" in html
    assert (
        "Spring for the board only" not in html and f"/scorecards/public/{snapshots[False].pk}/" not in links
    )
    # a search box that needs no JavaScript: a plain GET to the directory
    assert re.search(r'<form method="get" action="/directory/"[^>]*>', html) and 'name="q"' in html


def test_the_search_box_on_the_home_page_finds_services(client):
    response = client.get("/directory/", {"q": "anything"})
    assert response.status_code == 200 and "result-count" in response.content.decode()


def test_the_home_page_says_so_when_nothing_is_published(client):
    html = client.get("/").content.decode()
    assert "No scorecards have been published yet." in html


@pytest.mark.parametrize(
    "path", ["/", "/directory/", "/directory/browse/", "/accessibility/", "/no-such-page/"]
)
def test_the_header_on_public_pages_leads_to_the_front_door_not_to_sign_in(client, path):
    html = client.get(path).content.decode()
    assert '<a href="/" class="govuk-header__link govuk-header__link--homepage">' in html
    assert '<a href="/" class="govuk-header__link govuk-header__service-name">' in html


def test_the_header_on_a_service_page_leads_to_the_front_door(client):
    service = ServiceFactory(name="Stay and play")
    html = client.get(f"/directory/services/{service.pk}/").content.decode()
    assert '<a href="/" class="govuk-header__link govuk-header__link--homepage">' in html


def test_signed_in_staff_reach_their_work_from_the_front_door(client, user_with_role):
    client.force_login(user_with_role("analyst"))
    response = client.get("/")
    assert response.status_code == 200
    assert "/start/" in hrefs(response) and "/accounts/sign-in/" not in hrefs(response)
    work = client.get("/start/")
    assert work.status_code == 200
    assert {f"/places/districts/{SOLIHULL}/", "/places/priority-areas/", "/scorecards/"} <= hrefs(work)


def test_your_work_offers_a_role_only_what_it_may_open(client, user_with_role):
    client.force_login(user_with_role("moderator"))
    links = hrefs(client.get("/start/"))
    assert {"/directory/moderation/", "/directory/moderation/currency/"} <= links
    assert "/scorecards/" not in links and f"/places/districts/{SOLIHULL}/" not in links
    assert "/audit/" not in links and "/admin/" not in links


def test_a_service_provider_opens_the_front_door_and_their_work(client, user_with_role):
    client.force_login(user_with_role("provider"))
    assert client.get("/").status_code == 200
    links = hrefs(client.get("/start/"))
    assert "/directory/entries/" in links and "/scorecards/" not in links
    assert client.get("/scorecards/").status_code == 403  # still only the directory


def test_signing_in_leads_to_your_work(client):
    UserFactory(username="ana", role="analyst", password="a long enough password")
    response = client.post("/accounts/sign-in/", {"login": "ana", "password": "a long enough password"})
    assert response.status_code == 302 and response["Location"] == "/start/"


def test_the_staff_navigation_keeps_to_ten_items_for_the_role_that_sees_most(client, user_with_role):
    client.force_login(user_with_role("administrator", is_staff=True, is_superuser=True))
    html = client.get("/start/").content.decode()
    items = re.findall(r'class="govuk-service-navigation__item[^"]*"', html)
    assert len(items) == 10  # measured in tests/browser/test_front_door.py to fit one row at 1,280 pixels
    assert 'aria-controls="navigation" hidden>Menu</button>' in html  # shown by JavaScript on a phone


def test_the_sitemap_lists_public_pages_and_nothing_private(client, snapshots):
    public = ServiceFactory(name="Open group")
    private = ServiceFactory(name="Unapproved group", published=False)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    xml = response.content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert "http://testserver/" in locations and "http://testserver/directory/" in locations
    assert f"http://testserver/directory/services/{public.pk}/" in locations
    assert f"http://testserver/directory/services/{private.pk}/" not in locations
    assert f"http://testserver/scorecards/public/{snapshots[True].pk}/" in locations
    assert f"http://testserver/scorecards/public/{snapshots[False].pk}/" not in locations
    staff = ("/places/", "/scorecards/1", "/indicators/", "/accounts/", "/admin/", "/audit/", "/start/")
    assert not [loc for loc in locations if loc.removeprefix("http://testserver").startswith(staff)]
    assert len(locations) == len(set(locations))


def test_the_sitemap_lists_browse_pages_that_have_services(client):
    from equalchance.directory.importers.taxonomies import FAMILY_HUBS, taxonomies_load
    from equalchance.directory.models import Location, ServiceAtLocation, TaxonomyTerm

    taxonomies_load()
    service = ServiceFactory(name="Health visiting drop-in")
    service.terms.add(TaxonomyTerm.objects.get(taxonomy__name=FAMILY_HUBS, name="Health visiting"))
    location = Location.objects.create(postcode="B37 7UH")
    ServiceAtLocation.objects.create(service=service, location=location)
    locations = re.findall(r"<loc>([^<]+)</loc>", client.get("/sitemap.xml").content.decode())
    for path in [
        "/directory/browse/support/health-visiting/",
        "/directory/browse/support/pregnancy-birth-and-early-years/",
        "/directory/browse/areas/solihull/",
        "/directory/browse/areas/solihull/chelmsley-wood/",
    ]:
        assert f"http://testserver{path}" in locations, path
    assert "http://testserver/directory/browse/support/transport/" not in locations  # nothing there


def test_robots_txt_points_at_the_sitemap_and_keeps_out_of_staff_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    for path in ["/places/", "/accounts/", "/admin/", "/audit/", "/directory/moderation/", "/start/"]:
        assert f"Disallow: {path}" in lines
    assert "Allow: /scorecards/public/" in lines
    assert "Disallow: /" not in lines and "Disallow: /directory/" not in lines


def test_public_pages_name_their_canonical_address_and_staff_pages_do_not(client, user_with_role):
    service = ServiceFactory(name="Stay and play")
    assert '<link rel="canonical" href="http://testserver/">' in client.get("/?from=leaflet").content.decode()
    html = client.get(f"/directory/services/{service.pk}/").content.decode()
    assert f'<link rel="canonical" href="http://testserver/directory/services/{service.pk}/">' in html
    client.force_login(user_with_role("analyst"))
    assert 'rel="canonical"' not in client.get("/start/").content.decode()


def test_public_directory_pages_are_titled_as_part_of_find_support(client):
    service = ServiceFactory(name="Speech and language support")
    html = client.get(f"/directory/services/{service.pk}/").content.decode()
    assert "<title>Speech and language support – Find support – Equal Chance" in html
    home = client.get("/").content.decode()
    assert re.search(r"<title>[^<]*find support[^<]*– Equal Chance</title>", home)


@pytest.mark.parametrize(
    "role", ["administrator", "analyst", "viewer", "plan_editor", "moderator", "provider"]
)
def test_every_link_on_your_work_opens_for_the_role_it_is_shown_to(client, user_with_role, role):
    client.force_login(user_with_role(role))
    links = {link for link in hrefs(client.get("/start/")) if link.startswith("/") and "sign-out" not in link}
    assert links
    for link in sorted(links):
        assert client.get(link).status_code == 200, link
    if role in ("analyst", "viewer", "plan_editor"):
        assert {"/plans/", "/performance/", "/performance/approvals/"} <= links


def test_the_public_reaches_the_programmes_report_cards_from_the_menu(client):
    """Probe finding: nothing on the home page or the public menu led to the published report cards."""
    from django.urls import reverse

    home = client.get("/").content.decode()
    assert f'href="{reverse("performance:programmes")}">How services are doing</a>' in home
    listing = client.get(reverse("performance:programmes")).content.decode()
    assert (
        'aria-current="page"><strong class="govuk-service-navigation__active-fallback">How services are doing'
        in listing
    )


def test_the_exception_report_on_your_work_is_the_one_with_measures(client, user_with_role):
    """Outside probe: "Exception report" led to the plans' page of that title, which lists no measures."""
    client.force_login(user_with_role("analyst"))
    links = hrefs(client.get("/start/"))
    assert "/performance/exceptions/" in links and "/plans/exceptions/" not in links
    page = client.get("/plans/exceptions/").content.decode()
    assert '<h1 class="govuk-heading-l">Actions and objectives needing attention' in page
    assert 'href="/performance/exceptions/">The exception report</a>' in page
