"""Programmes and measures made through the services, as a definer would make them."""

from datetime import UTC, date, datetime

from equalchance.performance import services


def programme_make(*, by, name="Family Help", visibility="partnership", **fields):
    return services.programme_create(by=by, name=name, visibility=visibility, **fields)


# Measures made for tests were defined at the start of 2025/26, before the periods the tests report: a
# period due before its measure was defined is not data overdue (`periods.Period.owed`).
DEFINED_AT = datetime(2025, 4, 1, tzinfo=UTC)


def measure_make(
    *,
    by,
    code="EH1",
    title="Families supported",
    category="how_much",
    owner=None,
    defined_at=DEFINED_AT,
    **fields,
):
    from equalchance.performance.models import Measure

    measure = services.measure_create(
        by=by, code=code, title=title, category=category, owner=owner or by, **fields
    )
    Measure.objects.filter(pk=measure.pk).update(created_at=defined_at)
    measure.refresh_from_db()
    return measure


def value_approved_make(*, measure, enterer, approver, period_start, period_end, value, **fields):
    """A value entered, submitted and approved, as the two people would do it."""
    record = services.value_enter(
        by=enterer, measure=measure, period_start=period_start, period_end=period_end, value=value, **fields
    )
    services.value_submit(by=enterer, value=record)
    return services.value_approve(by=approver, value=record)


def values_approved_make(*, measure, enterer, approver, values):
    """`values`: (period_start, period_end, value) triples, each entered, submitted and approved."""
    return [
        value_approved_make(
            measure=measure,
            enterer=enterer,
            approver=approver,
            period_start=start,
            period_end=end,
            value=value,
        )
        for start, end, value in values
    ]


def target_make(*, by, measure, period_start, period_end, value):
    return services.target_set(
        by=by,
        measure=measure,
        period_start=period_start,
        period_end=period_end,
        value=value,
        decision_text="Minute 4 of the board",
        decided_on=date(2026, 3, 1),
    )
