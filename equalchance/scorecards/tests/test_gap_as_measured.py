"""The gap every page and file shows is the target minus the comparator, as measured: a measure where
higher is better and the target is behind shows a negative gap, with "worse" said in words beneath.
Expected values come from the areas' own values in the same row, not from the gap the code keeps."""

import csv
import io
import re

import pytest

from equalchance.indicators.numbers import MINUS, Measure, gap
from equalchance.scorecards import snapshots
from equalchance.scorecards.compute import scorecard_compute

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return " ".join(
        re.sub(r"<[^>]+>", " ", re.sub(r"<(svg|script|style).*?</\1>", "", html, flags=re.S)).split()
    )


def live_lines(scorecard):
    return {line.indicator.code: line for theme in scorecard_compute(scorecard) for line in theme.lines}


def test_a_measure_where_higher_is_better_and_the_target_is_behind_shows_a_negative_gap_called_worse(
    client, scorecard, analyst, published
):
    gld = live_lines(scorecard)["gld"]  # a good level of development: higher is better
    target, rest = gld.values.target.estimate.value, gld.values.rest.estimate.value
    assert gld.polarity == "high_is_good" and target < rest
    shown = gap(target - rest, Measure("%", 1))
    assert shown.startswith(MINUS) and shown.endswith("percentage points")
    client.force_login(analyst)
    snapshot = published(title="October", public=False)
    for address in (
        f"/scorecards/{scorecard.pk}/",
        f"/scorecards/snapshots/{snapshot.pk}/",
        f"/scorecards/{scorecard.pk}/lines/{gld.line.pk}/",
    ):
        text = text_of(client.get(address).content.decode())
        assert shown in text, address
        assert shown.replace(MINUS, "+", 1) not in text, address  # the turned gap is never shown
        assert "target significantly worse" in text, address
        assert "positive gap means the target is worse" not in text, address


def test_every_gap_in_the_csv_is_the_target_value_minus_the_comparators(client, scorecard, analyst):
    client.force_login(analyst)
    table = list(
        csv.DictReader(io.StringIO(client.get(f"/scorecards/{scorecard.pk}/export.csv").content.decode()))
    )
    compared = 0
    for row in table:
        for comparator, header in [
            ("Rest of district", "the rest of the district"),
            ("District", "the district"),
            ("England", "England"),
        ]:
            target, other = row["Target area value"], row[f"{comparator} value"]
            shown = row[f"Gap: target minus {header}"]
            if target and other and shown:
                # Each value is rounded to the measure's decimals on its own, so allow one unit each.
                assert float(shown) == pytest.approx(float(target) - float(other), abs=0.11), (row, header)
                compared += 1
    assert compared >= 25  # the default scorecard's lines, against three comparators each


def test_the_api_gives_the_gap_as_measured_beside_the_turned_one_it_has_always_given(
    client, scorecard, analyst
):
    client.force_login(analyst)
    body = client.get(f"/api/scorecards/{scorecard.pk}/").json()
    lines = [line for theme in body["themes"] for line in theme["lines"] if line.get("areas")]
    gld = next(line for line in lines if line["indicator"] == "gld")
    areas = gld["areas"]
    expected = areas["target"]["estimate"]["value"] - areas["rest"]["estimate"]["value"]
    assert gld["differences"]["rest"]["value"] == pytest.approx(expected)
    assert gld["gaps"]["rest"]["value"] == pytest.approx(-expected) and gld["orientation"] == -1


def test_a_snapshot_frozen_before_orientation_was_kept_shows_its_gap_turned_back():
    # Frozen by an earlier version: the gap turned so that positive meant worse, with no orientation.
    line = {
        "indicator": "gld",
        "name": "Good level of development",
        "polarity": "high_is_good",
        "period": "2024",
        "areas": {
            "target": {"estimate": {"value": 52.0}},
            "rest": {"estimate": {"value": 68.0}},
        },
        "gaps": {"rest": {"value": 16.0, "lower": 12.5, "upper": 19.5}},
        "gap_series": [["2023", {"value": 14.0, "lower": 10.0, "upper": 18.0}], ["2024", None]],
        "status": "target significantly worse",
    }
    shown = snapshots.worded({"as_at": "2024-12-31", "themes": [{"name": "Early years", "lines": [line]}]})
    [out] = shown["themes"][0]["lines"]
    assert out["differences"]["rest"] == {"value": -16.0, "lower": -19.5, "upper": -12.5}
    assert out["difference_series"] == [
        ["2023", {"value": -14.0, "lower": -18.0, "upper": -10.0}],
        ["2024", None],
    ]
    assert out["gaps"] == line["gaps"] and out["status"] == "target significantly worse"
    assert snapshots.worded(shown) == shown  # words and differences are put right once, not twice


def test_the_xlsx_says_the_gap_is_the_target_minus_the_comparator(client, scorecard, analyst):
    import openpyxl

    client.force_login(analyst)
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/scorecards/{scorecard.pk}/export.xlsx").content)
    )
    about = " ".join(str(row[0].value) for row in workbook["About"].iter_rows())
    assert "target minus the comparator, as measured" in about and "turned" not in about
