"""Loading the national open data: bad files are refused with file, row and column, and nothing is
written; loading the same files again does nothing."""

import shutil

import pytest
from django.core.management import CommandError, call_command

from equalchance.common.validated_csv import (
    Column,
    DataFileError,
    gss,
    number,
    read_rows,
    text,
    whole_number,
)
from equalchance.places.importers import open_data
from equalchance.places.importers.open_data import DATA_DIR, Parsed, open_data_load, write_open_data
from equalchance.places.models import Area, DataLoad, LsoaDeprivation, LsoaPlacement, PublishedSummary

COLUMNS = [
    Column("code", gss("E01")),
    Column("name", text),
    Column("rank", whole_number(1, 32844)),
    Column("score", number),
]


def write(tmp_path, content: str):
    path = tmp_path / "areas.csv"
    path.write_text(content, encoding="utf-8")
    return path


def problems_of(path):
    with pytest.raises(DataFileError) as caught:
        read_rows(path, COLUMNS, key=("code",))
    return caught.value.problems, str(caught.value)


def test_a_missing_column_is_named_with_the_file(tmp_path):
    problems, message = problems_of(write(tmp_path, "code,name,score\nE01000001,A,1.5\n"))
    assert [(p.file, p.row, p.column) for p in problems] == [("areas.csv", 1, "rank")]
    assert "areas.csv, row 1, column rank: required column is missing" in message


def test_a_bad_gss_code_is_refused_with_its_row_and_column(tmp_path):
    problems, message = problems_of(
        write(tmp_path, "code,name,rank,score\nE01000001,A,5,1.5\nE0100002,B,6,2.0\n")
    )
    assert [(p.row, p.column) for p in problems] == [(3, "code")]
    assert "'E0100002' is not a GSS code" in message


def test_a_code_of_the_wrong_kind_is_refused(tmp_path):
    problems, _ = problems_of(write(tmp_path, "code,name,rank,score\nE05000001,A,5,1.5\n"))
    assert "not a code of the expected kind (E01)" in problems[0].reason


def test_a_non_number_is_refused_with_its_row_and_column(tmp_path):
    problems, message = problems_of(
        write(tmp_path, "code,name,rank,score\nE01000001,A,5,1.5\nE01000002,B,six,2\n")
    )
    assert [(p.row, p.column) for p in problems] == [(3, "rank")]
    assert "areas.csv, row 3, column rank: 'six' is not a number" in message


def test_a_rank_outside_the_release_is_refused(tmp_path):
    problems, _ = problems_of(write(tmp_path, "code,name,rank,score\nE01000001,A,40000,1.5\n"))
    assert "outside the allowed range" in problems[0].reason


def test_a_duplicate_row_is_refused_naming_the_first(tmp_path):
    problems, message = problems_of(
        write(tmp_path, "code,name,rank,score\nE01000001,A,5,1.5\nE01000002,B,6,2\nE01000001,A,5,1.5\n")
    )
    assert [(p.row, p.column) for p in problems] == [(4, "code")]
    assert "duplicate of row 2" in message


def test_every_problem_is_reported_not_only_the_first(tmp_path):
    problems, _ = problems_of(write(tmp_path, "code,name,rank,score\nX,A,5,1.5\nE01000002,,x,y\n"))
    assert {(p.row, p.column) for p in problems} == {(2, "code"), (3, "name"), (3, "rank"), (3, "score")}


