"""The measure's quadrant, and the one-value-per-period rule the database keeps."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from equalchance.performance.models import Measure, MeasureValue


@pytest.mark.parametrize(
    ("category", "form", "quadrant"),
    [
        ("how_much", "number", "quantity_of_effort"),
        ("how_much", "percentage", "quantity_of_effort"),
        ("how_well", "percentage", "quality_of_effort"),
        ("better_off", "number", "quantity_of_effect"),
        ("better_off", "percentage", "quality_of_effect"),
    ],
)
def test_the_quadrant_follows_from_category_and_form(category, form, quadrant):
    assert Measure(category=category, form=form).quadrant == quadrant


@pytest.mark.django_db
def test_a_measure_has_one_value_per_period(user_with_role):
    owner = user_with_role("analyst", username="owner")
    measure = Measure.objects.create(code="EH1", title="Families supported", owner=owner, category="how_much")
    fields = {"measure": measure, "period_start": date(2026, 4, 1), "period_end": date(2026, 6, 30)}
    MeasureValue.objects.create(**fields, value=10, entered_by=owner)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasureValue.objects.create(**fields, value=11, entered_by=owner)
    assert MeasureValue.objects.get().value == 10
    assert MeasureValue.objects.get().period.label == "Q1 2026/27"
