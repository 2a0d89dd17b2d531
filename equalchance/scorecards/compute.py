"""Computing a scorecard for a period: per line, the target's value against the rest of the district,
the district, England and the comparator group; the gaps with their intervals; and the direction of
travel of the gap, against the previous non-overlapping period and against the baseline.

Gaps are tested against the rest of the district (independent of the target); the gap against the
district as a whole, which contains the target, is shown too (it is (1 - target share) times the gap
against the rest). Gaps are oriented so that positive means the target is worse; with no judgement,
so that positive means the gap's size at the earlier period.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings

from equalchance import stats
from equalchance.indicators.aggregation import (
    AreaValue,
    ObservationIndex,
    combine_observations,
    comparator_mean,
    difference_of,
    observations_in,
    unavailable,
    value_for_areas,
)
from equalchance.indicators.models import Indicator
from equalchance.places import selectors as places
from equalchance.scorecards.models import Line, Scorecard

ENGLAND = "E92000001"


@dataclass(frozen=True)
class Areas:
    """The scorecard's areas as LSOA lists (and codes), resolved once."""

    target_name: str
    target_lsoas: list[str]
    rest_lsoas: list[str]
    district: str
    district_name: str
    district_lsoas: list[str]
    comparators: list[str]
    comparator_name: str


def scorecard_areas(scorecard: Scorecard) -> Areas:
    version = scorecard.target_version or scorecard.target.current_version
    target = places.priority_area_lsoas(version)
    district = [lsoa.code for lsoa in places.lsoas_in_district(release=2019, district=scorecard.district_id)]
    group = scorecard.comparator_group
    return Areas(
        target_name=scorecard.target.name,
        target_lsoas=target,
        rest_lsoas=sorted(set(district) - set(target)),
        district=scorecard.district_id,
        district_name=scorecard.district.name,
        district_lsoas=district,
        comparators=list(group.members.values_list("area_id", flat=True)) if group else [],
        comparator_name=str(group) if group else "",
    )


@dataclass(frozen=True)
class Values:
    target: AreaValue
    rest: AreaValue
    district: AreaValue
    england: AreaValue
    comparators: AreaValue
    comparator_mean: float | None


def values_at(
    indicator: Indicator,
    start: date,
    end: date,
    areas: Areas,
    confidence: float = 0.95,
    index: ObservationIndex | None = None,
) -> Values:
    def value(levels: list[list[str]], name: str) -> AreaValue:
        return value_for_areas(indicator, start, end, levels, name=name, confidence=confidence, index=index)

    target = value([areas.target_lsoas], areas.target_name)
    district = value([[areas.district], areas.district_lsoas], areas.district_name)
    # The rest is the district less the target, by counts (the same as summing the rest's LSOAs when
    # the district's figure is their sum), so the rest's LSOAs are read only when that cannot be done.
    rest = difference_of(
        district, target, indicator, name=f"Rest of {areas.district_name}", confidence=confidence
    )
    if not rest.available:
        rest = value([areas.rest_lsoas], rest.name)
    england = value([[ENGLAND]], "England")
    members = observations_in(indicator, start, end, areas.comparators, index)
    if areas.comparators and len(members) == len(areas.comparators):
        comparators = combine_observations(
            indicator, list(members.values()), name=areas.comparator_name, confidence=confidence
        )
        mean = comparator_mean(
            [
                combine_observations(indicator, [o], name=o.area_id, confidence=confidence)
                for o in members.values()
            ]
        )
    else:
        held = f"{len(members)} of {len(areas.comparators)}" if areas.comparators else "no"
        comparators = unavailable(areas.comparator_name, f"held for {held} comparator authorities")
        mean = None
    return Values(target, rest, district, england, comparators, mean)


def orientation(polarity: str, reference_gap: stats.Estimate) -> int:
    """+1 when a positive raw gap (target minus comparator) means 'target worse', else -1; with no
    judgement, the sign of the reference gap, so that narrowing means the gap's size shrinks."""
    if polarity == stats.Polarity.HIGH_IS_GOOD:
        return -1
    if polarity == stats.Polarity.LOW_IS_GOOD:
        return 1
    return -1 if reference_gap.available and reference_gap.value < 0 else 1


