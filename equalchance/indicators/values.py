"""An observation's value and confidence interval, by the indicator's method."""

from equalchance import stats
from equalchance.indicators.models import CiMethod, Indicator, Observation, ValueType


def observation_estimate(
    observation: Observation, indicator: Indicator, *, confidence: float = 0.95
) -> stats.Estimate:
    """From numerator and denominator where known (Wilson or exact/Byars), else as published."""
    n, d = observation.numerator, observation.denominator
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
