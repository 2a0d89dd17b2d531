"""Searching the directory behaves the same on SQLite (FTS5) and PostgreSQL (text search): these tests
run on both. Words are stemmed and all must match; typos are corrected to words in the directory;
filters combine; distance comes from real postcode centroids; unpublished entries never show."""

import pytest
from django.test import Client

from equalchance.accounts.services import system_actor
from equalchance.directory import postcodes
from equalchance.directory.importers.taxonomies import FAMILY_HUBS, SEND_NEEDS
from equalchance.directory.models import Location, Service, TaxonomyTerm
from equalchance.directory.search import Query, search, search_index_refresh
from equalchance.directory.tests.conftest import CHELMSLEY_WOOD, make, names

pytestmark = pytest.mark.django_db


def test_words_are_stemmed_and_every_word_must_match(directory):
    assert names(search(Query(words="swim"))) == ["Splash Swimming Club"]  # swimming -> swim
    assert names(search(Query(words="counselling anxious"))) == ["Young Minds Counselling"]
    assert names(search(Query(words="counselling toddlers"))) == []
    assert set(names(search(Query(words="the for with")))) == {
        "Splash Swimming Club",
        "Stay and Play",
        "Young Minds Counselling",
    }


def test_a_typo_is_corrected_to_a_word_in_the_directory(directory):
    assert names(search(Query(words="counseling"))) == ["Young Minds Counselling"]  # both stem to counsel
    results = search(Query(words="toddlrs"))
    assert names(results) == ["Stay and Play"] and results.showing_for == "toddlers"
    assert search(Query(words="xqzv")).total == 0


def test_unpublished_services_never_show(directory):
    assert "Secret Swimming Draft" not in names(search(Query(words="swimming")))
    assert "Secret Swimming Draft" not in names(search(Query()))


def test_filters_combine(directory):
    assert names(search(Query(age=3))) == ["Stay and Play"]
    assert names(search(Query(age=11, free=True))) == ["Young Minds Counselling"]
    autism = TaxonomyTerm.objects.get(taxonomy__name=SEND_NEEDS, name="Autism")
    assert names(search(Query(need=autism.id))) == ["Splash Swimming Club"]
    assert names(search(Query(words="lessons", need=autism.id, age=20))) == []


def test_near_a_postcode_by_real_distance(directory):
    near = search(Query(postcode="b377uh", within_km=2, sort="distance"))
    assert near.place.postcode == CHELMSLEY_WOOD
    assert set(names(near)) == {"Splash Swimming Club", "Young Minds Counselling"}
    assert all(hit.distance_km < 0.01 for hit in near.hits)
    wide = search(Query(postcode=CHELMSLEY_WOOD, within_km=25, sort="distance"))
    assert names(wide)[-1] == "Stay and Play" and 5 < wide.hits[-1].distance_km < 15


def test_a_postcode_we_cannot_place_is_explained(directory):
    assert "real postcode" in search(Query(postcode="not one")).problems["postcode"]
    assert "Solihull, Rotherham and Redditch" in search(Query(postcode="SW1A 1AA")).problems["postcode"]


def test_sorting_and_paging(directory):
    assert names(search(Query(sort="name"))) == [
        "Splash Swimming Club",
        "Stay and Play",
        "Young Minds Counselling",
    ]
    assert names(search(Query(sort="checked")))[:2] == ["Stay and Play", "Splash Swimming Club"]
    for i in range(25):
        make(f"Holiday club {i:02d}", "Holiday activities and food.")
    search_index_refresh()
    first, second = search(Query(words="holiday", page=1)), search(Query(words="holiday", page=2))
    assert (first.total, first.pages, len(first.hits), len(second.hits)) == (25, 2, 20, 5)
    assert not set(names(first)) & set(names(second))


def test_the_public_search_page_works_without_signing_in(client, directory):
    page = client.get("/directory/?q=toddlrs&postcode=B37+7UH&within=25", follow=True)
    html = page.content.decode()
    assert page.status_code == 200 and "Stay and Play" in html and "Showing results for" in html
    assert "km away" in html
    service = client.get(f"/directory/services/{directory['swim'].pk}/")
    assert service.status_code == 200 and "Swimming lessons for children" in service.content.decode()
    assert client.get(f"/directory/services/{directory['hidden'].pk}/").status_code == 404
    bad = client.get("/directory/?age=40&postcode=zz", follow=True)
    assert "Enter an age from 0 to 25" in bad.content.decode()


