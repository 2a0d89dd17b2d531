from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def estimate(value, decimals=1):
    """An Estimate as 'value (lower to upper)', or an en dash when it cannot be given."""
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
