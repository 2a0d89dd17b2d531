"""An observation's value and confidence interval, by the indicator's method.

Directly standardised rates are held with their age-band counts and populations where the source has
them (`Observation.bands`), so that areas can be combined band by band and standardised afterwards with
the European Standard Population 2013.
"""

from equalchance import stats
from equalchance.indicators.models import CiMethod, Indicator, Observation, ValueType

ESP2013_BANDS = [f"{age}-{age + 4}" for age in range(0, 90, 5)] + ["90+"]
ESP2013_WEIGHTS = dict(zip(ESP2013_BANDS, stats.ESP2013))


def check_bands(bands: dict) -> None:
    """Raise ValueError unless bands is {"labels", "counts", "populations"} of ESP2013 bands, aligned."""
    labels, counts, populations = (bands.get(k) for k in ("labels", "counts", "populations"))
    if not (isinstance(labels, list) and isinstance(counts, list) and isinstance(populations, list)):
        raise ValueError("age bands need lists of labels, counts and populations")
    if not (len(labels) == len(counts) == len(populations)) or not labels:
        raise ValueError("age bands need one count and one population per band label")
    unknown = [label for label in labels if label not in ESP2013_WEIGHTS]
    if unknown:
        raise ValueError(f"{', '.join(unknown)} not European Standard Population age bands (e.g. 40-44, 90+)")
    if len(set(labels)) != len(labels):
        raise ValueError("an age band appears twice")


def bands_estimate(bands: dict, indicator: Indicator, *, confidence: float = 0.95) -> stats.Estimate:
    return stats.dsr(
        bands["counts"],
        bands["populations"],
        [ESP2013_WEIGHTS[label] for label in bands["labels"]],
        multiplier=indicator.multiplier,
        confidence=confidence,
    )


def bands_sum(all_bands: list[dict], signs: list[int] | None = None) -> dict | None:
    """Band-by-band sum (or, with signs, sum and difference) of several areas' bands; None when the
    areas' bands differ or any is missing."""
    if not all_bands or any(b is None for b in all_bands):
        return None
    labels = all_bands[0]["labels"]
    if any(b["labels"] != labels for b in all_bands):
        return None
    signs = signs or [1] * len(all_bands)
    return {
        "labels": labels,
        "counts": [sum(s * b["counts"][i] for s, b in zip(signs, all_bands)) for i in range(len(labels))],
        "populations": [
            sum(s * b["populations"][i] for s, b in zip(signs, all_bands)) for i in range(len(labels))
        ],
    }


def observation_estimate(
    observation: Observation, indicator: Indicator, *, confidence: float = 0.95
) -> stats.Estimate:
    """From numerator and denominator (Wilson or exact/Byars) or age bands (Dobson) where known,
    else as published."""
    n, d = observation.numerator, observation.denominator
    if indicator.value_type == ValueType.DSR and observation.bands:
        return bands_estimate(observation.bands, indicator, confidence=confidence)
    if (
        n is not None
        and d is not None
        and indicator.value_type in {ValueType.PROPORTION, ValueType.CRUDE_RATE}
    ):
        if indicator.value_type == ValueType.PROPORTION:
            return stats.proportion(n, d, confidence=confidence, multiplier=indicator.multiplier)
        return stats.rate(n, d, multiplier=indicator.multiplier, confidence=confidence)
    if observation.value is None:
        return stats.Estimate(None, None, None, confidence, note="no value")
    if confidence == 0.95 and observation.lower_95 is not None and observation.upper_95 is not None:
        return stats.Estimate(
            observation.value, observation.lower_95, observation.upper_95, 0.95, "as published"
        )
    return stats.Estimate(observation.value, None, None, confidence, "as published", "no interval published")


def method_name(indicator: Indicator) -> str:
    return CiMethod(indicator.ci_method).label
