"""Values for any set of areas, computed from the lowest level held by summing numerators and
denominators first (never averaging rates), with the interval the indicator's method gives.

Published values without counts (e.g. a DSR with its published interval) cannot be combined: for a
single area they are used as published; for a set of areas the value is not given, and says why.
"""

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from equalchance import stats
from equalchance.indicators.models import Indicator, Observation, ValueType
from equalchance.indicators.values import bands_estimate, bands_sum, observation_estimate

SUMMABLE = {ValueType.PROPORTION, ValueType.CRUDE_RATE}


@dataclass(frozen=True)
class AreaValue:
    name: str
    estimate: stats.Estimate
    numerator: float | None = None
    denominator: float | None = None
    areas: int = 0  # how many areas' observations were combined
    synthetic: bool = False
    note: str = ""
    bands: dict | None = None  # age-band counts and populations of a DSR

    @property
    def available(self) -> bool:
        return self.estimate.available


def unavailable(name: str, note: str, confidence: float = 0.95) -> AreaValue:
    return AreaValue(name, stats.Estimate(None, None, None, confidence), note=note)


def pooled(indicator: Indicator, numerator: float, denominator: float, confidence: float) -> stats.Estimate:
    if indicator.value_type == ValueType.PROPORTION:
        return stats.proportion(
            numerator, denominator, confidence=confidence, multiplier=indicator.multiplier
        )
    return stats.rate(numerator, denominator, multiplier=indicator.multiplier, confidence=confidence)


class Held(NamedTuple):
    """The parts of an observation that computing needs, read without building model instances."""

    area_id: str
    period_label: str
    numerator: float | None
    denominator: float | None
    value: float | None
    lower_95: float | None
    upper_95: float | None
    bands: dict | None
    synthetic: bool


class ObservationIndex:
    """An indicator's observations for a set of areas, read in one query and looked up by period:
    a scorecard line asks for many periods and areas, and must not query for each."""

    def __init__(self, indicator: Indicator, area_codes):
        held = Observation.objects.filter(indicator=indicator, area_id__in=list(set(area_codes))).order_by()
        # A period's label follows from its dates, so rows are read by label (dates cost a parse each).
        self.periods = {
            label: (start, end)
            for start, end, label in held.values_list("period_start", "period_end", "period_label").distinct()
        }
        self.by_period: dict[tuple[date, date], dict[str, Held]] = {}
        for row in held.values_list(*Held._fields):
            o = Held(*row)
            self.by_period.setdefault(self.periods[o.period_label], {})[o.area_id] = o

    def periods_for(self, area_codes) -> list[tuple[date, date, str]]:
        """Periods held for any of these areas, oldest first."""
        return sorted(
            (*self.periods[label], label)
            for label in self.periods
            if any(c in self.by_period[self.periods[label]] for c in area_codes)
        )

    def get(self, period_start: date, period_end: date, area_codes) -> dict[str, Observation]:
        held = self.by_period.get((period_start, period_end), {})
        return {code: held[code] for code in area_codes if code in held}


def observations_in(
    indicator: Indicator,
    period_start: date,
    period_end: date,
    area_codes,
    index: ObservationIndex | None = None,
) -> dict[str, Observation]:
    if index is not None:
        return index.get(period_start, period_end, area_codes)
    return {
        o.area_id: o
        for o in Observation.objects.filter(
            indicator=indicator,
            period_start=period_start,
            period_end=period_end,
            area_id__in=list(area_codes),
        )
    }


def combine_observations(
    indicator: Indicator, observations: list[Observation], *, name: str, confidence: float = 0.95
) -> AreaValue:
    """One value for several areas' observations of one period."""
    if not observations:
        return unavailable(name, "no data", confidence)
    synthetic = any(o.synthetic for o in observations)
    if len(observations) == 1:
        o = observations[0]
        return AreaValue(
            name,
            observation_estimate(o, indicator, confidence=confidence),
            o.numerator,
            o.denominator,
            1,
            synthetic,
            bands=o.bands,
        )
    if indicator.value_type == ValueType.DSR:
        bands = bands_sum([o.bands for o in observations])
        if bands is None:
            return unavailable(
                name, "published rates without the same age bands cannot be combined", confidence
            )
        return AreaValue(
            name,
            bands_estimate(bands, indicator, confidence=confidence),
            sum(bands["counts"]),
            sum(bands["populations"]),
            len(observations),
            synthetic,
            bands=bands,
        )
    if indicator.value_type not in SUMMABLE or any(
        o.numerator is None or o.denominator is None for o in observations
    ):
        return unavailable(name, "published values without counts cannot be combined", confidence)
    numerator = sum(o.numerator for o in observations)
    denominator = sum(o.denominator for o in observations)
    return AreaValue(
        name,
        pooled(indicator, numerator, denominator, confidence),
        numerator,
        denominator,
        len(observations),
        synthetic,
    )


def value_for_areas(
    indicator: Indicator,
    period_start: date,
    period_end: date,
    levels: list[list[str]],
    *,
    name: str,
    confidence: float = 0.95,
    index: ObservationIndex | None = None,
) -> AreaValue:
    """The value for an area given as its parts at several levels, finest first (e.g. its LSOAs, then
    its wards, then its own code): the first level at which every part is held is used."""
    for codes in levels:
        if not codes:
            continue
        held = observations_in(indicator, period_start, period_end, codes, index)
        if len(held) == len(set(codes)):
            return combine_observations(indicator, list(held.values()), name=name, confidence=confidence)
    return unavailable(name, "not held for every part of the area", confidence)


def difference_of(
    whole: AreaValue, part: AreaValue, indicator: Indicator, *, name: str, confidence: float = 0.95
) -> AreaValue:
    """The rest of a whole once a part is taken out, by subtracting counts (e.g. district minus target)."""
    if indicator.value_type == ValueType.DSR:
        bands = bands_sum([whole.bands, part.bands], [1, -1])
        if bands is None:
            return unavailable(name, "needs age bands for the whole and the part", confidence)
        if min(bands["counts"]) < 0 or min(bands["populations"]) <= 0:
            return unavailable(name, "the part's counts exceed the whole's", confidence)
        return AreaValue(
            name,
            bands_estimate(bands, indicator, confidence=confidence),
            sum(bands["counts"]),
            sum(bands["populations"]),
            0,
            whole.synthetic or part.synthetic,
            bands=bands,
        )
    if (
        None in (whole.numerator, whole.denominator, part.numerator, part.denominator)
        or indicator.value_type not in SUMMABLE
    ):
        return unavailable(name, "needs counts for the whole and the part", confidence)
    numerator, denominator = whole.numerator - part.numerator, whole.denominator - part.denominator
    if denominator <= 0 or numerator < 0:
        return unavailable(name, "the part's counts exceed the whole's", confidence)
    return AreaValue(
        name,
        pooled(indicator, numerator, denominator, confidence),
        numerator,
        denominator,
        0,
        whole.synthetic or part.synthetic,
    )


def comparator_mean(values: list[AreaValue]) -> float | None:
    """The plain mean of member authorities' values (shown labelled beside the pooled value)."""
    present = [v.estimate.value for v in values if v.estimate.value is not None]
    return sum(present) / len(present) if present else None
