"""Programmes and measures made through the services, as a definer would make them."""

from datetime import date

from equalchance.performance import services


def programme_make(*, by, name="Family Help", visibility="partnership", **fields):
    return services.programme_create(by=by, name=name, visibility=visibility, **fields)


def measure_make(*, by, code="EH1", title="Families supported", category="how_much", owner=None, **fields):
    return services.measure_create(
        by=by, code=code, title=title, category=category, owner=owner or by, **fields
    )


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
