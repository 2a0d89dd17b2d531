"""The profile of a priority area against the rest of its district, in one release: its LSOAs (taken
through the LSOA 2011 to 2021 lookup when the area was defined in the other geography), the share of
people (or, without population denominators, of LSOAs) in each national decile, the domain profile,
summary measures and change between releases."""

from dataclasses import dataclass

from equalchance.places import change, selectors
from equalchance.places.domains import DOMAIN_LABELS
from equalchance.places.models import Geography, PriorityArea, PriorityAreaVersion
from equalchance.places.selectors import LsoaRow, MissingMeasure, SummaryRow


@dataclass(frozen=True)
class DecileProfile:
    name: str
    population: int | None  # None where the release has no population denominators here
    lsoas: int
    shares: list[float]  # share of the population (or of the LSOAs) in national deciles 1..10


@dataclass(frozen=True)
class PriorityAreaProfile:
    release: int
    geography: str  # of the release: the LSOAs shown are in it
    by_population: bool  # shares are of people (True) or of LSOAs (False: no population denominators)
    translated: bool  # the version was defined in the other geography and reached through the lookup
    part_names: list[str]  # the area, the rest of the district, the district
    decile_profile: list[DecileProfile]
    domain_profile: list[dict]  # {"domain": label, "cells": [(share in decile 1, in deciles 1-2) per part]}
    summaries: list[tuple[str, list[SummaryRow]]]  # the area and the rest of the district
    missing: list[MissingMeasure]  # measures that cannot be computed for this release, and why
    changes: list[tuple[int, int, change.GroupChange, change.GroupChange]]
    member_rows: list[LsoaRow]


def _shares_by_decile(
    frame, codes: list[str], domain: str, by_population: bool
) -> tuple[int | None, list[float]]:
    rows = frame.rows_for(codes)
    deciles = frame.columns[f"{domain}_decile"][rows]
    weights = frame.columns["pop_total"][rows] if by_population else (deciles == deciles).astype(float)
    total = weights.sum()
    shares = [float(weights[deciles == d].sum() / total) if total else 0.0 for d in range(1, 11)]
    return (int(total) if by_population else None), shares


def priority_area_profile(
    *, priority_area: PriorityArea, version: PriorityAreaVersion, release: int
) -> PriorityAreaProfile:
    district = priority_area.district
    frame = selectors.lsoa_frame(release)
    geography = frame.release.geography
    by_population = frame.has("pop_total")
    members = set(selectors.priority_area_lsoas(version, geography))
    district_lsoas = selectors.lsoas_in_district(release=release, district=district.code)
    area_codes = [lsoa.code for lsoa in district_lsoas if lsoa.code in members]
    rest_codes = [lsoa.code for lsoa in district_lsoas if lsoa.code not in members]
    parts = [
        (priority_area.name, area_codes),
        (f"Rest of {district.name}", rest_codes),
        (district.name, [lsoa.code for lsoa in district_lsoas]),
    ]
    decile_profile = []
    for name, codes in parts:
        population, shares = _shares_by_decile(frame, codes, "imd", by_population)
        decile_profile.append(DecileProfile(name, population, len(codes), shares))
    domain_profile = []
    for domain in selectors.domains_in_release(release):
        shares = [_shares_by_decile(frame, codes, domain, by_population)[1] for _, codes in parts]
        domain_profile.append(
            {"domain": DOMAIN_LABELS[domain], "cells": [(s[0], s[0] + s[1]) for s in shares]}
        )
    # Change is followed from the 2011 LSOAs (IoD2015 and IoD2019) to their successors.
    members_2011 = set(selectors.priority_area_lsoas(version, Geography.G2019))
    district_2011 = [lsoa.code for lsoa in selectors.lsoas_in_district(release=2019, district=district.code)]
    parts_2011 = [
        (priority_area.name, [code for code in district_2011 if code in members_2011]),
        (f"Rest of {district.name}", [code for code in district_2011 if code not in members_2011]),
    ]
    changes = []
    for before, after in [(2015, 2019), (2019, 2025)]:
        area_change, rest_change = (
            change.group_change(
                name=name, changes=change.lsoa_changes(lsoa_codes=codes, before=before, after=after)
            )
            for name, codes in parts_2011
        )
        changes.append((before, after, area_change, rest_change))
    return PriorityAreaProfile(
        release=release,
        geography=geography,
        by_population=by_population,
        translated=version.geography != geography,
        part_names=[name for name, _ in parts],
        decile_profile=decile_profile,
        domain_profile=domain_profile,
        summaries=[
            (name, selectors.lsoa_set_summaries(release=release, lsoa_codes=codes, name=name))
            for name, codes in parts[:2]
        ],
        missing=selectors.measures_not_computed(release),
        changes=changes,
        member_rows=[lsoa for lsoa in district_lsoas if lsoa.code in members],
    )
