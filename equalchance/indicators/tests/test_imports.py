"""Importing observations: good files land as one audited batch; bad files are refused whole with
file, row, column and reason; a batch can be rolled back; the shipped real series are in place."""

import pytest
import xlsxwriter
from django.core.exceptions import PermissionDenied

from equalchance.accounts.models import Role
from equalchance.accounts.tests.factories import UserFactory
from equalchance.audit.models import AuditEvent
from equalchance.common.validated_csv import DataFileError
from equalchance.indicators import services
from equalchance.indicators.models import ImportBatch, Indicator, Observation
from equalchance.indicators.values import observation_estimate
from equalchance.stats import proportion, rate

pytestmark = pytest.mark.django_db
HEADER = "indicator,area_code,period,numerator,denominator,value,lower_95,upper_95\n"


@pytest.fixture
def analyst():
    return UserFactory(username="analyst", role=Role.ANALYST)


def write_csv(tmp_path, body: str, name="returns.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def refused(tmp_path, body, analyst):
    before = (ImportBatch.objects.count(), Observation.objects.count())
    with pytest.raises(DataFileError) as caught:
        services.import_batch_run(
            path=write_csv(tmp_path, body), file_format="long", source="test", by=analyst
        )
    assert (ImportBatch.objects.count(), Observation.objects.count()) == before
    return [(p.row, p.column) for p in caught.value.problems], str(caught.value)


def test_a_good_file_lands_as_one_audited_batch(tmp_path, analyst):
    path = write_csv(
        tmp_path, "asb-rate,E05001287,2019/20,310,11850,,,\nasb-rate,E05001300,2019/20,250,12100,,,\n"
    )
    batch = services.import_batch_run(
        path=path, file_format="long", source="West Midlands Police", by=analyst
    )
    assert batch.rows == 2 and batch.imported_by == analyst and len(batch.sha256) == 64
    observation = batch.observations.get(area_id="E05001287")
    assert (observation.period_label, observation.numerator) == ("2019/20", 310)
    assert AuditEvent.objects.filter(
        action="import_batch.run", object_id=str(batch.pk), actor=analyst
    ).exists()


def test_an_xlsx_file_in_the_long_format_is_read(tmp_path, analyst):
    path = tmp_path / "returns.xlsx"
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet()
    for r, row in enumerate(
        [HEADER.strip().split(","), ["crime-rate", "E08000029", "2013/14", 9500, 216000]]
    ):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    workbook.close()
    batch = services.import_batch_run(path=path, file_format="long", source="Police", by=analyst)
    assert batch.observations.get().denominator == 216000


@pytest.mark.parametrize(
    "body, where, reason",
    [
        ("no-such-thing,E08000029,2019/20,1,10,,,\n", (2, "indicator"), "not an indicator in the catalogue"),
        ("asb-rate,E0800002,2019/20,1,10,,,\n", (2, "area_code"), "not the GSS code of an area we know"),
        ("asb-rate,E08000029,2019/20,ten,10,,,\n", (2, "numerator"), "'ten' is not a number"),
        ("asb-rate,E08000029,2019/20,-1,10,,,\n", (2, "numerator"), "cannot be negative"),
        ("asb-rate,E08000029,2019,1,10,,,\n", (2, "period"), "write a financial year as 2019/20"),
        ("gld,E08000029,2099/00,11,10,,,\n", (2, "numerator"), "more than the denominator"),
        ("asb-rate,E08000029,2019/20,1,0,,,\n", (2, "denominator"), "must be greater than 0"),
        ("asb-rate,E08000029,2019/20,,,,,\n", (2, None), "needs a numerator and a denominator, or a value"),
        (
            "u75-circulatory-mortality,E08000029,2017-19,40,100000,,,\n",
            (2, "value"),
            "needs its value as published",
        ),
        ("asb-rate,E08000029,2019/20,,,5,6,7\n", (2, "lower_95"), "outside its limits"),
    ],
)
def test_a_bad_row_is_refused_with_its_row_column_and_reason(tmp_path, analyst, body, where, reason):
    problems, message = refused(tmp_path, body, analyst)
    assert where in problems
    assert reason in message and "returns.csv, row 2" in message


def test_a_duplicate_row_and_a_clash_with_held_data_are_refused(tmp_path, analyst):
    problems, message = refused(
        tmp_path, "asb-rate,E08000029,2019/20,1,10,,,\nasb-rate,E08000029,2019/20,2,10,,,\n", analyst
    )
    assert (3, "period") in problems and "duplicate of row 2" in message
    problems, message = refused(tmp_path, "cpp-rate,E08000029,2025,170,49229,,,\n", analyst)
    assert (
        (2, "period") in problems
        and "is already held" in message
        and "roll that import back first" in message
    )


def test_a_missing_column_is_named(tmp_path, analyst):
    path = tmp_path / "x.csv"
    path.write_text("indicator,area,period,value\nasb-rate,E08000029,2019/20,4\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="x.csv, row 1, column area_code: required column is missing"):
        services.import_batch_run(path=path, file_format="long", source="t", by=analyst)


def test_rolling_back_removes_the_observations_and_keeps_the_record(tmp_path, analyst):
    path = write_csv(tmp_path, "asb-rate,E05001287,2019/20,310,11850,,,\n")
    batch = services.import_batch_run(path=path, file_format="long", source="Police", by=analyst)
    services.import_batch_roll_back(batch=batch, by=analyst)
    batch.refresh_from_db()
    assert batch.rolled_back_at is not None and batch.rolled_back_by == analyst
    assert not Observation.objects.filter(batch=batch).exists()
    with pytest.raises(ValueError, match="already rolled back"):
        services.import_batch_roll_back(batch=batch, by=analyst)
    # the same file can now be imported again
    assert services.import_batch_run(path=path, file_format="long", source="Police", by=analyst).rows == 1


def test_a_viewer_can_neither_import_nor_roll_back(tmp_path):
    viewer = UserFactory(username="viewer", role=Role.VIEWER)
    path = write_csv(tmp_path, "asb-rate,E05001287,2019/20,310,11850,,,\n")
    with pytest.raises(PermissionDenied):
        services.import_batch_run(path=path, file_format="long", source="t", by=viewer)
    with pytest.raises(PermissionDenied):
        services.import_batch_roll_back(batch=ImportBatch.objects.first(), by=viewer)


def test_a_fingertips_download_is_imported_without_its_breakdowns(tmp_path, analyst):
    path = tmp_path / "fingertips.csv"
    header = (
        "Indicator ID,Indicator Name,Area Code,Area Name,Area Type,Sex,Age,Category Type,Category,"
        "Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,Count,Denominator"
    )
    area = "40401,Under 75 circulatory,E08000029,Solihull,District"
    rows = [
        f"{area},Persons,<75 yrs,,,2008 - 10,61.2,55.1,67.8,412,180000",
        f"{area},Persons,<75 yrs,Deprivation decile,Most deprived,2008 - 10,90.1,80.0,99.0,120,40000",
        f"{area},Male,<75 yrs,,,2008 - 10,80.0,70.0,90.0,260,88000",
    ]
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    batch = services.import_batch_run(
        path=path, file_format="fingertips", source="OHID Fingertips", by=analyst
    )
    observation = batch.observations.get()
    assert observation.indicator.code == "u75-circulatory-mortality"
    assert (observation.period_label, observation.value, observation.lower_95) == ("2008-10", 61.2, 55.1)


def test_the_shipped_real_series_match_their_published_values():
    def held(code, area, label):
        return Observation.objects.get(indicator__code=code, area_id=area, period_label=label)

    cpp = held("cpp-rate", "E08000029", "31 March 2025")
    assert (cpp.numerator, cpp.denominator) == (177, 49229)
    assert round(observation_estimate(cpp, cpp.indicator).value, 1) == 36.0  # DfE-derived 36.0
    assert (
        round(observation_estimate(held("cpp-rate", "E92000001", "31 March 2025"), cpp.indicator).value, 1)
        == 40.6
    )
    gld = held("gld", "E07000236", "2021/22")  # Redditch, district level
    assert round(observation_estimate(gld, gld.indicator).value, 1) == 62.3
    assert round(held("claimant-count-16-64", "E08000029", "2025").value, 1) == 3.6
    assert round(held("children-relative-poverty-bhc", "E08000018", "2024/25").value, 1) == 27.3
    assert round(held("preventable-cvd-mortality-u75", "E92000001", "2022-24").value, 1) == 30.2
    real = [
        "cpp-rate",
        "gld",
        "claimant-count-16-64",
        "children-relative-poverty-bhc",
        "preventable-cvd-mortality-u75",
    ]
    assert not Observation.objects.filter(synthetic=True, indicator__code__in=real).exclude(
        area__level="lsoa"
    )


def test_loading_the_real_series_again_does_nothing(system):
    count = Observation.objects.count()
    assert all(loaded == 0 for _, loaded, _ in services.real_series_load(by=system))
    assert Observation.objects.count() == count


def test_values_and_intervals_follow_the_indicators_method():
    cpp = Observation.objects.filter(indicator__code="cpp-rate", area_id="E08000029").first()
    indicator = Indicator.objects.get(code="cpp-rate")
    expected = rate(cpp.numerator, cpp.denominator, multiplier=10_000)
    assert observation_estimate(cpp, indicator) == expected
    gld = Observation.objects.get(indicator__code="gld", area_id="E08000029")
    assert observation_estimate(gld, gld.indicator) == proportion(
        gld.numerator, gld.denominator, multiplier=100
    )


BANDED_HEADER = "indicator,area_code,period,age_band,numerator,denominator\n"


def banded_csv(tmp_path, rows: list[str]):
    path = tmp_path / "deaths.csv"
    path.write_text(BANDED_HEADER + "".join(rows), encoding="utf-8")
    return path


def test_a_dsr_given_by_age_band_is_standardised_from_its_counts(tmp_path, analyst):
    bands = ["50-54", "55-59", "60-64", "65-69", "70-74"]
    deaths, people = [12, 20, 35, 61, 90], [40_000, 38_000, 33_000, 30_000, 25_000]
    rows = [
        f"u75-circulatory-mortality,E08000029,2005 - 07,{b},{x},{n}\n"
        for b, x, n in zip(bands, deaths, people)
    ]
    batch = services.import_batch_run(
        path=banded_csv(tmp_path, rows), file_format="long", source="ONS", by=analyst
    )
    observation = batch.observations.get()
    assert observation.bands["labels"] == bands and observation.numerator == sum(deaths)
    estimate = observation_estimate(observation, observation.indicator)
    weights = [7000, 6500, 6000, 5500, 5000]  # ESP2013 for 50-54 .. 70-74
    by_hand = sum(w * x / n for w, x, n in zip(weights, deaths, people)) / sum(weights) * 100_000
    assert estimate.value == pytest.approx(by_hand) and estimate.method == "Dobson"


@pytest.mark.parametrize(
    "rows, where, reason",
    [
        (["u75-circulatory-mortality,E08000029,2005 - 07,50-55,3,100\n"], (2, "age_band"), "not a European"),
        (["asb-rate,E08000029,2005/06,50-54,3,100\n"], (2, "age_band"), "only directly standardised rates"),
        (
            ["u75-circulatory-mortality,E08000029,2005 - 07,50-54,3,100\n"] * 2,
            (3, "age_band"),
            "duplicate of row 2 (age band 50-54)",
        ),
    ],
)
def test_bad_age_band_rows_are_refused(tmp_path, analyst, rows, where, reason):
    before = Observation.objects.count()
    with pytest.raises(DataFileError) as caught:
        services.import_batch_run(path=banded_csv(tmp_path, rows), file_format="long", source="x", by=analyst)
    assert where in [(p.row, p.column) for p in caught.value.problems] and reason in str(caught.value)
    assert Observation.objects.count() == before


FINGERTIPS_HEADER = (
    "Indicator ID,Indicator Name,Area Code,Area Name,Area Type,Sex,Age,Category Type,Category,"
    "Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,Count,Denominator"
)


@pytest.mark.parametrize("indicator_id", ["²", "٣", "99999", "9" * 5000, "", "40401x"])
def test_a_fingertips_indicator_id_we_do_not_hold_is_refused_with_its_row_and_column(
    tmp_path, analyst, indicator_id
):
    path = tmp_path / "fingertips.csv"
    good = (
        "40401,Under 75 circulatory,E08000029,Solihull,District,Persons,<75 yrs,,,2008 - 10,61.2,55,68,412,1"
    )
    bad = good.replace("40401", indicator_id, 1)
    path.write_text("\n".join([FINGERTIPS_HEADER, good, bad]) + "\n", encoding="utf-8")
    batches = ImportBatch.objects.count()
    with pytest.raises(DataFileError) as caught:
        services.import_batch_run(path=path, file_format="fingertips", source="OHID", by=analyst)
    assert [(p.row, p.column) for p in caught.value.problems] == [(3, "Indicator ID")]
    assert "is not the Fingertips indicator ID of an indicator in the catalogue" in str(caught.value)
    assert ImportBatch.objects.count() == batches


def test_an_uploaded_cell_longer_than_the_csv_limit_is_a_form_error_not_a_server_error(client, analyst):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(analyst)
    body = "indicator,area_code,period,numerator,denominator\nasb-rate,E05001287,2019/20,1,10\n"
    upload = SimpleUploadedFile("big.csv", (body + f"asb-rate,{'E' * 200_000},2019/20,1,10\n").encode())
    batches, observations = ImportBatch.objects.count(), Observation.objects.count()
    response = client.post("/indicators/imports/new/", {"file": upload, "file_format": "long", "source": "t"})
    html = response.content.decode()
    assert response.status_code == 200 and "The file was not imported" in html
    assert "big.csv, row 3, column area_code: is longer than 131,072 characters" in html
    assert (ImportBatch.objects.count(), Observation.objects.count()) == (batches, observations)
