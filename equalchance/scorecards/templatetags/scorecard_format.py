from django import template
from django.utils.html import format_html

from equalchance.stats import Estimate

register = template.Library()


def _as_estimate(value):
    """Live Estimates and frozen snapshot dicts alike."""
    if isinstance(value, dict):
        return Estimate(value.get("value"), value.get("lower"), value.get("upper"))
    return value


@register.filter
def estimate(value, decimals=1):
    """An Estimate as 'value (lower to upper)', or an en dash when it cannot be given."""
    value = _as_estimate(value)
    if value is None or value.value is None:
        return "–"
    places = int(decimals)
    if value.lower is None or value.upper is None:
        return f"{value.value:.{places}f}"
    return format_html(
        '{}<br><span class="govuk-body-s">{} to {}</span>',
        f"{value.value:.{places}f}",
        f"{value.lower:.{places}f}",
        f"{value.upper:.{places}f}",
    )


@register.filter
def signed(value, decimals=1):
    value = _as_estimate(value)
    if value is None or value.value is None:
        return "–"
    places = int(decimals)
    text = f"{value.value:+.{places}f}"
    if value.lower is None:
        return text
    return format_html(
        '{}<br><span class="govuk-body-s">{} to {}</span>',
        text,
        f"{value.lower:+.{places}f}",
        f"{value.upper:+.{places}f}",
    )