def test_the_synthetic_directory_covers_every_category_at_real_postcodes(client):
    from equalchance.directory.synthetic import directory_generate

    assert directory_generate(district="E08000029", services=120, by=system_actor()) == 120
    made = Service.objects.filter(synthetic=True)
    assert made.count() == 120 and not made.filter(published=False).exists()
    categories = TaxonomyTerm.objects.filter(taxonomy__name=FAMILY_HUBS).exclude(parent=None)
    assert all(made.filter(terms=term).exists() for term in categories)
    real = {p.postcode for p in postcodes.all_postcodes() if p.district == "E08000029"}
    assert {loc.postcode for loc in Location.objects.filter(service_at_locations__service__in=made)} <= real
    numbers = [p["number"] for s in made for c in s.details["contacts"] for p in c["phones"]]
    assert all(n.startswith("0121 496 0") for n in numbers)  # Ofcom's drama range: never a real line
    near = search(Query(postcode=CHELMSLEY_WOOD, within_km=3, sort="distance"))
    assert near.total > 5 and all(hit.service.synthetic for hit in near.hits)
    page = client.get(f"/directory/services/{near.hits[0].service.pk}/").content.decode()
    assert "not a real service" in page and "govuk-tag--yellow" in page
    remade = directory_generate(district="E08000029", services=120, by=system_actor())
    assert remade == 120  # remade, not doubled
    assert Service.objects.filter(synthetic=True).count() == 120


def test_a_shortlist_is_kept_shared_and_refuses_what_is_not_public(client, directory):
    swim, play, hidden = directory["swim"], directory["play"], directory["hidden"]
    for service in (swim, play, hidden):
        client.post("/directory/shortlist/change/", {"service": service.pk, "action": "add"})
    page = client.get("/directory/shortlist/").content.decode()
    assert "Splash Swimming Club" in page and "Stay and Play" in page and "Secret Swimming" not in page
    client.post("/directory/shortlist/change/", {"service": play.pk, "action": "remove"})
    shortlist = client.get("/directory/shortlist/")
    assert [s.name for s in shortlist.context["services"]] == ["Splash Swimming Club"]
    shared = client.get(f"/directory/shortlist/?ids={swim.pk},{hidden.pk},not-an-id")
    assert [s.name for s in shared.context["services"]] == ["Splash Swimming Club"] and shared.context[
        "shared"
    ]
    away = client.post("/directory/shortlist/change/", {"service": swim.pk, "next": "https://evil.example/"})
    assert away["Location"] == "/directory/shortlist/"  # never sent off-site


def test_public_forms_need_the_csrf_token(directory):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/directory/shortlist/change/", {"service": directory["swim"].pk, "action": "add"})
    assert response.status_code == 403


def test_a_postcode_age_and_need_never_travel_in_the_address_as_text(client, directory):
    """The defect: search postcodes and needs travelled in URLs and so in access logs. The form posts;
    the address it leads to seals them; the sealed link still works when shared; a tampered one is
    refused plainly."""
    posted = client.post("/directory/", {"q": "toddlers", "postcode": "B37 7UH", "within": "25", "age": "3"})
    address, _, fragment = posted["Location"].partition("#")
    assert fragment == "results"  # the answer opens at the results
    assert posted.status_code == 302 and "B37" not in address and "age=" not in address
    assert "q=toddlers" in address and "&s=" in address
    shared = Client().get(address)  # someone else opens the shared link
    assert "Stay and Play" in shared.content.decode() and shared.context["form"].cleaned_data["age"] == 3
    old = client.get("/directory/?q=toddlers&postcode=B37+7UH")  # an old link is moved out at once
    assert old.status_code == 302 and "B37" not in old["Location"]
    tampered = Client().get(address[:-6] + "AAAAAA")
    assert tampered.status_code == 200 and tampered.context["expired"]
    assert "km away" not in tampered.content.decode()
    next_page = shared.context["query_string"]
    assert "B37" not in next_page and "s=" in next_page  # paging keeps the search, sealed
