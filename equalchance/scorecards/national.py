"""Every ward and every district in England as a scorecard's target at once, from LSOA counts.

The same rules as `compute.line_compute`, in arrays: counts are summed (never rates averaged) to wards,
districts and England with one sparse product each; each target gets its value and interval, those of
the rest of its parent (the rest of the district for a ward, the rest of England for a district), the
parent, England and the parent district's comparator group; gaps against each with MOVER intervals,
turned so that positive means the target is worse; the change in the gap against the rest from the
previous non-overlapping period and from the first period, labelled; and the trend of the gap.
"""

from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import sparse

from equalchance.indicators.modelled import MODELS, U75_BANDS, district_counties, national_series
from equalchance.indicators.models import Indicator
from equalchance.indicators.periods import parse_period
from equalchance.indicators.values import ESP2013_WEIGHTS
from equalchance.places import selectors as places
from equalchance.places.models import ComparatorGroup
from equalchance.stats import Direction, arrays
from equalchance.stats.arrays import Intervals

COMPARATORS = ("rest", "parent", "england", "comparators")


@dataclass(frozen=True)
class Geography:
    """LSOAs, wards and districts as positions in arrays; each district's comparator group."""

    lsoas: np.ndarray
    wards: np.ndarray
    districts: np.ndarray
    ward_of_lsoa: np.ndarray
    district_of_lsoa: np.ndarray
    district_of_ward: np.ndarray
    groups: sparse.csr_matrix  # district x district: 1 where the column is in the row's group

    @property
    def targets(self) -> np.ndarray:
        return np.concatenate([self.wards, self.districts])


def geography_from(lsoas, wards_of_lsoas, districts_of_lsoas, groups: dict[str, list[str]]) -> Geography:
    wards, ward_of_lsoa = np.unique(np.asarray(wards_of_lsoas), return_inverse=True)
    districts, district_of_lsoa = np.unique(np.asarray(districts_of_lsoas), return_inverse=True)
    district_of_ward = np.zeros(len(wards), dtype=np.int64)
    district_of_ward[ward_of_lsoa] = district_of_lsoa
    position = {code: i for i, code in enumerate(districts)}
    rows, columns = [], []
    for home, members in groups.items():
        for member in members:
            if home in position and member in position:
                rows.append(position[home])
                columns.append(position[member])
    membership = sparse.csr_matrix(
        (np.ones(len(rows)), (rows, columns)), shape=(len(districts), len(districts))
    )
    return Geography(
        np.asarray(lsoas), wards, districts, ward_of_lsoa, district_of_lsoa, district_of_ward, membership
    )


@dataclass(frozen=True)
class IndicatorCounts:
    """One indicator's LSOA counts over its periods (oldest first), with what is needed to judge them."""

    code: str
    value_type: str  # proportion, crude_rate or dsr
    multiplier: float
    polarity: str
    periods: list[tuple[date, date]]
    numerators: np.ndarray  # [period, lsoa]
    denominators: np.ndarray  # [period, lsoa]
    band_counts: np.ndarray | None = None  # [period, band, lsoa]
    band_populations: np.ndarray | None = None  # [band, lsoa]
    standard_populations: tuple = ()


@dataclass
class NationalResult:
    """Per target (wards, then districts): arrays [target] at the latest period unless said."""

    targets: np.ndarray
    values: dict[str, Intervals]  # "target" and each comparator: [target, period]
    gaps: dict[str, Intervals]  # oriented, latest period
    series: Intervals  # oriented gap against the rest over the non-overlapping periods
    from_previous: np.ndarray  # codes into arrays.DIRECTIONS
    from_baseline: np.ndarray
    trend: np.ndarray  # codes into arrays.GAP_TRENDS


