"""Aggregation sums counts before computing values; synthetic LSOA series add up to real totals."""

from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from equalchance.indicators.aggregation import combine_observations, difference_of, value_for_areas
from equalchance.indicators.models import ImportBatch, Indicator, Observation
from equalchance.indicators.synthetic import synthetic_series_generate
from equalchance.places import selectors
from equalchance.places.models import LsoaPlacement
from equalchance.stats import proportion, rate

SOLIHULL = "E08000029"
REGENERATION_WARDS = ["E05001287", "E05001300", "E05001290"]
MARCH_2025 = date(2025, 3, 31)


def unsaved(numerator, denominator, value=None, lower=None, upper=None):
    return Observation(
        numerator=numerator, denominator=denominator, value=value, lower_95=lower, upper_95=upper
    )


@pytest.fixture
def cpp(db):
    return Indicator.objects.get(code="cpp-rate")


@given(st.lists(st.tuples(st.integers(0, 300), st.integers(1, 5000)), min_size=1, max_size=30), st.randoms())
@settings(max_examples=100, deadline=None)
def test_combining_sums_counts_first_and_ignores_order(parts, random):
    indicator = Indicator(code="x", value_type="crude_rate", multiplier=1000)
    observations = [unsaved(n, d) for n, d in parts]
    shuffled = list(observations)
    random.shuffle(shuffled)
    a = combine_observations(indicator, observations, name="a")
    b = combine_observations(indicator, shuffled, name="b")
    expected = rate(sum(n for n, _ in parts), sum(d for _, d in parts), multiplier=1000)
    assert a.estimate == b.estimate == expected


def test_rates_are_never_averaged():
    indicator = Indicator(code="x", value_type="proportion", multiplier=100)
    combined = combine_observations(indicator, [unsaved(90, 100), unsaved(100, 1000)], name="x")
    assert combined.estimate == proportion(190, 1100, multiplier=100)
    assert combined.estimate.value != pytest.approx((90.0 + 10.0) / 2)


def test_published_values_without_counts_cannot_be_combined():
    indicator = Indicator(code="x", value_type="dsr", multiplier=100_000)
    one = combine_observations(indicator, [unsaved(None, None, 30.2, 29.0, 31.5)], name="England")
    assert (one.estimate.value, one.estimate.lower) == (30.2, 29.0)
    two = combine_observations(indicator, [unsaved(None, None, 30.2), unsaved(None, None, 25.0)], name="x")
    assert not two.available and "cannot be combined" in two.note


@pytest.mark.django_db
def test_synthetic_lsoa_series_add_up_to_the_real_district_counts(cpp, system):
    batch = synthetic_series_generate(district=SOLIHULL, by=system)
    assert batch.synthetic and batch.observations.filter(synthetic=False).count() == 0
    lsoas = [lsoa.code for lsoa in selectors.lsoas_in_district(release=2019, district=SOLIHULL)]
    for real in Observation.objects.filter(area_id=SOLIHULL, synthetic=False).exclude(numerator=None):
        parts = Observation.objects.filter(
            indicator=real.indicator, area_id__in=lsoas, period_start=real.period_start, synthetic=True
        )
        assert parts.count() == 134
        assert sum(p.numerator for p in parts) == real.numerator
        assert sum(p.denominator for p in parts) == real.denominator
    assert synthetic_series_generate(district=SOLIHULL, by=system) is None  # once only


@pytest.mark.django_db
def test_synthetic_series_follow_deprivation_and_are_reproducible(cpp, system):
    synthetic_series_generate(district=SOLIHULL, by=system)
    frame = selectors.lsoa_frame(2019)
    parts = Observation.objects.filter(indicator=cpp, period_start=MARCH_2025, synthetic=True)
    rates = {p.area_id: p.numerator / p.denominator for p in parts}
    scores = [frame.columns["imd_score"][frame.index[code]] for code in rates]
    assert np.corrcoef(scores, list(rates.values()))[0, 1] > 0.3  # more plans where deprivation is higher
    first = sorted(parts.values_list("area_id", "numerator"))
    ImportBatch.objects.filter(synthetic=True).delete()
    synthetic_series_generate(district=SOLIHULL, by=system)
    again = sorted(
        Observation.objects.filter(indicator=cpp, period_start=MARCH_2025, synthetic=True).values_list(
            "area_id", "numerator"
        )
    )
    assert again == first


@pytest.mark.django_db
def test_the_rest_of_the_district_is_the_district_less_the_target(cpp, system):
    synthetic_series_generate(district=SOLIHULL, by=system)
    target_lsoas = list(
        LsoaPlacement.objects.filter(geography="2019", ward_id__in=REGENERATION_WARDS).values_list(
            "lsoa_id", flat=True
        )
    )
    district_lsoas = [lsoa.code for lsoa in selectors.lsoas_in_district(release=2019, district=SOLIHULL)]
    rest_lsoas = sorted(set(district_lsoas) - set(target_lsoas))
    target = value_for_areas(cpp, MARCH_2025, MARCH_2025, [target_lsoas], name="Regeneration Wards")
    rest = value_for_areas(cpp, MARCH_2025, MARCH_2025, [rest_lsoas], name="Rest")
    district = value_for_areas(cpp, MARCH_2025, MARCH_2025, [[SOLIHULL]], name="Solihull")
    assert target.synthetic and target.areas == 25 and not district.synthetic
    by_subtraction = difference_of(district, target, cpp, name="Rest")
    assert (by_subtraction.numerator, by_subtraction.denominator) == (rest.numerator, rest.denominator)
    assert target.estimate.value > district.estimate.value > rest.estimate.value
