"""An indicator across the wards of a district, as Fingertips' "compare areas" shows it: each ward's
value pooled from its neighbourhoods' (LSOAs') counts, with its interval, compared with the district's
value (better, similar or worse for judged measures; higher, similar or lower otherwise)."""

import json
from dataclasses import dataclass

from equalchance import stats
from equalchance.indicators.aggregation import AreaValue, ObservationIndex, unavailable, value_for_areas
from equalchance.indicators.models import Indicator
from equalchance.indicators.selectors import ENGLAND
from equalchance.places.models import Area, Boundary, LsoaPlacement


@dataclass(frozen=True)
class AreaRow:
    code: str
    name: str
    value: AreaValue
    against_district: stats.Comparison


@dataclass(frozen=True)
class AcrossAreas:
    indicator: Indicator
    district: Area
    geography: str  # the LSOA geography the indicator's neighbourhood figures use
    periods: list[str]  # every period held for the district's neighbourhoods, newest first
    period: str  # the period shown
    wards: list[AreaRow]  # most to least, by value; wards with no value last
    district_value: AreaValue
    england_value: AreaValue

    @property
    def synthetic(self) -> bool:
        return self.district_value.synthetic or any(w.value.synthetic for w in self.wards)


def _placements(district: str, held_codes: set[str]) -> tuple[str, dict[str, list[str]]]:
    """The geography whose LSOAs the indicator is held for, and the district's wards in it with their
    LSOAs (ONS best-fit lookup)."""
    by_geography: dict[str, dict[str, list[str]]] = {}
    for geography, ward, lsoa in LsoaPlacement.objects.filter(district_id=district).values_list(
        "geography", "ward_id", "lsoa_id"
    ):
        by_geography.setdefault(geography, {}).setdefault(ward, []).append(lsoa)
    if not by_geography:
        return "", {}

    def covered(geography: str) -> int:
        return sum(code in held_codes for lsoas in by_geography[geography].values() for code in lsoas)

    geography = max(sorted(by_geography), key=covered)
    return geography, by_geography[geography]


def wards_compared(
    indicator: Indicator, *, district: Area, period: str | None = None, confidence: float = 0.95
) -> AcrossAreas:
    """The district's wards for one period (the latest held unless `period` names one held)."""
    lsoa_codes = set(
        LsoaPlacement.objects.filter(district_id=district.code).values_list("lsoa_id", flat=True)
    )
    ward_codes = set(
        LsoaPlacement.objects.filter(district_id=district.code).values_list("ward_id", flat=True)
    )
    index = ObservationIndex(indicator, [*lsoa_codes, *ward_codes, district.code, ENGLAND])
    held = {code for observed in index.by_period.values() for code in observed}
    geography, wards = _placements(district.code, held)
    held_for = index.periods_for([*lsoa_codes, *ward_codes, district.code])
    periods = [label for _, _, label in reversed(held_for)]
    chosen = period if period in periods else (periods[0] if periods else "")
    if not chosen:
        nothing = unavailable(district.name, "no data", confidence)
        return AcrossAreas(indicator, district, geography, [], "", [], nothing, nothing)
    start, end = index.periods[chosen]

    def value(levels: list[list[str]], name: str) -> AreaValue:
        return value_for_areas(indicator, start, end, levels, name=name, confidence=confidence, index=index)

    district_lsoas = sorted(code for lsoas in wards.values() for code in lsoas)
    district_value = value([[district.code], district_lsoas], district.name)
    england_value = value([[ENGLAND]], "England")
    names = dict(Area.objects.filter(code__in=wards).values_list("code", "name"))
    polarity = stats.Polarity(indicator.polarity)
    rows = []
    for ward, lsoas in wards.items():
        ward_value = value([sorted(lsoas), [ward]], names.get(ward, ward))
        comparison = stats.compare_with_benchmark(
            ward_value.estimate, district_value.estimate.value, polarity
        )
        rows.append(AreaRow(ward, names.get(ward, ward), ward_value, comparison))
    rows.sort(key=lambda r: (r.value.estimate.value is None, -(r.value.estimate.value or 0), r.name))
    return AcrossAreas(indicator, district, geography, periods, chosen, rows, district_value, england_value)


def boundaries_of(codes: list[str], geography: str) -> dict[str, dict]:
    """The areas' display boundaries (GeoJSON) in the geography, for those that have one."""
    return {
        code: json.loads(geometry)
        for code, geometry in Boundary.objects.filter(area_id__in=codes, geography=geography).values_list(
            "area_id", "geometry"
        )
    }
