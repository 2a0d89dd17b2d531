"""Browsing the directory without searching: a page per type of support, per SEND need and per area,
listing only public services (the one selector decides), paged, with 404s for anything unknown."""

import re

import pytest

from equalchance.directory.importers.taxonomies import FAMILY_HUBS, SEND_NEEDS, taxonomies_load
from equalchance.directory.models import Location, Service, ServiceAtLocation, TaxonomyTerm
from equalchance.directory.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

# Real postcodes of the shipped OS Code-Point Open file (2018 wards).
CHELMSLEY_WOOD = "B37 7UH"  # Solihull, Chelmsley Wood ward
SHIRLEY_WEST = "B14 4LJ"  # Solihull, Shirley West ward
ROTHERHAM = "S60 1AA"  # Rotherham: not one of the partnership's districts by default


def term(taxonomy: str, name: str) -> TaxonomyTerm:
    return TaxonomyTerm.objects.get(taxonomy__name=taxonomy, name=name)


def at(service: Service, postcode: str) -> Service:
    location = Location.objects.create(name=f"Place of {service.name}", postcode=postcode)
    ServiceAtLocation.objects.create(service=service, location=location)
    return service


@pytest.fixture
def directory():
    """Public services tagged and placed, and the same tags and places on entries the public must not
    see: one waiting for a moderator (unpublished) and one no longer running (defunct)."""
    taxonomies_load()
    speech = term(FAMILY_HUBS, "Speech, language and communication needs")
    autism = term(SEND_NEEDS, "Autism")
    made = {}
    for name, published, status in [
        ("Chatterbox speech group", True, Service.Status.ACTIVE),
        ("Talking together", True, Service.Status.TEMPORARILY_CLOSED),
        ("Secret speech clinic", False, Service.Status.ACTIVE),
        ("Closed speech cafe", True, Service.Status.DEFUNCT),
    ]:
        service = ServiceFactory(name=name, published=published, status=status)
        service.terms.add(speech, autism)
        made[name] = at(service, CHELMSLEY_WOOD)
    made["Shirley stay and play"] = at(ServiceFactory(name="Shirley stay and play"), SHIRLEY_WEST)
    return made


def names(response) -> list[str]:
    return re.findall(r'href="/directory/services/[0-9a-f-]+/">([^<]+)</a>', response.content.decode())


def test_a_type_of_support_lists_its_public_services_and_never_a_private_or_closed_one(client, directory):
    response = client.get("/directory/browse/support/speech-language-and-communication-needs/")
    assert response.status_code == 200
    assert names(response) == ["Chatterbox speech group", "Talking together"]
    html = response.content.decode()
    assert "Secret speech clinic" not in html and "Closed speech cafe" not in html
    service = directory["Chatterbox speech group"]
    assert f'href="/directory/services/{service.pk}/"' in html


def test_a_top_level_type_of_support_lists_the_services_of_the_types_under_it(client, directory):
    response = client.get("/directory/browse/support/special-educational-needs-and-disabilities-send/")
    assert names(response) == ["Chatterbox speech group", "Talking together"]
    # ...and offers the types under it to narrow down
    assert (
        'href="/directory/browse/support/speech-language-and-communication-needs/"'
        in response.content.decode()
    )


def test_a_send_need_of_the_local_offer_lists_its_public_services(client, directory):
    response = client.get("/directory/browse/needs/autism/")
    assert response.status_code == 200
    assert names(response) == ["Chatterbox speech group", "Talking together"]


def test_an_area_lists_the_public_services_held_there(client, directory):
    district = client.get("/directory/browse/areas/solihull/")
    assert names(district) == ["Chatterbox speech group", "Shirley stay and play", "Talking together"]
    assert 'href="/directory/browse/areas/solihull/chelmsley-wood/"' in district.content.decode()
    ward = client.get("/directory/browse/areas/solihull/chelmsley-wood/")
    assert ward.status_code == 200
    assert names(ward) == ["Chatterbox speech group", "Talking together"]
    assert names(client.get("/directory/browse/areas/solihull/shirley-west/")) == ["Shirley stay and play"]


