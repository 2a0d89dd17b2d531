from django import template
from django.utils.html import format_html

from equalchance.stats import Estimate

register = template.Library()


def _as_estimate(value):
    """Live Estimates and frozen snapshot dicts alike."""
    if isinstance(value, dict):
        return Estimate(value.get("value"), value.get("lower"), value.get("upper"))
    return value


def _with_interval(value, decimals, sign: str) -> str:
    value = _as_estimate(value)
    if value is None or value.value is None:
        return "–"
    spec = f"{sign}.{int(decimals)}f"
    if value.lower is None or value.upper is None:
        return format(value.value, spec)
    return format_html(
        '{}<br><span class="govuk-body-s">{} to {}</span>',
        format(value.value, spec),
        format(value.lower, spec),
        format(value.upper, spec),
    )


@register.filter
def estimate(value, decimals=1):
    """An Estimate as 'value (lower to upper)', or an en dash when it cannot be given."""
    return _with_interval(value, decimals, "")


@register.filter
def signed(value, decimals=1):
    """The same with signs, for gaps and changes."""
    return _with_interval(value, decimals, "+")
