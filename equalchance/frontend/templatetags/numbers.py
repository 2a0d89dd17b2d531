"""Numbers for people in templates, through the one formatting module (indicators.numbers).

The argument names the measure whose unit and decimals apply: an Indicator, a scorecard Line or line
result (anything with an `indicator`), a frozen scorecard line (a dict with unit and decimal_places),
or just a number of decimals.

    {{ line.values.target.estimate|estimate:line }}   value, and its interval beneath
    {{ line.gaps.rest|gap:line }}                      signed gap (percentage points), interval beneath
    {{ mean|amount:line }}                             a value alone
    {{ estimate|figure:line }}, {{ gap|figure_gap:line }}  the same for a table whose rows state their
                                                       unit: percentages keep "%" and "percentage
                                                       points", other units are left to the row
    {{ observation.denominator|count }}                a count with thousands separators
"""

from django import template
from django.utils.html import format_html

from equalchance.indicators import numbers

register = template.Library()


def measure_of(source) -> numbers.Measure:
    if isinstance(source, numbers.Measure):
        return source
    if isinstance(source, dict):
        return numbers.Measure(
            source.get("unit") or "",
            int(source.get("decimal_places", 1) or 0),
            source.get("value_type") or "",
        )
    indicator = getattr(source, "indicator", source)
    if hasattr(indicator, "decimal_places"):
        return numbers.Measure(indicator.unit, indicator.decimal_places, indicator.value_type)
    try:
        return numbers.Measure("", int(source))
    except (TypeError, ValueError):
        return numbers.Measure()


def _parts(value):
    """(value, lower, upper) of a live Estimate or a frozen estimate dict."""
    if value is None:
        return None, None, None
    if isinstance(value, dict):
        return value.get("value"), value.get("lower"), value.get("upper")
    if hasattr(value, "lower"):
        return value.value, value.lower, value.upper
    return value, None, None


def _with_interval(main: str, limits: str):
    if not limits:
        return main
    return format_html('{}<br><span class="govuk-body-s app-interval">{}</span>', main, limits)


@register.filter
def estimate(value, source=1):
    """A value with its unit, and its interval beneath; an en dash when it cannot be given."""
    centre, lower, upper = _parts(value)
    measure = measure_of(source)
    shown = numbers.value(centre, measure)
    if shown == numbers.MISSING:
        return shown
    return _with_interval(shown, numbers.interval(lower, upper, measure))


@register.filter
def gap(value, source=1):
    """A signed gap or change (percentage points for percentages), its interval beneath."""
    centre, lower, upper = _parts(value)
    measure = measure_of(source)
    shown = numbers.gap(centre, measure)
    if shown == numbers.MISSING:
        return shown
    return _with_interval(shown, numbers.interval(lower, upper, measure, signed=True))


@register.filter
def amount(value, source=1):
    """A value with its unit, alone."""
    return numbers.value(_parts(value)[0], measure_of(source))


@register.filter
def count(value):
    return numbers.count(value)


def _in_table(measure: numbers.Measure) -> numbers.Measure:
    """A measure whose unit a table row already states: percentages keep theirs."""
    return measure if measure.percentage else numbers.Measure("", measure.decimals, measure.value_type)


@register.filter
def figure(value, source=1):
    return estimate(value, _in_table(measure_of(source)))


@register.filter
def figure_gap(value, source=1):
    return gap(value, _in_table(measure_of(source)))


@register.filter
def figure_amount(value, source=1):
    return amount(value, _in_table(measure_of(source)))
