"""Forecasts: recorded by hand for a period, or drawn as a straight line through the latest approved
values to the end of the reporting year; only definers record them, and a refusal writes nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from equalchance.audit.models import AuditEvent
from equalchance.performance import services
from equalchance.performance.tests.factories import value_approved_make, values_approved_make

TODAY = date(2026, 11, 30)
Q1 = {"period_start": date(2026, 4, 1), "period_end": date(2026, 6, 30)}
Q2 = {"period_start": date(2026, 7, 1), "period_end": date(2026, 9, 30)}
Q3 = {"period_start": date(2026, 10, 1), "period_end": date(2026, 12, 31)}
Q4 = {"period_start": date(2027, 1, 1), "period_end": date(2027, 3, 31)}


def forecasts(measure):
    return [(p.period_start, p.value, p.method) for p in measure.forecast.order_by("period_start")]


@pytest.fixture
def falling(measure, enterer, approver):
    for period, value in ((Q1, 100), (Q2, 80)):
        value_approved_make(measure=measure, enterer=enterer, approver=approver, **period, value=value)
    return measure


def test_a_straight_line_through_the_approved_values_is_the_forecast_to_the_years_end(falling, definer):
    made = services.forecast_trend_make(by=definer, measure=falling, today=TODAY)
    # 100 then 80: down 20 a quarter, so 60 in Q3 and 40 in Q4.
    assert [(p.period_start, p.value) for p in made] == [(Q3["period_start"], 60), (Q4["period_start"], 40)]
    assert {p.method for p in made} == {"linear_trend"}
    event = AuditEvent.objects.get(action="performance.forecast_set")
    assert event.changes == {"method": "linear_trend", "points": 2, "from_values": 2}


def test_a_forecast_recorded_by_hand_is_kept_when_the_trend_is_drawn_again(falling, definer):
    services.forecast_set(by=definer, measure=falling, **Q4, value="55.5")
    services.forecast_trend_make(by=definer, measure=falling, today=TODAY)
    services.forecast_trend_make(by=definer, measure=falling, today=TODAY)  # again: replaces its own
    assert forecasts(falling) == [
        (Q3["period_start"], Decimal("60"), "linear_trend"),
        (Q4["period_start"], Decimal("55.5"), "manual"),
    ]


def test_a_trend_needs_two_approved_values_and_a_refusal_writes_nothing(measure, definer, enterer, approver):
    value_approved_make(measure=measure, enterer=enterer, approver=approver, **Q1, value=100)
    draft = services.value_enter(by=enterer, measure=measure, **Q2, value=80)
    assert draft.status == "draft"  # a draft is not drawn through
    with pytest.raises(ValidationError) as refused:
        services.forecast_trend_make(by=definer, measure=measure, today=TODAY)
    assert "at least two periods" in str(refused.value)
    assert (
        forecasts(measure) == [] and not AuditEvent.objects.filter(action="performance.forecast_set").exists()
    )


def test_only_a_definer_records_a_forecast_and_the_refusal_is_audited(falling, enterer, approver, stranger):
    for who in (enterer, approver, stranger):
        with pytest.raises(PermissionDenied):
            services.forecast_set(by=who, measure=falling, **Q3, value=1)
        with pytest.raises(PermissionDenied):
            services.forecast_trend_make(by=who, measure=falling, today=TODAY)
    assert forecasts(falling) == []
    assert AuditEvent.objects.filter(action="access.refused", object_type="performance.measure").count() == 6


@pytest.mark.parametrize(
    ("period", "value", "field"),
    [
        ({"period_start": date(2026, 10, 1), "period_end": date(2026, 10, 31)}, 1, "period_start"),
        (Q3, "=SUM(A1)", "value"),
        (Q3, "1e13", "value"),
        (Q3, "", "value"),
        (Q3, "NaN", "value"),
    ],
)
def test_a_forecast_for_a_period_the_measure_does_not_have_or_of_no_number_is_refused_by_field(
    falling, definer, period, value, field
):
    with pytest.raises(ValidationError) as refused:
        services.forecast_set(by=definer, measure=falling, **period, value=value)
    assert field in refused.value.message_dict
    assert forecasts(falling) == []


LAST_YEAR = [
    (date(2025, 4, 1), date(2025, 6, 30)),
    (date(2025, 7, 1), date(2025, 9, 30)),
    (date(2025, 10, 1), date(2025, 12, 31)),
    (date(2026, 1, 1), date(2026, 3, 31)),
]


def approve_all(measure, enterer, approver, pairs):
    values = [(start, end, value) for (start, end), value in pairs]
    values_approved_make(measure=measure, enterer=enterer, approver=approver, values=values)


def test_the_recorded_trend_is_the_same_line_as_the_pages_year_end_forecast(
    measure, definer, enterer, approver
):
    """Probe finding 8: the page fitted this year's values and the button the latest eight of any year, so
    one measure showed two forecasts for the same quarter."""
    import numpy as np

    from equalchance.performance import selectors

    quarters = [*LAST_YEAR, tuple(Q1.values()), tuple(Q2.values())]
    values = [10, 20, 30, 40, 30, 20]
    approve_all(measure, enterer, approver, zip(quarters, values, strict=True))
    slope, intercept = np.polyfit(range(6), values, 1)  # Q4 2026/27 is the eighth quarter: x = 7
    (row,) = selectors.standings(
        user=definer, today=TODAY, measures=type(measure).objects.filter(pk=measure.pk)
    )
    assert float(row.standing.year_forecast) == pytest.approx(slope * 7 + intercept)
    made = services.forecast_trend_make(by=definer, measure=measure, today=TODAY)
    assert [p.period_start for p in made] == [Q3["period_start"], Q4["period_start"]]
    assert [float(p.value) for p in made] == pytest.approx(
        [slope * 6 + intercept, slope * 7 + intercept], abs=1e-6
    )


def test_a_year_to_date_measures_trend_carries_this_years_value_on_at_its_rate(definer, enterer, approver):
    """A cumulative measure starts again each April: a line across years would run through the reset."""
    from equalchance.performance.tests.factories import measure_make

    ytd = measure_make(
        by=definer,
        code="YTD1",
        frequency="quarterly",
        cumulative=True,
        data_entry=[enterer],
        approver=approver,
    )
    approve_all(
        ytd, enterer, approver, [(LAST_YEAR[3], 400), (tuple(Q1.values()), 100), (tuple(Q2.values()), 210)]
    )
    made = services.forecast_trend_make(by=definer, measure=ytd, today=TODAY)
    assert [(p.period_start, p.value) for p in made] == [(Q3["period_start"], 315), (Q4["period_start"], 420)]


def test_the_page_shows_what_the_trend_would_record_and_replace_and_only_the_post_records_it(
    client, falling, definer
):
    import html

    from django.urls import reverse

    services.forecast_trend_make(by=definer, measure=falling, today=TODAY)
    services.forecast_set(by=definer, measure=falling, **Q4, value="55.5")
    before = forecasts(falling)
    client.force_login(definer)
    url = reverse("performance:forecast-trend", args=[falling.pk])
    page = html.unescape(client.get(url).content.decode())
    assert forecasts(falling) == before  # looking writes nothing
    assert "the approved values of Q1 2026/27 to Q2 2026/27 (2 values)" in page
    assert "It replaces the trend recorded before for Q3 2026/27." in page
    assert "Forecasts entered by hand are kept: Q4 2026/27." in page
    assert "Record these forecasts" in page
    client.post(url)
    assert forecasts(falling) == before  # drawn again, the same line; the hand forecast kept
