"""Loading comparator groups from the shipped lists (see equalchance/places/data/README.md).

Members that are not English areas we hold (Welsh, Scottish and Northern Irish areas in the ONS
lists, which have no English IMD) are left out and counted."""

from pathlib import Path

from django.db import transaction

from equalchance.common.validated_csv import Column, gss, read_rows, text, whole_number
from equalchance.places.importers.open_data import DATA_DIR, file_sha256
from equalchance.places.models import Area, ComparatorGroup, ComparatorGroupMember, DataLoad

DFE_FILE = "dfe_statistical_neighbours_long.csv.gz"
ONS_FILE = "ons_similar_areas_long.csv.gz"
DFE_MODELS = {
    "DfE children's services statistical neighbours, 2025 model": ComparatorGroup.Kind.DFE_2025,
    "DfE children's services statistical neighbours, April 2021": ComparatorGroup.Kind.DFE_2021,
}
ONS_TYPES = {
    "global": ComparatorGroup.Kind.ONS_GLOBAL,
    "economic": ComparatorGroup.Kind.ONS_ECONOMIC,
    "demographic": ComparatorGroup.Kind.ONS_DEMOGRAPHIC,
}
SOURCES = {
    DFE_FILE: "Department for Education, children's services statistical neighbour benchmarking tool "
    "(OGL v3.0)",
    ONS_FILE: "Office for National Statistics, Explore Local Statistics similar areas (OGL v3.0)",
}


def _choice(allowed: dict):
    def parse(value: str):
        if value not in allowed:
            raise ValueError(f"{value!r} is not one of {', '.join(sorted(allowed))}")
        return allowed[value]

    return parse


def _rows(data_dir: Path) -> list[tuple[str, str, str, int]]:
    """(kind, home code, member code, rank) from both files, validated."""
    dfe = read_rows(
        data_dir / DFE_FILE,
        [
            Column("model", _choice(DFE_MODELS)),
            Column("la_code", gss()),
            Column("sn_rank", whole_number(1, 50)),
            Column("sn_code", gss()),
            Column("sn_name", text),
        ],
        key=("model", "la_code", "sn_rank"),
    )
    ons = read_rows(
        data_dir / ONS_FILE,
        [
            Column("neighbour_type", _choice(ONS_TYPES)),
            Column("area_code", gss()),
            Column("rank", whole_number(1, 50)),
            Column("neighbour_code", gss()),
        ],
        key=("neighbour_type", "area_code", "rank"),
    )
    return list(
        zip(dfe.columns["model"], dfe.columns["la_code"], dfe.columns["sn_code"], dfe.columns["sn_rank"])
    ) + list(
        zip(
            ons.columns["neighbour_type"],
            ons.columns["area_code"],
            ons.columns["neighbour_code"],
            ons.columns["rank"],
        )
    )


def comparator_groups_load(*, data_dir: Path = DATA_DIR) -> tuple[int, int]:
    """Replace the comparator groups from the shipped lists; a no-op when the files are unchanged.
    Returns (groups loaded, members left out because the area is not held)."""
    hashes = {name: file_sha256(data_dir / name) for name in (DFE_FILE, ONS_FILE)}
    loaded = dict(DataLoad.objects.filter(file_name__in=hashes).values_list("file_name", "sha256"))
    if loaded == hashes and ComparatorGroup.objects.exists():
        return 0, 0
    rows = _rows(data_dir)
    known = set(Area.objects.values_list("code", flat=True))
    groups: dict[tuple[str, str], list[tuple[str, int]]] = {}
    left_out = 0
    for kind, home, member, rank in rows:
        if home not in known:
            continue
        if member not in known:
            left_out += 1
            continue
        groups.setdefault((kind, home), []).append((member, rank))
    with transaction.atomic():
        ComparatorGroup.objects.all().delete()
        source_of = {kind: SOURCES[DFE_FILE] for kind in DFE_MODELS.values()} | {
            kind: SOURCES[ONS_FILE] for kind in ONS_TYPES.values()
        }
        created = ComparatorGroup.objects.bulk_create(
            ComparatorGroup(kind=kind, home_id=home, source=source_of[kind]) for kind, home in groups
        )
        ids = {(g.kind, g.home_id): g.pk for g in ComparatorGroup.objects.all()}
        ComparatorGroupMember.objects.bulk_create(
            ComparatorGroupMember(group_id=ids[key], area_id=member, rank=rank)
            for key, members in groups.items()
            for member, rank in members
        )
        DataLoad.objects.bulk_create(
            DataLoad(dataset="comparators", file_name=name, sha256=sha, rows=len(rows))
            for name, sha in hashes.items()
        )
    return len(created), left_out
