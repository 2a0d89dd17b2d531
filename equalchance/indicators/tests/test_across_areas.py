"""An indicator across a district's wards (Fingertips' "compare areas"): each ward's value, interval
and comparison against values computed here independently, from the observations and the ONS
lookup file as shipped, with Wilson's interval written out by hand."""

import csv
import gzip
import math
import re
from collections import defaultdict
from html import escape, unescape
from pathlib import Path

import pytest

from equalchance.accounts.models import Role
from equalchance.indicators.models import Indicator, Observation
from equalchance.indicators.synthetic import synthetic_series_generate

pytestmark = pytest.mark.django_db

SOLIHULL = "E08000029"
LOOKUP = Path(__file__).parents[2] / "places" / "data" / "lsoa11_ward2019_lad2019_ew.csv.gz"
Z95 = 1.959963984540054


@pytest.fixture
def solihull(db, system, user_with_role):
    synthetic_series_generate(district=SOLIHULL, by=system)
    return user_with_role(Role.ANALYST, username="analyst")


def wilson(k: float, n: float, z: float = Z95) -> tuple[float, float, float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return p, centre - half, centre + half


def wards_of_solihull() -> dict[str, tuple[str, list[str]]]:
    wards: dict[str, tuple[str, list[str]]] = {}
    with gzip.open(LOOKUP, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["LAD19CD"] == SOLIHULL:
                wards.setdefault(row["WD19CD"], (row["WD19NM"], []))[1].append(row["LSOA11CD"])
    return wards


def cells(html: str, testid: str) -> list[list[str]]:
    table = re.search(rf'<table[^>]*data-testid="{testid}".*?</table>', html, flags=re.S).group(0)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S)[1:]
    return [
        [
            " ".join(unescape(re.sub(r"<[^>]+>", " ", c)).split())
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, flags=re.S)
        ]
        for r in rows
    ]


def test_each_wards_value_interval_and_comparison_match_an_independent_computation(client, solihull):
    gld = Indicator.objects.get(code="gld")  # a proportion, higher is better
    latest = Observation.objects.filter(indicator=gld, area__code__startswith="E01").latest("period_end")
    held = {
        o.area_id: (o.numerator, o.denominator)
        for o in Observation.objects.filter(
            indicator=gld, period_end=latest.period_end, area__code__startswith="E01"
        )
    }
    wards = wards_of_solihull()
    assert len(wards) == 17  # Solihull's wards in 2019
    district_k = sum(held[c][0] for _, lsoas in wards.values() for c in lsoas)
    district_n = sum(held[c][1] for _, lsoas in wards.values() for c in lsoas)
    district_p = district_k / district_n * 100
    client.force_login(solihull)
    response = client.get(f"/indicators/gld/areas/{SOLIHULL}/")
    assert response.status_code == 200
    html = response.content.decode()
    rows = {row[0].rsplit(" (", 1)[0]: row for row in cells(html, "compare-table")}
    assert len(rows) == 17 + 2  # England, Solihull and every ward
    compared = defaultdict(int)
    for code, (name, lsoas) in wards.items():
        k, n = sum(held[c][0] for c in lsoas), sum(held[c][1] for c in lsoas)
        p, low, high = (x * 100 for x in wilson(k, n))
        assert name in rows, sorted(rows)
        row = rows[name]
        assert row[0] == f"{name} ({code})"
        assert row[1] == f"{p:.1f}%", name
        assert row[2] == f"{low:.1f}% to {high:.1f}%", name
        assert row[3] == f"{k:,.0f}" and row[4] == f"{n:,.0f}", name
        expected = "Better" if low > district_p else "Worse" if high < district_p else "Similar"
        assert row[5].startswith(expected), (name, row[5])
        compared[expected] += 1
        assert f"<title>{escape(name)}</title>" in html  # its bar in the chart
        assert f'href="/places/areas/{code}/?release=2019"' in html  # its row opens the ward's profile
    assert rows["Solihull"][1] == f"{district_p:.1f}%"
    assert len(compared) >= 2  # the synthetic data separate the wards: not every one is similar


def test_the_chart_and_map_are_pictures_with_their_words(client, solihull):
    client.force_login(solihull)
    html = client.get(f"/indicators/cpp-rate/areas/{SOLIHULL}/?confidence=99.8").content.decode()
    chart = re.search(r'data-testid="compare-chart".*?</figure>', html, flags=re.S).group(0)
    assert 'role="img"' in chart and "99.8% intervals" in chart
    assert chart.count("<rect") >= 17 + 1  # a bar per ward and the plot's frame
    area_map = re.search(r'data-testid="compare-map".*?</figure>', html, flags=re.S).group(0)
    assert area_map.count("<path d=") >= 17 and escape("Map of Solihull's wards") in area_map
    # Measures with no judgement say higher or lower, never better or worse.
    table = " ".join(" ".join(r) for r in cells(html, "compare-table"))
    assert "Better" not in table and "Worse" not in table and ("Higher" in table or "Lower" in table)


def test_a_period_or_interval_not_offered_falls_back_and_says_so(client, solihull):
    client.force_login(solihull)
    html = client.get(
        f"/indicators/gld/areas/{SOLIHULL}/", {"period": '=HYPERLINK("x")', "confidence": "banana"}
    ).content.decode()
    assert "No figures are held for the period" in html and "this shows the latest held" in html
    assert "95% intervals" in html


@pytest.mark.parametrize(
    "address",
    [
        "/indicators/no-such-indicator/areas/E08000029/",
        "/indicators/gld/areas/E99999999/",
        "/indicators/gld/areas/E05001287/",  # a ward, not a district
        "/indicators/gld/areas/" + "E" * 5000 + "/",
    ],
)
def test_an_unknown_indicator_or_an_area_that_is_not_a_district_is_not_found(client, solihull, address):
    client.force_login(solihull)
    assert client.get(address).status_code == 404


def test_a_scorecard_line_opens_its_indicator_across_the_districts_wards(client, system, user_with_role):
    from equalchance.places.models import Area
    from equalchance.scorecards.services import scorecard_create_default

    synthetic_series_generate(district=SOLIHULL, by=system)
    scorecard = scorecard_create_default(district=Area.objects.get(code=SOLIHULL), by=system)
    line = scorecard.themes.first().lines.first()
    client.force_login(user_with_role(Role.ANALYST, username="analyst"))
    html = client.get(f"/scorecards/{scorecard.pk}/lines/{line.pk}/").content.decode()
    assert f'href="/indicators/{line.indicator.code}/areas/{SOLIHULL}/"' in html