def oriented(gap: stats.Estimate, sign: int) -> stats.Estimate:
    """A raw gap turned by the line's orientation; turning an oriented gap again gives back the
    target minus the comparator, as measured, which is what pages and files show."""
    if sign > 0 or not gap.available:
        return gap
    return stats.Estimate(-gap.value, -gap.upper, -gap.lower, gap.confidence, gap.method, gap.note)


@dataclass(frozen=True)
class Change:
    """The change in the gap (against the rest of the district) from an earlier period."""

    period_label: str
    earlier_gap: stats.Estimate  # oriented
    change: stats.Estimate  # oriented
    direction: stats.Direction
    words: str = ""  # the direction as people read it (stats.direction_wording)


@dataclass
class LineResult:
    line: Line
    indicator: Indicator
    polarity: str
    period_label: str = ""
    period_end: date | None = None  # the last day of the period shown
    values: Values | None = None
    gaps: dict[str, stats.Estimate] = field(default_factory=dict)  # oriented; keys rest/district/england/...
    status: stats.GapStatus = stats.GapStatus.CANNOT_BE_CALCULATED
    from_previous: Change | None = None
    from_baseline: Change | None = None
    gap_series: list[tuple[str, stats.Estimate]] = field(default_factory=list)  # oriented, oldest first
    trend: stats.GapTrend = stats.GapTrend.CANNOT_BE_CALCULATED
    against_england: stats.Comparison = stats.Comparison.NOT_COMPARED
    against_rest: stats.Comparison = stats.Comparison.NOT_COMPARED
    synthetic: bool = False
    orientation: int = 1  # +1 or -1: how raw gaps (target minus comparator) were turned
    note: str = ""

    @property
    def differences(self) -> dict[str, stats.Estimate]:
        """The target minus each comparator as measured (not turned), as pages and files show them."""
        return {key: oriented(gap, self.orientation) for key, gap in self.gaps.items()}

    @property
    def difference_series(self) -> list[tuple[str, stats.Estimate]]:
        """The target minus the rest per period, as measured, oldest first."""
        return [(label, oriented(gap, self.orientation)) for label, gap in self.gap_series]

    @property
    def status_words(self) -> str:
        """The gap's status as people read it (stats.gap_wording: no judgement says higher or lower)."""
        return stats.gap_wording(self.status, self.polarity, self.orientation)


def line_index(indicator: Indicator, areas: Areas) -> ObservationIndex:
    """The line's observations: the target's LSOAs, the district, England and the comparators, and
    the rest of the district's LSOAs only if some period lacks the district's own figure."""
    codes = areas.target_lsoas + [areas.district, ENGLAND] + areas.comparators
    index = ObservationIndex(indicator, codes)
    if any(areas.district not in held for held in index.by_period.values()):
        index = ObservationIndex(indicator, codes + areas.rest_lsoas)
    return index


def _change(
    indicator, areas, sign, polarity, earlier, later_values, later_gap, confidence, index
) -> Change | None:
    start, end, label = earlier
    before = values_at(indicator, start, end, areas, confidence, index)
    raw_before = stats.difference(before.target.estimate, before.rest.estimate)
    if not raw_before.available:
        cannot = stats.Direction.CANNOT_BE_CALCULATED
        return Change(label, raw_before, raw_before, cannot, stats.direction_wording(cannot, polarity))
    raw_change = stats.difference_in_differences(
        later_values.target.estimate, later_values.rest.estimate, before.target.estimate, before.rest.estimate
    )
    earlier_gap, change = oriented(raw_before, sign), oriented(raw_change, sign)
    direction = stats.direction_of_travel(
        earlier_gap, later_gap, change, by_size=polarity == stats.Polarity.NO_JUDGEMENT
    )
    return Change(label, earlier_gap, change, direction, stats.direction_wording(direction, polarity))