def _sums(geography: Geography, lsoa_columns: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sums of [lsoa, k] columns for every ward, district and England."""
    count = len(geography.lsoas)
    to_wards = sparse.csr_matrix(
        (np.ones(count), (geography.ward_of_lsoa, np.arange(count))), shape=(len(geography.wards), count)
    )
    to_districts = sparse.csr_matrix(
        (np.ones(count), (geography.district_of_lsoa, np.arange(count))),
        shape=(len(geography.districts), count),
    )
    return to_wards @ lsoa_columns, to_districts @ lsoa_columns, lsoa_columns.sum(0)


def _by_area(geography: Geography, lsoa_columns: np.ndarray) -> dict[str, np.ndarray]:
    """[target, k] sums for the target and each comparator, targets being wards then districts."""
    wards, districts, england = _sums(geography, lsoa_columns)
    groups = geography.groups @ districts
    parent = np.concatenate(
        [districts[geography.district_of_ward], np.broadcast_to(england, districts.shape)]
    )
    target = np.concatenate([wards, districts])
    group_of = np.concatenate([geography.district_of_ward, np.arange(len(geography.districts))])
    has_group = np.asarray(geography.groups.sum(1)).ravel()[group_of] > 0
    comparators = np.where(has_group[:, None], groups[group_of], np.nan)
    return {
        "target": target,
        "rest": parent - target,
        "parent": parent,
        "england": np.broadcast_to(england, target.shape),
        "comparators": comparators,
    }


def _intervals(counts: IndicatorCounts, geography: Geography, confidence: float) -> dict[str, Intervals]:
    periods = len(counts.periods)
    if counts.value_type == "dsr":
        bands = counts.band_populations.shape[0]
        columns = np.concatenate(
            [counts.band_counts.reshape(periods * bands, -1).T, counts.band_populations.T], axis=1
        )
        result = {}
        for key, sums in _by_area(geography, columns).items():
            x = sums[:, : periods * bands].reshape(-1, periods, bands)
            n = np.broadcast_to(sums[:, None, periods * bands :], x.shape)
            result[key] = arrays.dsrs(
                x, n, counts.standard_populations, multiplier=counts.multiplier, confidence=confidence
            )
        return result
    columns = np.concatenate([counts.numerators.T, counts.denominators.T], axis=1)
    method = arrays.proportions if counts.value_type == "proportion" else arrays.rates
    return {
        key: method(sums[:, :periods], sums[:, periods:], multiplier=counts.multiplier, confidence=confidence)
        for key, sums in _by_area(geography, columns).items()
    }


def _column(intervals: Intervals, index) -> Intervals:
    return Intervals(intervals.value[:, index], intervals.lower[:, index], intervals.upper[:, index])


def non_overlapping(periods: list[tuple[date, date]]) -> list[int]:
    """Positions of the latest period and, working back, each that ends before the last kept starts."""
    kept = []
    for i in reversed(range(len(periods))):
        if not kept or periods[i][1] < periods[kept[-1]][0]:
            kept.append(i)
    return kept[::-1]


def national_compute(
    counts: IndicatorCounts, geography: Geography, *, confidence: float = 0.95
) -> NationalResult:
    values = _intervals(counts, geography, confidence)
    kept = non_overlapping(counts.periods)
    latest = kept[-1]
    raw_series = arrays.differences(_column(values["target"], kept), _column(values["rest"], kept))
    if counts.polarity == "high_is_good":
        signs = np.full(len(geography.targets), -1.0)
    elif counts.polarity == "low_is_good":
        signs = np.ones(len(geography.targets))
    else:  # no judgement: the sign of the earliest gap held, so that narrowing means shrinking
        available = raw_series.available
        first = np.where(available.any(1), available.argmax(1), 0)
        earliest = raw_series.value[np.arange(len(first)), first]
        signs = np.where(available.any(1) & (earliest < 0), -1.0, 1.0)
    series = raw_series.turned(signs[:, None])
    target_now = _column(values["target"], latest)
    gaps = {
        key: arrays.differences(target_now, _column(values[key], latest)).turned(signs) for key in COMPARATORS
    }

    def change_from(earlier: int) -> np.ndarray:
        before_target, before_rest = _column(values["target"], earlier), _column(values["rest"], earlier)
        change = arrays.differences_in_differences(
            target_now, _column(values["rest"], latest), before_target, before_rest
        )
        earlier_gap = arrays.differences(before_target, before_rest).turned(signs)
        return arrays.directions_of_travel(
            earlier_gap, gaps["rest"], change.turned(signs), by_size=counts.polarity == "no_judgement"
        )

    start = counts.periods[latest][0]
    previous = [i for i, (_, end) in enumerate(counts.periods) if end < start]
    cannot = np.full(len(geography.targets), arrays.DIRECTIONS.index(Direction.CANNOT_BE_CALCULATED))
    return NationalResult(
        targets=geography.targets,
        values=values,
        gaps=gaps,
        series=series,
        from_previous=change_from(previous[-1]) if previous else cannot,
        from_baseline=change_from(previous[0]) if previous else cannot,
        trend=arrays.gap_trends(series, interval_confidence=confidence),
    )


def modelled_counts(indicator: Indicator, frame=None) -> tuple[IndicatorCounts, np.ndarray]:
    """An indicator's modelled synthetic series for every LSOA in England, and the LSOAs' codes."""
    series = national_series(indicator, MODELS[indicator.code], frame)
    periods = [parse_period(label, indicator.period_type) for label in series.labels]
    return (
        IndicatorCounts(
            code=indicator.code,
            value_type=indicator.value_type,
            multiplier=indicator.multiplier,
            polarity=indicator.polarity,
            periods=[(p.start, p.end) for p in periods],
            numerators=series.numerators,
            denominators=series.denominators,
            band_counts=series.band_counts,
            band_populations=series.band_populations,
            standard_populations=tuple(ESP2013_WEIGHTS[label] for label in U75_BANDS),
        ),
        series.codes,
    )


def england_geography(lsoa_codes, kind: str = ComparatorGroup.Kind.DFE_2025) -> Geography:
    """Wards and districts of the 2019 geography for these LSOAs, with one kind of comparator group."""
    frame = places.lsoa_frame(2019)
    rows = frame.rows_for(lsoa_codes)
    # Counties stand for their districts: as members, and as homes of their shire districts.
    districts_of: dict[str, list[str]] = {}
    for district, county in district_counties().items():
        districts_of.setdefault(county, []).append(district)
    groups: dict[str, list[str]] = {}
    for home, member in ComparatorGroup.objects.filter(kind=kind).values_list("home_id", "members__area_id"):
        for district in districts_of.get(home, [home]):
            groups.setdefault(district, []).extend(districts_of.get(member, [member]))
    return geography_from(frame.codes[rows], frame.ward_codes[rows], frame.district_codes[rows], groups)


@dataclass(frozen=True)
class NationalRecompute:
    """The national recompute of every scorecard indicator with a modelled (synthetic) series."""

    geography: Geography
    results: list[tuple[Indicator, NationalResult]]

    def directions(self) -> dict[str, int]:
        """How many (target, indicator) pairs moved in each direction from the previous period."""
        tally: dict[str, int] = {}
        for _, result in self.results:
            for code in result.from_previous:
                name = str(arrays.DIRECTIONS[int(code)])
                tally[name] = tally.get(name, 0) + 1
        return tally

    def csv_rows(self):
        """Header, then one row per indicator and target: the latest gap with the rest of the parent,
        its interval and the direction of travel. Every value is synthetic (modelled series)."""
        yield [
            "indicator",
            "target_code",
            "target_level",
            "value",
            "lower",
            "upper",
            "rest_value",
            "gap_with_rest",
            "gap_lower",
            "gap_upper",
            "direction_from_previous",
            "gap_trend",
            "synthetic",
        ]
        wards = len(self.geography.wards)

        def number(x) -> str:
            return "" if np.isnan(x) else f"{x:.6g}"

        for indicator, result in self.results:
            latest = result.values["target"].value.shape[1] - 1
            target, rest, gap = result.values["target"], result.values["rest"], result.gaps["rest"]
            for i, code in enumerate(result.targets):
                yield [
                    indicator.code,
                    code,
                    "ward" if i < wards else "district",
                    number(target.value[i, latest]),
                    number(target.lower[i, latest]),
                    number(target.upper[i, latest]),
                    number(rest.value[i, latest]),
                    number(gap.value[i]),
                    number(gap.lower[i]),
                    number(gap.upper[i]),
                    str(arrays.DIRECTIONS[int(result.from_previous[i])]),
                    str(arrays.GAP_TRENDS[int(result.trend[i])]),
                    "synthetic",
                ]


def national_recompute(*, by, progress=None, confidence: float = 0.95) -> NationalRecompute:
    """Every ward and district in England as the target of each scorecard indicator that has a modelled
    series, as `national_compute` does for one. `progress(done, total, step)` is told after each
    indicator. Reads only; who asked is checked (`scorecards.recompute`)."""
    from django.core.exceptions import PermissionDenied

    from equalchance.accounts.permissions import user_can
    from equalchance.indicators.catalogue import SCORECARD_THEMES

    if not user_can(by, "scorecards.recompute"):
        raise PermissionDenied("Only analysts and administrators can run the national recompute.")
    indicators = [
        indicator
        for indicator in Indicator.objects.filter(theme__in=SCORECARD_THEMES).order_by("code")
        if indicator.code in MODELS
    ]
    report = progress or (lambda done, total, step: None)
    report(0, len(indicators), "Reading the LSOA frame")
    frame = places.lsoa_frame(2019)
    geography, results = None, []
    for done, indicator in enumerate(indicators, start=1):
        counts, lsoas = modelled_counts(indicator, frame)
        geography = geography or england_geography(lsoas)
        results.append((indicator, national_compute(counts, geography, confidence=confidence)))
        report(done, len(indicators), indicator.name)
    if geography is None:
        raise ValueError("No scorecard indicator has a modelled series to recompute.")
    return NationalRecompute(geography, results)
