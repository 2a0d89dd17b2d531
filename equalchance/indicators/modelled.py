"""Synthetic series, modelled for every LSOA in England, for scorecard indicators that no open data
gives at any level (NEET, claimants aged 18 to 24, community cohesion, police incidents...).

Each indicator has a model: England's level at the first and last of ten periods, a deprivation
gradient (log relative rate, or log odds for proportions, per standard deviation of the LSOA's IMD 2019
score) that itself changes over the ten periods, so that some gaps narrow and some widen, a small
district effect, and a denominator taken from the IoD2019 mid-2015 populations. Counts are drawn
(binomial or Poisson) with a seed, so the same data give the same series. Districts, counties and
England are the sums of their LSOAs, so every level agrees. Directly standardised rates are modelled by
age band (0-4 to 70-74) and held with their band counts and populations.

Every observation written is marked synthetic, and is shown so wherever it appears. Indicators for which
real observations are held are left alone (their LSOA series come from `synthetic.py`, which splits the
real district totals).
"""

import csv
from dataclasses import dataclass

import numpy as np
from django.db import transaction

from equalchance.audit.actions import Action
from equalchance.audit.services import audit_event_record
from equalchance.indicators.importers.observations import Draft
from equalchance.indicators.importers.observations import write as write_observations
from equalchance.indicators.models import ImportBatch, Indicator, Observation, PeriodType, ValueType
from equalchance.indicators.periods import parse_period
from equalchance.indicators.synthetic import seed_for
from equalchance.indicators.values import ESP2013_BANDS, ESP2013_WEIGHTS
from equalchance.places import selectors as places
from equalchance.places.importers.open_data import DATA_DIR as PLACES_DATA

PERIODS = 10
ENGLAND = "E92000001"
SOURCE = "Synthetic series modelled for every LSOA in England by Equal Chance (no open data at any level)"


@dataclass(frozen=True)
class Model:
    population: str  # IoD2019 population column the denominator comes from
    share: float  # the denominator as a share of that population
    first: float  # England's level at the first period, as a fraction (0.06 = 6%, or 6 per 100)
    last: float  # and at the last
    gradient: float  # per SD of IMD score: log relative rate, or log odds for proportions
    gradient_change: float  # the gradient's relative change by the last period (-0.3: the gap narrows)
    first_period: str  # e.g. "2015/16"


MODELS = {
    "gld": Model("pop_children", 0.0625, 0.66, 0.68, -0.30, -0.10, "2015/16"),
    "neet-years-12-14": Model("pop_children", 0.1875, 0.060, 0.054, 0.55, -0.25, "2015/16"),
    "claimants-18-24": Model("pop_working_age", 0.14, 0.035, 0.055, 0.65, 0.15, "2015"),
    "children-out-of-work-households": Model("pop_children", 1.0, 0.14, 0.10, 0.85, -0.10, "2015"),
    "long-term-claimants": Model("pop_working_age", 1.0, 0.008, 0.011, 0.90, 0.0, "2015"),
    "u75-circulatory-mortality": Model("pop_total", 1.0, 0.00078, 0.00076, 0.45, 0.10, "2012-14"),
    "cpp-rate": Model("pop_children", 1.125, 0.0043, 0.0041, 0.70, -0.05, "2016"),
    "community-cohesion": Model("pop_total", 0.012, 0.80, 0.83, -0.25, -0.20, "2015/16"),
    "asb-rate": Model("pop_total", 1.0, 0.032, 0.022, 0.60, -0.15, "2015/16"),
    "domestic-abuse-rate": Model("pop_total", 1.0, 0.011, 0.017, 0.60, 0.10, "2015/16"),
    "crime-rate": Model("pop_total", 1.0, 0.068, 0.090, 0.50, 0.0, "2015/16"),
}

# Age bands of an under-75 DSR, and how each band's population is drawn from the IoD2019 columns
# (children 0-15, working age 16-59/64, older 60+), with relative mortality doubling every 8 years.
U75_BANDS = ESP2013_BANDS[:15]
AGE_MORTALITY = np.exp(np.log(2) / 8 * (np.arange(2.5, 75, 5) - 72.5))
ESP_WEIGHTS = np.array([ESP2013_WEIGHTS[label] for label in U75_BANDS], dtype=float)


def period_labels(model: Model, period_type: str) -> list[str]:
    first = parse_period(model.first_period, period_type).start.year
    if period_type in {PeriodType.FINANCIAL, PeriodType.ACADEMIC}:
        return [f"{y}/{(y + 1) % 100:02d}" for y in range(first, first + PERIODS)]
    if period_type == PeriodType.POOLED_3_YEAR:
        return [f"{y}-{(y + 2) % 100:02d}" for y in range(first, first + PERIODS)]
    return [str(y) for y in range(first, first + PERIODS)]


@dataclass
class Series:
    """One indicator's modelled series for every LSOA: arrays [period, lsoa] (bands: [period, band, lsoa])."""

    indicator: str
    labels: list[str]
    codes: np.ndarray
    district_codes: np.ndarray
    numerators: np.ndarray
    denominators: np.ndarray
    band_counts: np.ndarray | None = None
    band_populations: np.ndarray | None = None  # [band, lsoa], person-years


def _band_populations(frame, rows, years: int) -> np.ndarray:
    children, working, older = (
        frame.columns[c][rows] for c in ("pop_children", "pop_working_age", "pop_older")
    )
    shares = np.zeros((len(U75_BANDS), 3))  # band x (children, working age, older)
    shares[0:3, 0] = 5 / 16
    shares[3, 0] = 1 / 16
    shares[3:12, 1] = 1 / 9
    shares[12:15, 2] = np.array([6000, 5500, 5000]) / 25500  # ESP2013 shares of 60+
    return np.maximum(np.rint(shares @ np.vstack([children, working, older]) * years), 1)


