"""The `equalchance` command: load-open-data and deprivation summaries."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from equalchance import cli

pytestmark = pytest.mark.django_db


def summaries(**options) -> list[list[str]]:
    out = io.StringIO()
    call_command("deprivation", "summaries", stdout=out, **options)
    return list(csv.reader(io.StringIO(out.getvalue())))


def test_district_summaries_for_one_district_in_the_documented_shape():
    rows = summaries(release=2019, level="district", district="E08000029")
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
    by_key = {(r[2], r[3]): r for r in rows[1:]}
    assert set(by_key) == {
        ("imd", m)
        for m in [
            "average_score",
            "average_rank",
            "proportion_most_deprived_10pc",
            "extent",
            "local_concentration",
        ]
    } | {
        (d, m)
        for d in ["income", "employment"]
        for m in ["average_score", "average_rank", "proportion_most_deprived_10pc", "scale"]
    }
    assert by_key[("imd", "average_score")][4:] == ["17.370", "171", "317", "published"]


def test_the_command_gives_iod2025_by_default_with_ranks_out_of_296():
    rows = summaries(level="district", district="E08000029")
    assert len(rows) == 1 + 28 and {(r[6], r[7]) for r in rows[1:]} == {("296", "published")}


def test_iod2025_ward_summaries_say_which_measures_cannot_be_computed():
    out, err = io.StringIO(), io.StringIO()
    call_command("deprivation", "summaries", level="ward", district="E08000029", stdout=out, stderr=err)
    rows = list(csv.reader(io.StringIO(out.getvalue())))[1:]
    assert {r[3] for r in rows} == {"proportion_most_deprived_10pc"} and {r[7] for r in rows} == {"computed"}
    assert "Not computed: imd average_rank. Needs population denominators" in err.getvalue()


def test_all_districts_and_file_output(tmp_path):
    target = tmp_path / "out.csv"
    call_command(
        "deprivation", "summaries", release=2019, level="district", output=str(target), stderr=io.StringIO()
    )
    rows = list(csv.reader(target.open()))
    assert len(rows) == 1 + 317 * 13
    ranks = [int(r[5]) for r in rows[1:] if r[2] == "imd" and r[3] == "average_rank"]
    assert sorted(ranks) == list(range(1, 318))  # no ties on average rank


def test_ward_summaries_for_a_district():
    rows = summaries(release=2019, level="ward", district="E08000029")
    assert len({r[0] for r in rows[1:]}) == 17
    assert all(r[0].startswith("E05") for r in rows[1:])


def test_helpful_errors_for_unknown_release_and_district():
    with pytest.raises(CommandError, match="No release 2010 is loaded"):
        summaries(release=2010, level="district")
    with pytest.raises(CommandError, match="not a district code"):
        summaries(release=2019, level="district", district="E99999999")


def test_the_console_script_maps_its_own_subcommands_to_django(monkeypatch):
    seen = []
    monkeypatch.setattr("django.core.management.execute_from_command_line", lambda argv: seen.append(argv))
    cli.main(["/usr/bin/equalchance", "load-open-data", "--no-progress"])
    cli.main(["/usr/bin/equalchance", "migrate"])
    assert seen == [["equalchance", "load_open_data", "--no-progress"], ["equalchance", "migrate"]]
