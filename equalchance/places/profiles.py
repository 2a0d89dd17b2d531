"""The profile of a priority area against the rest of its district: population by national decile,
domain profile, summary measures and change between releases."""

from dataclasses import dataclass

from equalchance.places import change, selectors
from equalchance.places.domains import DOMAIN_LABELS
from equalchance.places.models import Geography, PriorityArea, PriorityAreaVersion
from equalchance.places.selectors import LsoaRow, SummaryRow

# Populations and the domain profile use IoD2019, the release with population denominators here.
PROFILE_RELEASE = 2019
PROFILE_RELEASE_GEOGRAPHY = Geography.G2019


@dataclass(frozen=True)
class DecileProfile:
    name: str
    population: int
    lsoas: int
    shares: list[float]  # share of the population in national deciles 1..10


@dataclass(frozen=True)
class PriorityAreaProfile:
    part_names: list[str]  # the area, the rest of the district, the district
    decile_profile: list[DecileProfile]
    domain_profile: list[dict]  # {"domain": label, "cells": [(share in decile 1, in deciles 1-2) per part]}
    summaries: list[tuple[str, list[SummaryRow]]]  # the area and the rest of the district
    changes: list[tuple[int, int, change.GroupChange, change.GroupChange]]
    member_rows: list[LsoaRow]


def _population_by_decile(frame, codes: list[str], domain: str) -> tuple[int, list[float]]:
    rows = frame.rows_for(codes)
    population = frame.columns["pop_total"][rows]
    deciles = frame.columns[f"{domain}_decile"][rows]
    total = population.sum()
    shares = [float(population[deciles == d].sum() / total) if total else 0.0 for d in range(1, 11)]
    return int(total), shares


def priority_area_profile(
    *, priority_area: PriorityArea, version: PriorityAreaVersion, release: int
) -> PriorityAreaProfile:
    district = priority_area.district
    members = set(selectors.priority_area_lsoas(version))
    district_lsoas = selectors.lsoas_in_district(release=PROFILE_RELEASE, district=district.code)
    area_codes = [lsoa.code for lsoa in district_lsoas if lsoa.code in members]
    rest_codes = [lsoa.code for lsoa in district_lsoas if lsoa.code not in members]
    parts = [
        (priority_area.name, area_codes),
        (f"Rest of {district.name}", rest_codes),
        (district.name, [lsoa.code for lsoa in district_lsoas]),
    ]
    frame = selectors.lsoa_frame(PROFILE_RELEASE)
    decile_profile = []
    for name, codes in parts:
        population, shares = _population_by_decile(frame, codes, "imd")
        decile_profile.append(DecileProfile(name, population, len(codes), shares))
    domain_profile = []
    for domain in selectors.domains_in_release(PROFILE_RELEASE):
        shares = [_population_by_decile(frame, codes, domain)[1] for _, codes in parts]
        domain_profile.append(
            {"domain": DOMAIN_LABELS[domain], "cells": [(s[0], s[0] + s[1]) for s in shares]}
        )
    changes = []
    for before, after in [(2015, 2019), (2019, 2025)]:
        area_change, rest_change = (
            change.group_change(
                name=name, changes=change.lsoa_changes(lsoa_codes=codes, before=before, after=after)
            )
            for name, codes in parts[:2]
        )
        changes.append((before, after, area_change, rest_change))
    return PriorityAreaProfile(
        part_names=[name for name, _ in parts],
        decile_profile=decile_profile,
        domain_profile=domain_profile,
        summaries=[
            (name, selectors.lsoa_set_summaries(release=release, lsoa_codes=codes, name=name))
            for name, codes in parts[:2]
        ],
        changes=changes,
        member_rows=[lsoa for lsoa in district_lsoas if lsoa.code in members],
    )
