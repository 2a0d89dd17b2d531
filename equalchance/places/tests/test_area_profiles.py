"""A neighbourhood's (LSOA's) and a ward's profile, opened from the rows that list them, with ranks
checked against the shipped MHCLG file read here independently."""

import csv
import gzip
from pathlib import Path

import pytest

from equalchance.accounts.models import Role

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parents[1] / "data"
SOLIHULL = "E08000029"


@pytest.fixture
def viewer(client, user_with_role):
    client.force_login(user_with_role(Role.VIEWER, username="viewer"))


def published_2025(code: str) -> dict:
    with gzip.open(DATA / "iod2025_lsoa21_england.csv.gz", "rt", encoding="utf-8") as handle:
        return next(row for row in csv.DictReader(handle) if row["lsoa21cd"] == code)


def test_an_lsoa_profile_gives_its_iod2025_ranks_and_deciles_as_published(client, viewer):
    row = published_2025("E01010109")  # Solihull 009A
    html = client.get("/places/areas/E01010109/").content.decode()
    assert "Solihull 009A: deprivation profile" in html
    for domain in ("imd", "income", "employment", "health"):
        assert f"{int(row[f'{domain}_rank']):,} of 33,755" in html, domain
    assert f'data-label="Decile">{row["imd_decile"]}</td>' in html


def test_a_2011_lsoa_on_iod2025_says_which_releases_hold_it(client, viewer):
    # E01010109 exists in both; a 2011 LSOA split in 2021 is held only by IoD2015 and IoD2019.
    from equalchance.places.models import LsoaDeprivation

    held = set(LsoaDeprivation.objects.filter(release__year=2019).values_list("lsoa_id", flat=True))
    only_2011 = next(
        code
        for code in sorted(held)
        if code.startswith("E0101")
        and not LsoaDeprivation.objects.filter(release__year=2025, lsoa_id=code).exists()
    )
    html = client.get(f"/places/areas/{only_2011}/").content.decode()
    assert 'data-testid="not-in-release"' in html and 'href="?release=2019"' in html


def test_a_ward_profile_lists_its_lsoas_each_opening_its_own_profile(client, viewer):
    html = client.get("/places/areas/E05001300/?release=2019").content.decode()  # Smith's Wood, 2019
    assert "Smith&#x27;s Wood: deprivation profile" in html
    assert html.count('href="/places/areas/E01') >= 5
    assert "Worked out from the ward" in html


def test_district_rows_open_area_profiles(client, viewer):
    html = client.get(f"/places/districts/{SOLIHULL}/").content.decode()
    assert 'href="/places/areas/E01' in html and 'href="/places/areas/E05' in html
    areas = client.get(f"/places/districts/{SOLIHULL}/areas/?level=lsoa").content.decode()
    assert 'href="/places/areas/E01' in areas


@pytest.mark.parametrize("code", ["E99999999", "x" * 3000, "E92000001", "%3Cscript%3E"])
def test_an_unknown_area_or_one_that_is_not_a_ward_or_lsoa_is_not_found(client, viewer, code):
    assert client.get(f"/places/areas/{code}/").status_code == 404


def test_a_district_code_leads_to_the_district_profile(client, viewer):
    response = client.get(f"/places/areas/{SOLIHULL}/")
    assert response.status_code == 302 and response["Location"] == f"/places/districts/{SOLIHULL}/"
