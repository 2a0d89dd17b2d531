"""The real national series shipped in equalchance/indicators/data/ (see its README), as long-format
rows for the catalogue's indicators. Areas we hold (England, regions, districts) are kept; others
(counties, combined authorities, other nations) are counted and skipped."""

import csv
import gzip
import io
from dataclasses import dataclass
from pathlib import Path

from equalchance.indicators.importers.observations import Row

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
ENGLAND = "E92000001"


@dataclass(frozen=True)
class Series:
    indicator: str
    file: str
    source: str


SERIES = [
    Series(
        "gld",
        "eyfsp_headline_measures_2021_22.csv.gz",
        "DfE, Early years foundation stage profile results 2021/22 (headline measures)",
    ),
    Series(
        "cpp-rate",
        "cpp_rate_per_10000_computed.csv.gz",
        "DfE, Characteristics of children in need 2013-2025 (children on a plan at 31 March; ONS mid-year "
        "population aged 0-17 of the previous year)",
    ),
    Series(
        "claimant-count-16-64",
        "claimant-count.csv.gz",
        "ONS, Claimant Count (via ONS Explore Local Statistics)",
    ),
    Series(
        "children-relative-poverty-bhc",
        "children-in-relative-poverty.csv.gz",
        "DWP, Children in low income families: local area statistics (via ONS Explore Local Statistics)",
    ),
    Series(
        "preventable-cvd-mortality-u75",
        "preventable-cardiovascular-mortality-england.csv.gz",
        "OHID Fingertips indicator 93722 (via ONS Explore Local Statistics)",
    ),
]


def _records(path: Path):
    with gzip.open(path, "rb") as handle:
        text = handle.read().decode("utf-8-sig")
    return enumerate(csv.DictReader(io.StringIO(text, newline="")), start=2)


def _row(number, indicator, area, period, numerator="", denominator="", value="", lower="", upper=""):
    return Row(
        number,
        {
            "indicator": indicator,
            "area_code": area,
            "period": period,
            "numerator": numerator,
            "denominator": denominator,
            "value": value,
            "lower_95": lower,
            "upper_95": upper,
        },
    )


def gld_rows(path: Path) -> list[Row]:
    rows, districts = [], set()
    levels = {"National": "country_code", "Regional": "region_code", "Local authority": "new_la_code"}
    for number, r in _records(path):
        if (r["characteristic"], r["characteristic_type"], r["gender"]) != ("Total", "Total", "Total"):
            continue
        year = r["time_period"]
        period = f"{year[:4]}/{year[4:]}"
        if r["geographic_level"] in levels:
            code = r[levels[r["geographic_level"]]]
            districts.add(code)
            rows.append(_row(number, "gld", code, period, r["gld_number"], r["children_number"]))
    # Shire districts (e.g. Redditch) appear only at district level, by the provider's postcode.
    for number, r in _records(path):
        if (r["geographic_level"], r["characteristic"], r["characteristic_type"], r["gender"]) == (
            "Local authority district",
            "Total",
            "Total",
            "Total",
        ) and r["lad_code"] not in districts:
            year = r["time_period"]
            rows.append(
                _row(
                    number,
                    "gld",
                    r["lad_code"],
                    f"{year[:4]}/{year[4:]}",
                    r["gld_number"],
                    r["children_number"],
                )
            )
    return rows


def cpp_rows(path: Path) -> list[Row]:
    rows = []
    for number, r in _records(path):
        code = {"National": ENGLAND, "Regional": r["region_code"]}.get(
            r["geographic_level"], r["new_la_code"]
        )
        if not (r["cpp_at_31_march"].isdigit() and r["pop_0_17_mid_prev_year"].isdigit()):
            continue  # suppressed by DfE ("c", "x"), or the authority did not exist that year
        rows.append(
            _row(
                number, "cpp-rate", code, r["time_period"], r["cpp_at_31_march"], r["pop_0_17_mid_prev_year"]
            )
        )
    return rows


def els_rows(path: Path, indicator: str, wanted: str | None = None) -> list[Row]:
    rows = []
    for number, r in _records(path):
        if wanted and r["indicator"] != wanted:
            continue
        rows.append(
            _row(
                number,
                indicator,
                r["areacd"],
                r["period"],
                value=r["observation"],
                lower=r.get("lci_95", ""),
                upper=r.get("uci_95", ""),
            )
        )
    return rows


def series_rows(series: Series, data_dir: Path = DATA_DIR) -> list[Row]:
    path = data_dir / series.file
    if series.indicator == "gld":
        return gld_rows(path)
    if series.indicator == "cpp-rate":
        return cpp_rows(path)
    if series.indicator == "children-relative-poverty-bhc":
        return els_rows(path, series.indicator, "Children in relative poverty before housing costs")
    return els_rows(path, series.indicator)
