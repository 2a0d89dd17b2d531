"""Forecasts: recorded by hand for a period, or drawn as a straight line through the latest approved
values to the end of the reporting year; only definers record them, and a refusal writes nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from equalchance.audit.models import AuditEvent
from equalchance.performance import services
from equalchance.performance.tests.factories import value_approved_make

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