def _calibrated_probabilities(level: float, linear: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Probabilities 1 / (1 + exp(-(c + linear))) whose weighted mean is level (c by bisection)."""
    low, high = -20.0, 20.0
    for _ in range(60):
        c = (low + high) / 2
        p = 1 / (1 + np.exp(-(c + linear)))
        if (p * weights).sum() / weights.sum() < level:
            low = c
        else:
            high = c
    return p


def national_series(indicator: Indicator, model: Model, frame=None) -> Series:
    frame = frame or places.lsoa_frame(2019)
    rows = np.flatnonzero(~np.isnan(frame.columns["imd_score"]) & ~np.isnan(frame.columns[model.population]))
    rng = np.random.default_rng(seed_for(indicator.code, "modelled"))
    scores = frame.columns["imd_score"][rows]
    z = (scores - scores.mean()) / scores.std()
    districts, district_of = np.unique(frame.district_codes[rows], return_inverse=True)
    linear_base = rng.normal(0, 0.08, len(districts))[district_of]
    population = frame.columns[model.population][rows]
    labels = period_labels(model, indicator.period_type)
    dsr = indicator.value_type == ValueType.DSR
    shape = (PERIODS, len(rows))
    numerators, denominators = np.zeros(shape), np.zeros(shape)
    band_populations = _band_populations(frame, rows, 3) if dsr else None
    band_counts = np.zeros((PERIODS, len(U75_BANDS), len(rows))) if dsr else None
    for t in range(PERIODS):
        share = t / (PERIODS - 1)
        level = (model.first + (model.last - model.first) * share) * np.exp(rng.normal(0, 0.015))
        linear = model.gradient * (1 + model.gradient_change * share) * z + linear_base
        if dsr:
            relative = AGE_MORTALITY[:, None] * np.exp(linear)[None, :]
            england_band_rates = (band_populations * relative).sum(1) / band_populations.sum(1)
            standardised = (ESP_WEIGHTS * england_band_rates).sum() / ESP_WEIGHTS.sum()
            band_counts[t] = rng.poisson(band_populations * relative * level / standardised)
            numerators[t] = band_counts[t].sum(0)
            denominators[t] = band_populations.sum(0)
            continue
        n = np.maximum(np.rint(population * model.share * (1 + 0.004 * t)), 1)
        denominators[t] = n
        if indicator.value_type == ValueType.PROPORTION:
            numerators[t] = rng.binomial(n.astype(np.int64), _calibrated_probabilities(level, linear, n))
        else:
            relative = np.exp(linear)
            numerators[t] = rng.poisson(n * relative * level * n.sum() / (n * relative).sum())
    return Series(
        indicator.code,
        labels,
        frame.codes[rows],
        frame.district_codes[rows],
        numerators,
        denominators,
        band_counts,
        band_populations,
    )


def district_counties() -> dict[str, str]:
    """Shire district -> county (E10) code, from the shipped ONS LAD 2019 to UTLA 2019 lookup."""
    with open(PLACES_DATA / "lad2019_utla2019_region_en.csv", encoding="utf-8-sig") as handle:
        return {
            r["LAD19CD"]: r["UTLA19CD"] for r in csv.DictReader(handle) if r["UTLA19CD"].startswith("E10")
        }


def _bands(series: Series, t: int, columns) -> dict:
    return {
        "labels": U75_BANDS,
        "counts": [int(c) for c in series.band_counts[t][:, columns].sum(1)],
        "populations": [int(p) for p in series.band_populations[:, columns].sum(1)],
    }


def series_drafts(series: Series, indicator: Indicator, lsoa_districts: list[str]) -> list[Draft]:
    """Observations for the LSOAs of the given districts, and for every district, county and England."""
    groups: dict[str, np.ndarray] = {ENGLAND: np.arange(len(series.codes))}
    for district in np.unique(series.district_codes):
        groups[district] = np.flatnonzero(series.district_codes == district)
    for district, county in district_counties().items():
        if district in groups:
            groups[county] = np.concatenate(
                [groups.get(county, np.array([], dtype=np.int64)), groups[district]]
            )
    for district in lsoa_districts:
        for i in groups.get(district, []):
            groups[series.codes[i]] = np.array([i])
    drafts = []
    for t, label in enumerate(series.labels):
        period = parse_period(label, indicator.period_type)
        for code, columns in groups.items():
            bands = _bands(series, t, columns) if series.band_counts is not None else None
            numerator = float(series.numerators[t, columns].sum())
            denominator = float(series.denominators[t, columns].sum())
            drafts.append(Draft(indicator, code, period, numerator, denominator, None, None, None, bands))
    return drafts


def modelled_series_generate(*, lsoa_districts: list[str], by) -> ImportBatch | None:
    """Write (once) the modelled series of every indicator with no real observations held."""
    if ImportBatch.objects.filter(source=SOURCE, rolled_back_at=None).exists():
        return None
    real = set(
        Observation.objects.filter(synthetic=False).values_list("indicator__code", flat=True).distinct()
    )
    frame = places.lsoa_frame(2019)
    drafts = []
    for indicator in Indicator.objects.filter(code__in=set(MODELS) - real):
        drafts += series_drafts(
            national_series(indicator, MODELS[indicator.code], frame), indicator, lsoa_districts
        )
    if not drafts:
        return None
    with transaction.atomic():
        batch = write_observations(
            drafts,
            file_name="modelled-england",
            file_format="synthetic",
            sha256="",
            source=SOURCE,
            by=by,
            synthetic=True,
        )
        audit_event_record(
            actor=by,
            action=Action.IMPORT_BATCH_RUN,
            obj=batch,
            changes={"rows": len(drafts), "synthetic": True},
        )
    return batch
