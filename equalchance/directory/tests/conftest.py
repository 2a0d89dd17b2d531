"""Shared fixtures of the directory's tests: a small directory of real-postcode services to search."""

from datetime import date

import pytest

from equalchance.directory import postcodes
from equalchance.directory.importers.taxonomies import FAMILY_HUBS, SEND_NEEDS, taxonomies_load
from equalchance.directory.models import Location, Service, ServiceAtLocation, TaxonomyTerm
from equalchance.directory.search import search_index_refresh
from equalchance.directory.tests.factories import ServiceFactory

CHELMSLEY_WOOD = "B37 7UH"  # Chelmsley Wood, Solihull
COUNCIL_HOUSE = "B91 3QB"  # Solihull town centre, about 8 km south


@pytest.fixture
def moderator(user_with_role):
    """A signed-in directory moderator (with the second factor the role needs)."""
    from django.test import Client

    client = Client()
    client.force_login(user_with_role("moderator", username="mo"))
    return client


def make(name, description, *, postcode=None, terms=(), published=True, **fields) -> Service:
    service = ServiceFactory(
        organisation__name=f"{name} Trust", name=name, description=description, published=published, **fields
    )
    service.terms.set(terms)
    if postcode:
        place = postcodes.postcode_find(postcode)
        location = Location.objects.create(
            latitude=place.latitude, longitude=place.longitude, postcode=postcode
        )
        ServiceAtLocation.objects.create(service=service, location=location)
    return service


def names(results) -> list[str]:
    return [hit.service.name for hit in results.hits]


@pytest.fixture
def directory():
    taxonomies_load()
    term = {t.name: t for t in TaxonomyTerm.objects.filter(taxonomy__name__in=[FAMILY_HUBS, SEND_NEEDS])}
    made = {
        "swim": make(
            "Splash Swimming Club",
            "Swimming lessons for children in a friendly pool.",
            postcode=CHELMSLEY_WOOD,
            terms=[term["Autism"]],
            minimum_age=4,
            maximum_age=11,
            free=False,
            assured_date=date(2025, 1, 10),
        ),
        "play": make(
            "Stay and Play",
            "Play sessions for babies and toddlers with their parents.",
            postcode=COUNCIL_HOUSE,
            minimum_age=0,
            maximum_age=4,
            free=True,
            assured_date=date(2026, 6, 1),
        ),
        "counselling": make(
            "Young Minds Counselling",
            "Counselling for young people feeling anxious or low.",
            postcode=CHELMSLEY_WOOD,
            minimum_age=11,
            maximum_age=18,
            free=True,
        ),
        "hidden": make("Secret Swimming Draft", "Swimming lessons not yet approved.", published=False),
    }
    search_index_refresh()
    return made
