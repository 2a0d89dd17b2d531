"""Loading the national open data shipped with Equal Chance (see equalchance/places/data/README.md).

All files are read and validated first; then everything is written in one transaction. A load whose
files are byte-for-byte those of the last load does nothing.
"""

import gc
import hashlib
import json
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from tqdm import tqdm

from equalchance.accounts.permissions import user_can
from equalchance.audit.actions import Action
from equalchance.audit.services import audit_event_record
from equalchance.common.validated_csv import (
    Column,
    DataFileError,
    Problem,
    gss,
    number,
    read_rows,
    text,
    whole_number,
)
from equalchance.places.domains import SUMMARY_MEASURES
from equalchance.places.models import (
    Area,
    AreaLevel,
    Boundary,
    DataLoad,
    Geography,
    LsoaDeprivation,
    LsoaPlacement,
    LsoaSuccession,
    PublishedSummary,
    Release,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
ENGLAND = ("E92000001", "England")
BATCH = 5000


decile = whole_number(1, 10)

# Column order of deprivation rows as written (release, LSOA, district, then every indicator).
DEPRIVATION_FIELDS = ["release", "lsoa", "district"] + [
    f.name
    for f in LsoaDeprivation._meta.concrete_fields
    if f.name not in {"id", "release", "lsoa", "district"}
]


@dataclass(frozen=True)
class Supplement:
    """A second file of a release, one row per LSOA, joined on the LSOA code (e.g. IoD2025 File 3)."""

    file: str
    fields: dict[str, str]  # model field -> file column


@dataclass(frozen=True)
class ReleaseSpec:
    year: int
    file: str
    geography: str
    lsoa_column: str
    district_code: str
    district_name: str
    lsoa_count: int
    # model field -> file column, for every indicator the file has
    fields: dict[str, str]
    publisher: str
    source_url: str
    notes: str = ""
    supplement: Supplement | None = None

    def parser(self, model_field: str):
        if model_field.endswith("_rank"):
            return whole_number(1, self.lsoa_count)
        if model_field.endswith("_decile"):
            return decile
        if model_field.startswith("pop_"):
            return whole_number(0)
        return number

    def columns(self) -> list[Column]:
        columns = [
            Column(self.lsoa_column, gss("E01")),
            Column(self.lsoa_column.replace("cd", "nm"), text),
            Column(self.district_code, gss("E06", "E07", "E08", "E09")),
            Column(self.district_name, text),
        ]
        for model_field, file_column in self.fields.items():
            columns.append(Column(file_column, self.parser(model_field)))
        return columns


def _indicator_fields(names: list[str], *, scores: list[str]) -> dict[str, str]:
    fields = {}
    for name in names:
        if name in scores:
            fields[f"{name}_score"] = f"{name}_score"
        fields[f"{name}_rank"] = f"{name}_rank"
        fields[f"{name}_decile"] = f"{name}_decile"
    return fields


SEVEN_DOMAINS = [
    "imd",
    "income",
    "employment",
    "education",
    "health",
    "crime",
    "barriers",
    "living_environment",
]

RELEASES = [
    ReleaseSpec(
        year=2015,
        file="imd2015_lsoa11_england.csv.gz",
        geography=Geography.G2019,
        lsoa_column="lsoa11cd",
        district_code="lad13cd",
        district_name="lad13nm",
        lsoa_count=32_844,
        fields=_indicator_fields(["imd"], scores=["imd"]),
        publisher="Department for Communities and Local Government (now MHCLG)",
        source_url="https://www.gov.uk/government/statistics/english-indices-of-deprivation-2015",
        notes="IMD score, rank and decile only: the domain files were not obtainable in a public copy.",
    ),
    ReleaseSpec(
        year=2019,
        file="iod2019_lsoa11_england.csv.gz",
        geography=Geography.G2019,
        lsoa_column="lsoa11cd",
        district_code="lad19cd",
        district_name="lad19nm",
        lsoa_count=32_844,
        fields={
            **_indicator_fields(SEVEN_DOMAINS + ["idaci", "idaopi"], scores=["imd", "income", "employment"]),
            "pop_total": "pop_total_mid2015",
            "pop_working_age": "pop_working_age_mid2015",
            "pop_children": "pop_0_15_mid2015",
            "pop_older": "pop_60plus_mid2015",
        },
        publisher="Ministry of Housing, Communities and Local Government",
        source_url="https://www.gov.uk/government/statistics/english-indices-of-deprivation-2019",
        notes="Income and employment scores are rates to 3 decimal places. "
        "Populations: mid-2015, excluding prisoners.",
    ),
    ReleaseSpec(
        year=2025,
        file="iod2025_lsoa21_england.csv.gz",
        geography=Geography.G2024,
        lsoa_column="lsoa21cd",
        district_code="lad24cd",
        district_name="lad24nm",
        lsoa_count=33_755,
        fields=_indicator_fields(SEVEN_DOMAINS, scores=SEVEN_DOMAINS),
        publisher="Ministry of Housing, Communities and Local Government",
        source_url="https://www.gov.uk/government/statistics/english-indices-of-deprivation-2025",
        notes="2021 LSOAs, as corrected in November 2025 (E01027305 in West Northamptonshire). "
        "IDACI and IDAOPI ranks and deciles from File 3; population denominators and IDACI/IDAOPI "
        "scores are not in the open data held here.",
        supplement=Supplement(
            file="iod2025_lsoa21_idaci_idaopi.csv.gz",
            fields=_indicator_fields(["idaci", "idaopi"], scores=[]),
        ),
    ),
]

# MHCLG corrected IoD2025 in November 2025 (File 10 v2 and the reissued LSOA files): LSOA E01027305
# ("West Northamptonshire 048E") belongs to West Northamptonshire (E06000062). The October 2025 files, and
# the ONS LSOA (2021) to ward (2024) to LAD (2024) best-fit lookup that gives `lad24cd` in the shipped
# LSOA file, put it in Cherwell (E07000177). Geography -> LSOA -> (district in the file, corrected
# district); applied only where a file still says the old district. Its best-fit ward is kept.
DISTRICT_CORRECTIONS = {Geography.G2024: {"E01027305": ("E07000177", "E06000062")}}


@dataclass(frozen=True)
class PublishedSpec:
    """MHCLG's File 10 for a release, reshaped to one row per district, domain and measure."""

    year: int
    file: str
    district_code: str
    district_name: str
    districts: int  # how many districts File 10 ranks
    # the file's measure name -> the product's, where they differ
    measure_names: dict[str, str] = field(default_factory=dict)


PUBLISHED = [
    PublishedSpec(
        year=2019,
        file="iod2019_lad19_summaries_file10.csv.gz",
        district_code="lad19cd",
        district_name="lad19nm",
        districts=317,
    ),
    PublishedSpec(
        year=2025,
        file="iod2025_lad24_summaries_file10.csv.gz",
        district_code="lad24cd",
        district_name="lad24nm",
        districts=296,
        measure_names={"proportion_lsoas_most_deprived_10pct": "proportion_most_deprived_10pc"},
    ),
]
PUBLISHED_FIELDS = ["release", "area", "domain", "measure", "value", "rank"]

BOUNDARIES = [
    # file, geography, code property, level
    ("lsoa11_bsc_solihull_rotherham_redditch.geojson.gz", Geography.G2019, "lsoa11cd", AreaLevel.LSOA),
    ("wards2019_bsc_solihull_rotherham_redditch.geojson.gz", Geography.G2019, "wd19cd", AreaLevel.WARD),
    ("lad2019_buc_england.geojson.gz", Geography.G2019, "lad19cd", AreaLevel.DISTRICT),
    ("lsoa21_bsc_solihull_rotherham_redditch.geojson.gz", Geography.G2024, "lsoa21cd", AreaLevel.LSOA),
    ("wards2022_bsc_solihull_rotherham_redditch.geojson.gz", Geography.G2024, "wd22cd", AreaLevel.WARD),
    ("lad2024_buc_england.geojson.gz", Geography.G2024, "lad24cd", AreaLevel.DISTRICT),
]


@dataclass
class Parsed:
    """Everything read from the files, validated, ready to write."""

    areas: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (name, level)
    placements: list[tuple[str, str, str, str, str | None]] = field(default_factory=list)
    successions: list[tuple[str, str, str]] = field(default_factory=list)
    deprivation: dict[int, list[tuple]] = field(default_factory=dict)  # rows in DEPRIVATION_FIELDS order
    release_districts: dict[int, set[str]] = field(default_factory=dict)
    published: dict[int, list[tuple]] = field(default_factory=dict)  # rows in PUBLISHED_FIELDS order
    boundaries: list[tuple[str, str, str, str]] = field(
        default_factory=list
    )  # code, geography, geometry, source
    files: dict[str, tuple[str, int]] = field(default_factory=dict)  # file -> (sha256, rows)
    skipped: list[str] = field(default_factory=list)

    def area(self, code: str, name: str, level: str) -> None:
        self.areas[code] = (name, level)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _read_regions(
    data_dir: Path, parsed: Parsed, file: str, lad: str, rgn: str, utla: str | None = None
) -> dict[str, str]:
    columns = [
        Column(f"{lad}CD", gss("E06", "E07", "E08", "E09")),
        Column(f"{lad}NM", text),
        Column(f"{rgn}CD", gss("E12")),
        Column(f"{rgn}NM", text),
    ]
    if utla:
        columns += [Column(f"{utla}CD", gss("E06", "E08", "E09", "E10")), Column(f"{utla}NM", text)]
    rows = read_rows(data_dir / file, columns, key=(f"{lad}CD",))
    for row in rows.rows():
        parsed.area(row[f"{lad}CD"], row[f"{lad}NM"], AreaLevel.DISTRICT)
        parsed.area(row[f"{rgn}CD"], row[f"{rgn}NM"], AreaLevel.REGION)
        if utla and row[f"{utla}CD"].startswith("E10"):  # counties; unitary codes are the districts'
            parsed.area(row[f"{utla}CD"], row[f"{utla}NM"], AreaLevel.COUNTY)
    parsed.files[file] = (file_sha256(data_dir / file), len(rows))
    return dict(zip(rows.columns[f"{lad}CD"], rows.columns[f"{rgn}CD"]))


def _read_placements(
    data_dir: Path, parsed: Parsed, file: str, geography: str, lsoa: str, ward: str, lad: str, regions: dict
) -> None:
    rows = read_rows(
        data_dir / file,
        [
            Column(f"{lsoa}CD", gss("E01", "W01")),
            Column(f"{lsoa}NM", text),
            Column(f"{ward}CD", gss("E05", "W05")),
            Column(f"{ward}NM", text),
            Column(f"{lad}CD", gss("E06", "E07", "E08", "E09", "W06")),
            Column(f"{lad}NM", text),
        ],
        key=(f"{lsoa}CD",),
        keep_prefix="E",
    )
    corrections = DISTRICT_CORRECTIONS.get(geography, {})
    for row in rows.rows():
        district = row[f"{lad}CD"]
        old, new = corrections.get(row[f"{lsoa}CD"], (None, None))
        if district == old:
            district = new
        if district not in regions:
            raise DataFileError(
                [Problem(file, None, f"{lad}CD", f"district {district} has no region in the lookup")]
            )
        parsed.area(row[f"{lsoa}CD"], row[f"{lsoa}NM"], AreaLevel.LSOA)
        parsed.area(row[f"{ward}CD"], row[f"{ward}NM"], AreaLevel.WARD)
        parsed.placements.append((geography, row[f"{lsoa}CD"], row[f"{ward}CD"], district, regions[district]))
    parsed.files[file] = (file_sha256(data_dir / file), len(rows))


def _read_successions(data_dir: Path, parsed: Parsed) -> None:
    file = "lsoa11_lsoa21_lad22_ew.csv.gz"

    def change(value: str) -> str:
        if value not in {"U", "S", "M", "X"}:
            raise ValueError(f"{value!r} is not a change indicator (U, S, M or X)")
        return value

    rows = read_rows(
        data_dir / file,
        [
            Column("LSOA11CD", gss("E01", "W01")),
            Column("LSOA21CD", gss("E01", "W01")),
            Column("LSOA21NM", text),
            Column("CHGIND", change),
        ],
        key=("LSOA11CD", "LSOA21CD"),
        keep_prefix="E",
    )
    parsed.successions = list(zip(rows.columns["LSOA11CD"], rows.columns["LSOA21CD"], rows.columns["CHGIND"]))
    parsed.files[file] = (file_sha256(data_dir / file), len(rows))


def _read_release(data_dir: Path, parsed: Parsed, spec: ReleaseSpec) -> None:
    path = data_dir / spec.file
    table = read_rows(path, spec.columns(), key=(spec.lsoa_column,))
    if len(table) != spec.lsoa_count:
        raise DataFileError(
            [Problem(spec.file, None, None, f"has {len(table)} LSOAs; expected {spec.lsoa_count}")]
        )
    codes = table.columns[spec.lsoa_column]
    districts = list(table.columns[spec.district_code])
    for code, name in zip(codes, table.columns[spec.lsoa_column.replace("cd", "nm")]):
        if code not in parsed.areas:
            parsed.area(code, name, AreaLevel.LSOA)
    for code, name in zip(districts, table.columns[spec.district_name]):
        if code not in parsed.areas:
            parsed.area(code, name, AreaLevel.DISTRICT)
    index = {code: i for i, code in enumerate(codes)}
    for lsoa, (old, new) in DISTRICT_CORRECTIONS.get(spec.geography, {}).items():
        if lsoa in index and districts[index[lsoa]] == old:
            districts[index[lsoa]] = new
    columns = {f: table.columns[spec.fields[f]] for f in spec.fields}
    if spec.supplement:
        columns |= _read_supplement(data_dir, parsed, spec, index)
    empty = [None] * len(table)
    values = [columns.get(f, empty) for f in DEPRIVATION_FIELDS[3:]]
    parsed.deprivation[spec.year] = list(zip([spec.year] * len(table), codes, districts, *values))
    parsed.release_districts[spec.year] = set(districts)
    parsed.files[spec.file] = (file_sha256(path), len(table))


def _read_supplement(data_dir: Path, parsed: Parsed, spec: ReleaseSpec, index: dict[str, int]) -> dict:
    """The supplement's columns in the order of the release's LSOAs; it must hold exactly those LSOAs."""
    supplement = spec.supplement
    path = data_dir / supplement.file
    columns = [Column(spec.lsoa_column, gss("E01"))] + [
        Column(column, spec.parser(model_field)) for model_field, column in supplement.fields.items()
    ]
    table = read_rows(path, columns, key=(spec.lsoa_column,))
    codes = table.columns[spec.lsoa_column]
    problems = [
        Problem(supplement.file, row, spec.lsoa_column, f"{code} is not an LSOA of {spec.file}")
        for row, code in zip(table.row_numbers, codes)
        if code not in index
    ]
    missing = sorted(index.keys() - set(codes))
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        problems.append(Problem(supplement.file, None, spec.lsoa_column, f"has no row for {shown}"))
    if problems:
        raise DataFileError(problems)
    order = [0] * len(codes)
    for position, code in enumerate(codes):
        order[index[code]] = position
    parsed.files[supplement.file] = (file_sha256(path), len(table))
    return {
        model_field: [table.columns[column][i] for i in order]
        for model_field, column in supplement.fields.items()
    }


def _choice(allowed) -> Callable[[str], str]:
    allowed = list(allowed)

    def parse(value: str) -> str:
        value = value.strip()
        if value not in allowed:
            raise ValueError(f"{value!r} is not one of {', '.join(allowed)}")
        return value

    return parse


def _read_published(data_dir: Path, parsed: Parsed, spec: PublishedSpec) -> None:
    """File 10 as published: every district of the release's LSOA file, each with every measure of the
    file's domains once; values and ranks kept as they are."""
    path = data_dir / spec.file
    measures = {name for domain in SUMMARY_MEASURES.values() for name in domain}
    table = read_rows(
        path,
        [
            Column(spec.district_code, gss("E06", "E07", "E08", "E09")),
            Column(spec.district_name, text),
            Column("domain", _choice(SUMMARY_MEASURES)),
            Column("measure", _choice(sorted(measures | spec.measure_names.keys()))),
            Column("value", number),
            Column("rank", whole_number(1, spec.districts)),
        ],
        key=(spec.district_code, "domain", "measure"),
    )
    codes = table.columns[spec.district_code]
    domains = table.columns["domain"]
    names = [spec.measure_names.get(m, m) for m in table.columns["measure"]]
    problems = []
    known = parsed.release_districts.get(spec.year, set())
    for row, code, domain, measure in zip(table.row_numbers, codes, domains, names):
        if code not in known:
            problems.append(
                Problem(spec.file, row, spec.district_code, f"{code} is not a district of IoD{spec.year}")
            )
        if measure not in SUMMARY_MEASURES[domain]:
            problems.append(Problem(spec.file, row, "measure", f"{measure} is not a measure of {domain}"))
    if not problems:
        expected = set(zip(domains, names))
        held: dict[str, set] = {}
        for code, domain, measure in zip(codes, domains, names):
            held.setdefault(code, set()).add((domain, measure))
        for code in sorted(known):
            lacking = sorted(expected - held.get(code, set()))
            if lacking:
                what = ", ".join(f"{d} {m}" for d, m in lacking[:5])
                problems.append(Problem(spec.file, None, spec.district_code, f"{code} has no {what}"))
        if len(known) != spec.districts:
            problems.append(
                Problem(
                    spec.file, None, None, f"IoD{spec.year} has {len(known)} districts, not {spec.districts}"
                )
            )
    if problems:
        raise DataFileError(problems)
    parsed.published[spec.year] = list(
        zip([spec.year] * len(table), codes, domains, names, table.columns["value"], table.columns["rank"])
    )
    parsed.files[spec.file] = (file_sha256(path), len(table))


def _read_boundaries(data_dir: Path, parsed: Parsed) -> None:
    import gzip

    for file, geography, code_property, level in BOUNDARIES:
        path = data_dir / "boundaries" / file
        try:
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                collection = json.load(handle)
        except (OSError, json.JSONDecodeError) as error:
            raise DataFileError([Problem(file, None, None, f"is not readable GeoJSON: {error}")]) from None
        count = 0
        for index, feature in enumerate(collection.get("features", []), start=1):
            code = feature.get("properties", {}).get(code_property, "")
            geometry = feature.get("geometry") or {}
            if geometry.get("type") not in {"Polygon", "MultiPolygon"}:
                raise DataFileError([Problem(file, index, "geometry", "is not a Polygon or MultiPolygon")])
            known = parsed.areas.get(code)
            if known is None or known[1] != level:
                # e.g. a 2022 ward that no longer exists in the 2024 lookup: no area to draw it for.
                parsed.skipped.append(f"{file}: {code} is not a {level} in this geography's lookup")
                continue
            parsed.boundaries.append((code, geography, json.dumps(geometry, separators=(",", ":")), file))
            count += 1
        parsed.files[file] = (file_sha256(path), count)


@contextmanager
def garbage_collection_paused():
    """Parsing makes millions of small objects and no cycles; the collector's repeated scans of
    them cost a fifth of the reading time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_open_data(data_dir: Path = DATA_DIR, progress: Callable | None = None) -> Parsed:
    """Read and validate every file. Raises DataFileError; writes nothing."""
    with garbage_collection_paused():
        return _read_all(data_dir, progress)


def _read_all(data_dir: Path, progress: Callable | None) -> Parsed:
    tick = progress or (lambda steps: None)
    parsed = Parsed()
    parsed.area(*ENGLAND, AreaLevel.COUNTRY)
    regions19 = _read_regions(data_dir, parsed, "lad2019_utla2019_region_en.csv", "LAD19", "RGN19", "UTLA19")
    tick(1)
    regions24 = _read_regions(data_dir, parsed, "lad2024_region_en.csv", "LAD24", "RGN24")
    tick(1)
    _read_placements(
        data_dir,
        parsed,
        "lsoa11_ward2019_lad2019_ew.csv.gz",
        Geography.G2019,
        "LSOA11",
        "WD19",
        "LAD19",
        regions19,
    )
    tick(1)
    _read_placements(
        data_dir,
        parsed,
        "lsoa21_ward2024_lad2024_ew.csv.gz",
        Geography.G2024,
        "LSOA21",
        "WD24",
        "LAD24",
        regions24,
    )
    tick(1)
    _read_successions(data_dir, parsed)
    tick(1)
    for spec in RELEASES:
        _read_release(data_dir, parsed, spec)
        tick(1)
    for published in PUBLISHED:
        _read_published(data_dir, parsed, published)
        tick(1)
    _read_boundaries(data_dir, parsed)
    tick(1)
    return parsed


READ_STEPS = 6 + len(RELEASES) + len(PUBLISHED)


def data_files(data_dir: Path = DATA_DIR) -> list[Path]:
    tables = [
        "lad2019_utla2019_region_en.csv",
        "lad2024_region_en.csv",
        "lsoa11_ward2019_lad2019_ew.csv.gz",
        "lsoa21_ward2024_lad2024_ew.csv.gz",
        "lsoa11_lsoa21_lad22_ew.csv.gz",
        *[spec.file for spec in RELEASES],
        *[spec.supplement.file for spec in RELEASES if spec.supplement],
        *[spec.file for spec in PUBLISHED],
    ]
    return [data_dir / name for name in tables] + [data_dir / "boundaries" / b[0] for b in BOUNDARIES]


# Raise when the loader derives more from the same files (2: counties from the UTLA lookup; 3: File 10
# tables, IoD2025 IDACI/IDAOPI and the E01027305 correction), so that databases loaded by an older
# version are reloaded once.
LOADER_VERSION = "3"


def is_already_loaded(data_dir: Path = DATA_DIR) -> bool:
    """True when every file is byte-for-byte the one most recently loaded, by this loader version."""
    loaded = {load.file_name: load.sha256 for load in DataLoad.objects.order_by("loaded_at", "id")}
    if loaded.get("loader") != LOADER_VERSION:
        return False
    return all(path.exists() and loaded.get(path.name) == file_sha256(path) for path in data_files(data_dir))


def insert_rows(model, fields: list[str], rows: list[tuple], progress: Callable | None = None) -> None:
    """Insert plain tuples the fastest way each database offers: COPY on PostgreSQL, one
    parameterised statement per batch (executemany) on SQLite. Model instances would cost more than
    the insert itself."""
    quote = connection.ops.quote_name
    columns = [model._meta.get_field(name).column for name in fields]
    table = f"{quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)})"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy:
            for start in range(0, len(rows), BATCH):
                batch = rows[start : start + BATCH]
                for row in batch:
                    copy.write_row(row)
                if progress:
                    progress(len(batch))
        return
    sql = f"INSERT INTO {table} VALUES ({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            cursor.executemany(sql, batch)
            if progress:
                progress(len(batch))


def release_save(spec: ReleaseSpec) -> Release:
    release, _ = Release.objects.update_or_create(
        year=spec.year,
        defaults={
            "name": f"IoD{spec.year}",
            "geography": spec.geography,
            "lsoa_count": spec.lsoa_count,
            "publisher": spec.publisher,
            "source_url": spec.source_url,
            "licence": "Open Government Licence v3.0",
            "notes": spec.notes,
        },
    )
    return release


def write_open_data(parsed: Parsed, *, by, progress: Callable | None = None) -> None:
    """Replace the national reference data with `parsed`, in one transaction.

    Areas are updated in place (priority areas refer to them); lookups, boundaries and deprivation
    rows are replaced whole.
    """
    with transaction.atomic():
        existing = {
            code: (name, level) for code, name, level in Area.objects.values_list("code", "name", "level")
        }
        insert_rows(
            Area,
            ["code", "name", "level"],
            [(c, n, lvl) for c, (n, lvl) in parsed.areas.items() if c not in existing],
            progress,
        )
        changed = [
            Area(code=c, name=n, level=lvl)
            for c, (n, lvl) in parsed.areas.items()
            if c in existing and existing[c] != (n, lvl)
        ]
        Area.objects.bulk_update(changed, ["name", "level"], batch_size=500)
        if progress:
            progress(len(parsed.areas) - len(parsed.areas.keys() - existing.keys()))

        LsoaPlacement.objects.all().delete()
        insert_rows(
            LsoaPlacement, ["geography", "lsoa", "ward", "district", "region"], parsed.placements, progress
        )
        LsoaSuccession.objects.all().delete()
        insert_rows(LsoaSuccession, ["lsoa11", "lsoa21", "change"], parsed.successions, progress)
        Boundary.objects.all().delete()
        insert_rows(Boundary, ["area", "geography", "geometry", "source"], parsed.boundaries, progress)
        for spec in RELEASES:
            release_save(spec)
            LsoaDeprivation.objects.filter(release_id=spec.year).delete()
            insert_rows(LsoaDeprivation, DEPRIVATION_FIELDS, parsed.deprivation[spec.year], progress)
        PublishedSummary.objects.all().delete()
        for published in PUBLISHED:
            insert_rows(
                PublishedSummary, PUBLISHED_FIELDS, parsed.published.get(published.year, []), progress
            )
        DataLoad.objects.bulk_create(
            [
                DataLoad(dataset=file.split(".")[0], file_name=file, sha256=sha, rows=rows, loaded_by=by)
                for file, (sha, rows) in parsed.files.items()
            ]
            + [DataLoad(dataset="loader", file_name="loader", sha256=LOADER_VERSION, rows=0, loaded_by=by)]
        )
        audit_event_record(
            actor=by,
            action=Action.DATA_LOAD,
            object_type="places.dataload",
            object_id=LOADER_VERSION,
            changes={file: {"sha256": sha, "rows": rows} for file, (sha, rows) in parsed.files.items()},
        )


@dataclass(frozen=True)
class LoadResult:
    loaded: bool
    files: dict[str, tuple[str, int]]
    skipped: list[str]


def open_data_load(
    *, data_dir: Path = DATA_DIR, by, show_progress: bool = False, progress: Callable | None = None
) -> LoadResult:
    """Load the national open data if the files differ from the last load; otherwise do nothing.

    `show_progress` draws bars on the terminal; `progress(done, total, step)` is told of each file read
    and of the write (a background task shows it; the write is one transaction, one step)."""
    if not user_can(by, "reference_data.manage"):
        raise PermissionDenied("Only administrators can load the national open data.")
    report = progress or (lambda done, total, step: None)
    steps = READ_STEPS + 1
    if is_already_loaded(data_dir):
        report(steps, steps, "Already loaded (same files)")
        return LoadResult(False, {}, [])
    files_read = 0

    def file_read(count: int) -> None:
        nonlocal files_read
        files_read += count
        bar.update(count)
        report(files_read, steps, "Reading and checking the files")

    report(0, steps, "Reading and checking the files")
    with tqdm(
        total=READ_STEPS, desc="Reading and checking files", unit="file", disable=not show_progress
    ) as bar:
        parsed = read_open_data(data_dir, progress=file_read)
    total = (
        len(parsed.areas)
        + len(parsed.placements)
        + len(parsed.successions)
        + len(parsed.boundaries)
        + sum(len(rows) for rows in parsed.deprivation.values())
        + sum(len(rows) for rows in parsed.published.values())
    )
    report(READ_STEPS, steps, "Writing to the database")
    with tqdm(total=total, desc="Writing to the database", unit="row", disable=not show_progress) as bar:
        write_open_data(parsed, by=by, progress=bar.update)
    report(steps, steps, "Written")
    return LoadResult(True, parsed.files, parsed.skipped)