@pytest.fixture
def data_copy(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


def _counts():
    return (
        Area.objects.count(),
        LsoaPlacement.objects.count(),
        LsoaDeprivation.objects.count(),
        DataLoad.objects.count(),
        PublishedSummary.objects.count(),
    )


@pytest.mark.django_db
def test_a_broken_shipped_file_is_refused_and_nothing_is_written(data_copy):
    before = _counts()
    path = data_copy / "lad2024_region_en.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    lines[4] = lines[4].replace("E12", "Z12", 1)  # row 5 of the file
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("load_open_data", data_dir=data_copy, no_progress=True)
    assert "lad2024_region_en.csv, row 5, column RGN24CD" in str(caught.value)
    assert "nothing was written" in str(caught.value)
    assert _counts() == before


@pytest.mark.django_db
def test_a_failure_while_writing_rolls_everything_back(monkeypatch, system):
    before = _counts()
    parsed = Parsed()
    parsed.area("E01999999", "New LSOA", "lsoa")
    parsed.deprivation = {spec.year: [] for spec in open_data.RELEASES}

    def fail(model, *args, **kwargs):
        if model.__name__ == "Boundary":
            raise RuntimeError("disk full")
        return real(model, *args, **kwargs)

    real = open_data.insert_rows
    monkeypatch.setattr(open_data, "insert_rows", fail)
    with pytest.raises(RuntimeError):
        write_open_data(parsed, by=system)
    assert not Area.objects.filter(code="E01999999").exists()
    assert _counts() == before


@pytest.mark.django_db
def test_loading_the_same_files_again_does_nothing(system):
    loads = DataLoad.objects.count()
    result = open_data_load(by=system)
    assert result.loaded is False
    assert DataLoad.objects.count() == loads


@pytest.mark.django_db
def test_the_load_holds_every_lsoa_of_every_release():
    assert LsoaDeprivation.objects.filter(release_id=2019).count() == 32_844
    assert LsoaDeprivation.objects.filter(release_id=2015).count() == 32_844
    assert LsoaDeprivation.objects.filter(release_id=2025).count() == 33_755
    assert LsoaPlacement.objects.filter(geography="2019", district_id="E08000029").count() == 134
    assert LsoaPlacement.objects.filter(geography="2024", district_id="E08000018").count() == 170
    spot = LsoaDeprivation.objects.get(release_id=2019, lsoa_id="E01000001")
    assert (spot.imd_score, spot.imd_rank, spot.imd_decile) == (6.208, 29199, 9)


def test_a_cell_longer_than_the_csv_limit_is_refused_naming_its_row_and_column(tmp_path):
    huge = "x" * 131_073  # one more than Python's csv field_size_limit
    problems, message = problems_of(
        write(tmp_path, f'code,name,rank,score\nE01000001,A,5,1.5\nE01000002,"{huge}",6,2.0\n')
    )
    assert [(p.file, p.row, p.column) for p in problems] == [("areas.csv", 3, "name")]
    assert "areas.csv, row 3, column name: is longer than 131,072 characters" in message
    unquoted, _ = problems_of(write(tmp_path, f"code,name,rank,score\nE01000001,A,5,{huge}\n"))
    assert [(p.row, p.column) for p in unquoted] == [(2, "score")]
    at_the_limit, _ = problems_of(write(tmp_path, f"code,name,rank,score\nE01000001,{huge[1:]},5,x\n"))
    assert [(p.row, p.column) for p in at_the_limit] == [(2, "score")]  # 131,072 is allowed; x is not


def _rewrite_gz(path, change) -> None:
    import gzip

    with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as handle:
        lines = handle.read().splitlines()
    change(lines)
    with gzip.open(path, "wt", encoding="utf-8", newline="") as handle:
        handle.write("\n".join(lines) + "\n")


@pytest.mark.django_db
def test_bad_rows_in_file_10_are_refused_naming_file_row_and_column_and_nothing_is_written(data_copy):
    before = _counts()
    name = "iod2025_lad24_summaries_file10.csv.gz"

    def spoil(lines):
        lines[2] = lines[2].rsplit(",", 2)[0] + ",n/a," + lines[2].rsplit(",", 1)[1]  # row 3: value
        lines[6] = lines[6].rsplit(",", 1)[0] + ",400"  # row 7: rank beyond the 296 districts
        lines[9] = lines[9].replace(",average_rank,", ",median_rank,")  # row 10: no such measure

    _rewrite_gz(data_copy / name, spoil)
    with pytest.raises(CommandError) as caught:
        call_command("load_open_data", data_dir=data_copy, no_progress=True)
    message = str(caught.value)
    assert f"{name}, row 3, column value: 'n/a' is not a number" in message
    assert f"{name}, row 7, column rank: 400 is outside the allowed range 1 to 296" in message
    assert f"{name}, row 10, column measure: 'median_rank' is not one of" in message
    assert "nothing was written" in message
    assert _counts() == before


@pytest.mark.django_db
def test_file_10_must_hold_every_district_of_the_release_with_every_measure(data_copy):
    before = _counts()
    name = "iod2019_lad19_summaries_file10.csv.gz"

    def spoil(lines):
        del lines[5]  # row 6, Hartlepool's IMD proportion (so the next lines move up one)
        lines[20] = lines[20].replace(lines[20].split(",")[0], "E07999999", 1)  # row 21: not a district

    _rewrite_gz(data_copy / name, spoil)
    with pytest.raises(CommandError) as caught:
        call_command("load_open_data", data_dir=data_copy, no_progress=True)
    message = str(caught.value)
    assert f"{name}, row 21, column lad19cd: E07999999 is not a district of IoD2019" in message
    assert _counts() == before

    shutil.copy(DATA_DIR / name, data_copy / name)
    _rewrite_gz(data_copy / name, lambda lines: lines.__delitem__(5))
    with pytest.raises(CommandError) as caught:
        call_command("load_open_data", data_dir=data_copy, no_progress=True)
    assert f"{name}, column lad19cd: E06000001 has no imd proportion_most_deprived_10pc" in str(caught.value)
    assert _counts() == before


@pytest.mark.django_db
def test_the_idaci_file_must_hold_exactly_the_releases_lsoas(data_copy):
    before = _counts()
    name = "iod2025_lsoa21_idaci_idaopi.csv.gz"

    def spoil(lines):
        lines[1] = lines[1].replace("E01000001", "E01999999")

    _rewrite_gz(data_copy / name, spoil)
    with pytest.raises(CommandError) as caught:
        call_command("load_open_data", data_dir=data_copy, no_progress=True)
    message = str(caught.value)
    assert (
        f"{name}, row 2, column lsoa21cd: E01999999 is not an LSOA of iod2025_lsoa21_england.csv.gz"
        in message
    )
    assert f"{name}, column lsoa21cd: has no row for E01000001" in message
    assert _counts() == before