def line_compute(
    line: Line,
    areas: Areas,
    *,
    as_at: date,
    baseline_year: int,
    confidence: float = 0.95,
    index: ObservationIndex | None = None,
) -> LineResult:
    indicator = line.indicator
    result = LineResult(line, indicator, line.effective_polarity)
    index = index or line_index(indicator, areas)  # one query for every period and area of the line
    periods = [p for p in index.periods_for([areas.district, ENGLAND]) if p[1] <= as_at]
    if not periods:
        result.note = "No data held for this period"
        return result
    start, end, label = periods[-1]
    result.period_label, result.period_end = label, end
    values = values_at(indicator, start, end, areas, confidence, index)
    result.values = values
    result.synthetic = values.target.synthetic or values.rest.synthetic
    raw = {
        "rest": stats.difference(values.target.estimate, values.rest.estimate),
        "district": stats.difference(values.target.estimate, values.district.estimate),
        "england": stats.difference(values.target.estimate, values.england.estimate),
        "comparators": stats.difference(values.target.estimate, values.comparators.estimate),
    }
    # Orientation comes from the earliest gap shown, so it stays fixed across periods.
    non_overlapping = _non_overlapping_series(periods)
    first_gap = stats.Estimate(None, None, None)
    series = []
    for p_start, p_end, p_label in non_overlapping:
        v = (
            values
            if (p_start, p_end) == (start, end)
            else values_at(indicator, p_start, p_end, areas, confidence, index)
        )
        series.append((p_label, stats.difference(v.target.estimate, v.rest.estimate)))
    for _, gap in series:
        if gap.available:
            first_gap = gap
            break
    sign = result.orientation = orientation(result.polarity, first_gap)
    result.gaps = {key: oriented(gap, sign) for key, gap in raw.items()}
    result.gap_series = [(p_label, oriented(gap, sign)) for p_label, gap in series]
    result.status = stats.gap_status(result.gaps["rest"])
    result.trend = stats.gap_trend([gap for _, gap in result.gap_series], confidence=0.998)
    result.against_england = stats.compare_with_benchmark(
        values.target.estimate, values.england.estimate.value, stats.Polarity(result.polarity)
    )
    result.against_rest = stats.gap_comparison(result.status, result.polarity, result.orientation)
    previous = [p for p in periods if p[1] < start]  # the latest period ending before this one starts
    if previous:
        result.from_previous = _change(
            indicator,
            areas,
            sign,
            result.polarity,
            previous[-1],
            values,
            result.gaps["rest"],
            confidence,
            index,
        )
    baseline = [p for p in periods if p[0].year >= baseline_year and p[1] < start]
    if baseline:
        result.from_baseline = _change(
            indicator,
            areas,
            sign,
            result.polarity,
            baseline[0],
            values,
            result.gaps["rest"],
            confidence,
            index,
        )
    if not values.target.available:
        result.note = values.target.note
    return result


def _non_overlapping_series(periods: list[tuple[date, date, str]]) -> list[tuple[date, date, str]]:
    """Working back from the latest, each earlier period that ends before the last one kept starts."""
    kept = []
    for period in reversed(periods):
        if not kept or period[1] < kept[-1][0]:
            kept.append(period)
    return list(reversed(kept))


@dataclass
class ThemeResult:
    name: str
    lines: list[LineResult]


def scorecard_compute(
    scorecard: Scorecard, *, as_at: date | None = None, confidence: float = 0.95
) -> list[ThemeResult]:
    areas = scorecard_areas(scorecard)
    # Never a period that has not ended yet: data "up to 31 December" of this year is data up to today.
    as_at = min(as_at or date.max, date.today())
    return [
        ThemeResult(
            theme.name,
            [
                line_compute(
                    line, areas, as_at=as_at, baseline_year=scorecard.baseline_year, confidence=confidence
                )
                for line in theme.lines.select_related("indicator")
            ],
        )
        for theme in scorecard.themes.prefetch_related("lines")
    ]


def partnership_scorecards():
    return Scorecard.objects.filter(district_id__in=settings.EQUALCHANCE_DISTRICTS).select_related(
        "target", "district"
    )


@dataclass
class LineHistory:
    """A line over every period held: values per area and the target minus the rest, as measured."""

    result: LineResult
    periods: list[str]
    values: list[Values]
    differences: list[stats.Estimate]


def line_history(scorecard: Scorecard, line: Line, *, confidence: float = 0.95) -> LineHistory:
    """Every period held, with the target minus the rest in each."""
    areas = scorecard_areas(scorecard)
    index = line_index(line.indicator, areas)
    result = line_compute(
        line, areas, as_at=date.max, baseline_year=scorecard.baseline_year, confidence=confidence, index=index
    )
    periods = index.periods_for([areas.district, ENGLAND])
    values = [values_at(line.indicator, start, end, areas, confidence, index) for start, end, _ in periods]
    differences = [stats.difference(v.target.estimate, v.rest.estimate) for v in values]
    return LineHistory(result, [label for _, _, label in periods], values, differences)
