"""The service page draws where a service is: the wards around it from the boundaries held, the place's
own ward found by point in polygon (checked against Code-Point Open's ward of each postcode), a pin on
the place, and a scale bar that measures a true kilometre."""

import re

import pytest
from django.test import Client

from equalchance.accounts.services import system_actor
from equalchance.directory import maps, postcodes
from equalchance.directory.models import Service
from equalchance.directory.synthetic import directory_generate

pytestmark = pytest.mark.django_db


def test_the_ward_of_a_place_agrees_with_code_point_open():
    # Solihull's wards have not changed since Code-Point's 2018 release; the boundaries are 2022.
    solihull = [p for p in postcodes.all_postcodes() if p.district == "E08000029"][::10]
    agree = sum(
        (w := maps.ward_at(p.latitude, p.longitude)) is not None and w.name == p.ward for p in solihull
    )
    assert len(solihull) > 300 and agree / len(solihull) > 0.9  # 200 m generalised boundaries blur the edges
    chelmsley = postcodes.postcode_find("B37 7UH")
    assert maps.ward_at(chelmsley.latitude, chelmsley.longitude).name == "Chelmsley Wood"


def test_the_scale_bar_is_a_true_kilometre_and_the_pin_is_on_the_place():
    place = postcodes.postcode_find("B91 3QB")
    frame = maps.Frame(place.latitude, place.longitude)
    assert frame.point(place.longitude, place.latitude) == (maps.WIDTH / 2, maps.HEIGHT / 2)
    # A point due east lands as far right as the great-circle distance says, to within 0.5%.
    east = place.longitude + 0.015
    km = postcodes.distance_km(place.latitude, place.longitude, place.latitude, east)
    x, _ = frame.point(east, place.latitude)
    assert (x - maps.WIDTH / 2) / km == pytest.approx(frame.pixels_per_km, rel=0.005)
    svg = maps.place_map_svg(place.latitude, place.longitude, name="Council House", postcode="B91 3QB")
    bar = float(re.search(r'<rect x="12" y="\d+" width="([\d.]+)"', svg)[1])
    assert bar == pytest.approx(frame.pixels_per_km, abs=0.1)
    assert '<title id="map-title-place">Map of Council House, B91 3QB, in St Alphege ward</title>' in svg
    assert ">Silhill</text>" in svg  # a neighbouring ward is named


def test_a_place_beyond_the_boundaries_held_gets_no_map():
    assert maps.place_map_svg(51.5007, -0.1246, name="Westminster") is None


def test_the_service_page_shows_the_map_to_anyone():
    directory_generate(district="E08000029", services=3, by=system_actor())
    service = Service.objects.filter(synthetic=True).first()
    location = service.service_at_locations.get().location
    page = Client().get(f"/directory/services/{service.pk}/").content.decode()
    ward = maps.ward_at(location.latitude, location.longitude).name
    assert 'role="img"' in page and f"in {ward} ward</title>" in page
