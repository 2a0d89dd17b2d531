"""Modelled synthetic series agree at every level and follow deprivation; DSRs are combined band by
band and standardised afterwards."""

import numpy as np
import pytest

from equalchance.indicators.aggregation import combine_observations, difference_of
from equalchance.indicators.modelled import MODELS, U75_BANDS, national_series
from equalchance.indicators.models import Indicator, Observation
from equalchance.indicators.values import ESP2013_WEIGHTS, check_bands
from equalchance.places import selectors

pytestmark = pytest.mark.django_db
SOLIHULL = "E08000029"
ENGLAND = "E92000001"


def held(code: str, area: str, label: str) -> Observation:
    return Observation.objects.get(indicator__code=code, area_id=area, period_label=label)


@pytest.mark.parametrize("code", ["asb-rate", "neet-years-12-14", "u75-circulatory-mortality"])
def test_england_and_districts_are_the_sums_of_their_lsoas(code):
    first = Observation.objects.filter(indicator__code=code, area_id=ENGLAND).earliest("period_start")
    districts = Observation.objects.filter(
        indicator__code=code, period_start=first.period_start, area__level="district"
    )
    assert districts.count() == 317
    assert sum(o.numerator for o in districts) == first.numerator
    assert sum(o.denominator for o in districts) == first.denominator
    lsoas = [lsoa.code for lsoa in selectors.lsoas_in_district(release=2019, district=SOLIHULL)]
    solihull_lsoas = Observation.objects.filter(
        indicator__code=code, period_start=first.period_start, area_id__in=lsoas
    )
    assert solihull_lsoas.count() == len(lsoas) == 134
    solihull = held(code, SOLIHULL, first.period_label)
    assert sum(o.numerator for o in solihull_lsoas) == solihull.numerator
    assert all(o.synthetic for o in [first, solihull, *solihull_lsoas])


def test_indicators_with_real_data_are_not_modelled():
    batch_sources = set(
        Observation.objects.filter(indicator__code="cpp-rate", area_id=ENGLAND).values_list(
            "batch__source", flat=True
        )
    )
    assert batch_sources and not any("modelled" in source for source in batch_sources)


@pytest.mark.parametrize("code", ["asb-rate", "community-cohesion", "neet-years-12-14"])
def test_englands_first_and_last_levels_follow_the_model(code):
    model, indicator = MODELS[code], Indicator.objects.get(code=code)
    observations = list(
        Observation.objects.filter(indicator=indicator, area_id=ENGLAND).order_by("period_start")
    )
    assert len(observations) == 10
    first, last = (o.numerator / o.denominator for o in (observations[0], observations[-1]))
    assert first == pytest.approx(model.first, rel=0.05) and last == pytest.approx(model.last, rel=0.05)


@pytest.mark.parametrize("code", ["asb-rate", "community-cohesion", "u75-circulatory-mortality"])
def test_the_most_deprived_tenth_fares_worse(code):
    indicator = Indicator.objects.get(code=code)
    series = national_series(indicator, MODELS[code])
    frame = selectors.lsoa_frame(2019)
    decile = frame.columns["imd_decile"][frame.rows_for(series.codes)]
    rate = {
        d: series.numerators[-1, decile == d].sum() / series.denominators[-1, decile == d].sum()
        for d in (1, 10)
    }
    worse_in_deprived = rate[1] < rate[10] if code == "community-cohesion" else rate[1] > rate[10]
    assert worse_in_deprived, rate


def test_the_modelled_u75_dsr_for_england_is_near_the_model_and_has_every_band():
    observation = held("u75-circulatory-mortality", ENGLAND, "2012-14")
    check_bands(observation.bands)
    assert observation.bands["labels"] == U75_BANDS
    assert sum(observation.bands["counts"]) == observation.numerator
    indicator = observation.indicator
    combined = combine_observations(indicator, [observation], name="England")
    assert combined.estimate.method == "Dobson"
    assert combined.estimate.value == pytest.approx(MODELS[indicator.code].first * 100_000, rel=0.05)


def test_dsrs_are_combined_band_by_band_then_standardised():
    """Combining two LSOAs equals the DSR of their summed band counts and populations, worked here by
    hand from the standard's weights, not the average of their two rates."""
    indicator = Indicator.objects.get(code="u75-circulatory-mortality")
    lsoas = [lsoa.code for lsoa in selectors.lsoas_in_district(release=2019, district=SOLIHULL)][:40]
    parts = list(Observation.objects.filter(indicator=indicator, area_id__in=lsoas, period_label="2021-23"))
    combined = combine_observations(indicator, parts, name="40 LSOAs")
    counts = np.sum([o.bands["counts"] for o in parts], axis=0)
    populations = np.sum([o.bands["populations"] for o in parts], axis=0)
    weights = np.array([ESP2013_WEIGHTS[label] for label in parts[0].bands["labels"]])
    by_hand = (weights * counts / populations).sum() / weights.sum() * 100_000
    assert combined.estimate.value == pytest.approx(by_hand, rel=1e-12)
    assert combined.numerator == counts.sum() and combined.areas == 40


def test_the_rest_of_a_district_by_subtraction_equals_the_sum_of_its_other_lsoas():
    indicator = Indicator.objects.get(code="u75-circulatory-mortality")
    lsoas = [lsoa.code for lsoa in selectors.lsoas_in_district(release=2019, district=SOLIHULL)]
    target, rest = lsoas[:25], lsoas[25:]

    def combined(codes, name):
        observations = Observation.objects.filter(
            indicator=indicator, area_id__in=codes, period_label="2021-23"
        )
        return combine_observations(indicator, list(observations), name=name)

    whole = combine_observations(indicator, [held(indicator.code, SOLIHULL, "2021-23")], name="Solihull")
    by_subtraction = difference_of(whole, combined(target, "target"), indicator, name="rest")
    summed = combined(rest, "rest")
    assert by_subtraction.estimate.value == pytest.approx(summed.estimate.value, rel=1e-12)
    assert by_subtraction.estimate.upper == pytest.approx(summed.estimate.upper, rel=1e-12)


def test_published_dsrs_without_bands_are_not_combined():
    indicator = Indicator.objects.get(code="u75-circulatory-mortality")
    published = [Observation(value=70.0, lower_95=60.0, upper_95=80.0) for _ in range(2)]
    result = combine_observations(indicator, published, name="two districts")
    assert not result.available and "age bands" in result.note


@pytest.mark.parametrize(
    "bands, message",
    [
        ({"labels": ["40-44"], "counts": [1, 2], "populations": [10]}, "one count and one population"),
        ({"labels": ["40-45"], "counts": [1], "populations": [10]}, "not European Standard Population"),
        ({"labels": ["40-44", "40-44"], "counts": [1, 1], "populations": [10, 10]}, "appears twice"),
        ({"labels": "40-44", "counts": [1], "populations": [10]}, "need lists"),
    ],
)
def test_malformed_bands_are_refused_with_a_reason(bands, message):
    with pytest.raises(ValueError, match=message):
        check_bands(bands)