def test_a_postcode_written_without_its_space_still_places_a_service(client, directory):
    at(ServiceFactory(name="Squashed postcode group"), "b377uh")
    assert "Squashed postcode group" in names(client.get("/directory/browse/areas/solihull/chelmsley-wood/"))


def test_the_browse_index_offers_every_type_need_and_area_with_counts(client, directory):
    response = client.get("/directory/browse/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/directory/browse/support/health/"' in html
    assert 'href="/directory/browse/needs/autism/"' in html
    assert re.search(
        r'href="/directory/browse/areas/solihull/">Solihull</a>\s*<span[^>]*>\(3 services\)', html
    )
    assert re.search(
        r'href="/directory/browse/areas/solihull/chelmsley-wood/">Chelmsley Wood</a> \(2\)', html
    )


def test_browse_pages_are_paged_twenty_at_a_time(client, directory):
    health = term(FAMILY_HUBS, "Health")
    for n in range(45):
        ServiceFactory(name=f"Health service {n:02}").terms.add(health)
    first = client.get("/directory/browse/support/health/")
    assert len(names(first)) == 20 and names(first)[0] == "Health service 00"
    assert "45 services" in first.content.decode()
    assert 'href="?page=2" rel="next"' in first.content.decode()
    third = client.get("/directory/browse/support/health/?page=3")
    assert names(third) == [f"Health service {n}" for n in range(40, 45)]
    assert "<title>Health (page 3 of 3) – Find support – Equal Chance" in third.content.decode()


@pytest.mark.parametrize("page", ["4", "0", "-1", "two", "1.5", "", "01", "9" * 30, "²", "9" * 5000])
def test_a_page_that_does_not_exist_is_not_found(client, directory, page):
    health = term(FAMILY_HUBS, "Health")
    for n in range(45):
        ServiceFactory(name=f"Health service {n:02}").terms.add(health)
    response = client.get(f"/directory/browse/support/health/?page={page}")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/directory/browse/support/no-such-support/",
        "/directory/browse/needs/no-such-need/",
        "/directory/browse/areas/no-such-place/",
        "/directory/browse/areas/solihull/no-such-ward/",
        "/directory/browse/areas/rotherham/",  # held in the postcode file, not in the partnership
        "/directory/browse/areas/rotherham/boston-castle/",
        "/directory/browse/areas/bristol/",
    ],
)
def test_an_unknown_type_need_or_area_is_not_found(client, directory, path):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'rel="canonical"' not in html and '<meta name="robots" content="noindex">' in html


def test_an_empty_category_says_so_rather_than_failing(client, directory):
    response = client.get("/directory/browse/support/transport/")
    assert response.status_code == 200
    assert names(response) == [] and "There are no services listed here yet" in response.content.decode()


def test_a_service_outside_the_partnership_is_in_no_area(client, directory):
    at(ServiceFactory(name="Rotherham group"), ROTHERHAM)
    assert "Rotherham group" not in names(client.get("/directory/browse/areas/solihull/"))


def test_browse_pages_have_their_own_titles_and_canonical_addresses(client, directory):
    pages = {
        "/directory/browse/": "Browse services by type of support, need or area – Find support",
        "/directory/browse/support/speech-language-and-communication-needs/": (
            "Speech, language and communication needs – Find support"
        ),
        "/directory/browse/needs/autism/": "Support for autism – Find support",
        "/directory/browse/areas/solihull/chelmsley-wood/": "Services in Chelmsley Wood – Find support",
    }
    titles = set()
    for path, title in pages.items():
        html = client.get(path + "?utm_source=leaflet").content.decode()
        [found] = re.findall(r"<title>([^<]+)</title>", html)
        assert found.startswith(f"{title} – Equal Chance")
        titles.add(found)
        assert f'<link rel="canonical" href="http://testserver{path}">' in html
    assert len(titles) == len(pages)


def test_a_later_page_is_its_own_canonical_page(client, directory):
    health = term(FAMILY_HUBS, "Health")
    for n in range(25):
        ServiceFactory(name=f"Health service {n:02}").terms.add(health)
    html = client.get("/directory/browse/support/health/?page=2").content.decode()
    assert '<link rel="canonical" href="http://testserver/directory/browse/support/health/?page=2">' in html
