"""What a parent's search says is true: the hint's own example finds something; a spelling correction
is offered only when it finds something; a postcode that cannot be placed lists nothing and says why;
search keeps to the partnership's area unless asked not to; a shared link says the distance it used."""

import re

import pytest

from equalchance.directory.forms import SearchForm
from equalchance.directory.models import Location, ServiceAtLocation
from equalchance.directory.search import Query, search, search_index_refresh
from equalchance.directory.synthetic import directory_generate
from equalchance.directory.tests.conftest import make, names

pytestmark = pytest.mark.django_db
BRISTOL = (51.4545, -2.5879)  # Bristol city centre: outside Solihull, Rotherham and Redditch


def test_the_search_hints_own_example_finds_services_in_the_demo_directory(system):
    directory_generate(district="E08000029", by=system, services=120)
    search_index_refresh()
    example = re.fullmatch(r"For example, (.+)", SearchForm.base_fields["q"].help_text)[1]
    results = search(Query(words=example))
    assert results.total > 0 and not results.showing_for, example


def test_a_correction_that_would_find_nothing_is_never_offered(directory):
    # "swimmng" alone corrects to "swimming", which finds the swimming club ...
    assert search(Query(words="swimmng")).showing_for == "swimming"
    # ... but with "toddlers" the corrected words find nothing, so nothing is "corrected".
    results = search(Query(words="swimmng toddlers"))
    assert results.total == 0 and results.showing_for == ""


@pytest.mark.parametrize(
    "postcode, says",
    [
        ("BS1 4DJ", "We can only search near postcodes in Solihull, Rotherham and Redditch"),
        ("NOTAPCODE", "Enter a real postcode"),
        ("not a postcode at all", "Enter a real postcode"),  # too long: the same plain words
    ],
)
def test_a_postcode_that_cannot_be_placed_lists_nothing_and_says_why(client, directory, postcode, says):
    results = search(Query(postcode=postcode))
    assert results.total == 0 and results.hits == [] and results.problems["postcode"].startswith(says)
    page = client.get(client.post("/directory/", {"postcode": postcode})["Location"].split("#")[0])
    html = page.content.decode()
    assert says in html and "Splash Swimming Club" not in html and "Stay and Play" not in html


def test_services_placed_only_outside_the_area_are_left_out_unless_asked_for(directory):
    away = make("Bristol Harbour Toddler Club", "Toddler sessions by the harbour.")
    place = Location.objects.create(latitude=BRISTOL[0], longitude=BRISTOL[1], postcode="BS1 4DJ")
    ServiceAtLocation.objects.create(service=away, location=place)
    online = make("Online Toddler Sleep Clinic", "Toddler sleep advice by video call.")  # no place
    search_index_refresh()
    assert names(search(Query(words="toddler"))) == ["Online Toddler Sleep Clinic", "Stay and Play"]
    assert "Bristol Harbour Toddler Club" in names(search(Query(words="toddler", everywhere=True)))
    assert online.pk  # kept by default: where a service with no place serves cannot be told from a map


def test_a_shared_link_without_a_distance_says_and_shows_5_km(client, directory):
    address = client.post("/directory/", {"q": "swimming", "postcode": "B37 7UH"})["Location"]
    html = client.get(address.split("#")[0]).content.decode()
    assert "within 5 km of B37 7UH" in html
    assert re.search(r'<option value="5" selected>5 km</option>', html)
    assert not re.search(r'<option value="1" selected>', html)


def test_filters_fold_behind_filter_results_once_there_are_results(client, directory):
    first = client.get("/directory/").content.decode()
    assert re.search(r'<details class="govuk-details" id="filters" open>', first)  # before any search
    address = client.post("/directory/", {"q": "swimming"})["Location"]
    answered = client.get(address.split("#")[0]).content.decode()
    assert re.search(r'<details class="govuk-details" id="filters">', answered)
    assert "Filter results" in answered and 'id="results"' in answered
    filtered = client.get(
        client.post("/directory/", {"q": "swimming", "free": "on"})["Location"].split("#")[0]
    )
    assert "Filter results (1 set)" in filtered.content.decode()


def test_a_page_of_results_is_drawn_on_a_map_numbered_as_the_list(client, directory):
    address = client.post("/directory/", {"q": "the for with", "postcode": "B37 7UH", "within": "25"})
    html = client.get(address["Location"].split("#")[0]).content.decode()
    listed = re.findall(
        r'app-result__number">(\d+)<span class="govuk-visually-hidden">.</span></span> <a[^>]*>([^<]+)</a>',
        html,
    )
    area_map = re.search(r'data-testid="results-map".*?</figure>', html, flags=re.S).group(0)
    pinned = re.findall(r"<title>(\d+)\. ([^<]+)</title>", area_map)
    assert sorted(listed) == sorted(pinned) and len(pinned) == 3  # every result has a place here
    assert "<title>B37 7UH</title>" in area_map and "the black square is B37 7UH" in area_map


def test_no_page_of_the_directory_shows_a_template_note_as_text(client, directory):
    """The defect (outside probe): a multi-line {# #} note showed above "Filter results"."""
    pages = ["/directory/", "/directory/browse/", f"/directory/services/{directory['swim'].pk}/"]
    answered = client.post("/directory/", {"q": "swimming"})["Location"].split("#")[0]
    for address in [*pages, answered]:
        html = client.get(address).content.decode()
        assert "{#" not in html and "#}" not in html and "{% comment" not in html, address
