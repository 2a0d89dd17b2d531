"""Programmes and measures made through the services, as a definer would make them."""

from equalchance.performance import services


def programme_make(*, by, name="Family Help", visibility="partnership", **fields):
    return services.programme_create(by=by, name=name, visibility=visibility, **fields)


def measure_make(*, by, code="EH1", title="Families supported", category="how_much", owner=None, **fields):
    return services.measure_create(
        by=by, code=code, title=title, category=category, owner=owner or by, **fields
    )
