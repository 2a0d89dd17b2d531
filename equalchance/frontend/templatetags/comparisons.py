"""Better, similar or worse than a benchmark, shown by text, shape and colour together (never colour
alone), as Fingertips does: {% compared line.against_england "England" %}. The words come from
stats.comparison_wording; the shape is decorative (hidden from screen readers, which read the words)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from equalchance.frontend.charts import COMPARISON_SHAPES as SHAPES
from equalchance.stats import Comparison, comparison_wording

register = template.Library()

SIZE = 14


def _kind(comparison) -> str:
    try:
        return Comparison(comparison).value.replace(" ", "-")
    except ValueError:
        return "none"


@register.simple_tag
def compared(comparison, against: str):
    """The comparison as a shape and words, e.g. a red square and "Worse than England"."""
    if comparison in (None, ""):
        comparison = Comparison.NOT_COMPARED
    kind = _kind(comparison)
    shape = SHAPES.get(Comparison(comparison)) if kind != "none" else None
    words = comparison_wording(comparison, against)
    if shape is None:
        return format_html('<span class="app-compared app-compared--{}">{}</span>', kind, words)
    return format_html(
        '<span class="app-compared app-compared--{}"><svg class="app-compared__shape" width="{}" height="{}" '
        'viewBox="0 0 14 14" aria-hidden="true" focusable="false"><title>{}</title>{}</svg> {}</span>',
        kind,
        SIZE,
        SIZE,
        words,  # hidden from screen readers on a page; a tagged PDF's figure needs it as its /Alt
        mark_safe(shape),  # noqa: S308 - fixed markup from SHAPES above
        words,
    )


@register.simple_tag
def comparison_shape(comparison):
    """The shape alone (for a key beside its words)."""
    shape = SHAPES.get(Comparison(comparison))
    return format_html(
        '<svg class="app-compared__shape" width="{}" height="{}" viewBox="0 0 14 14" aria-hidden="true" '
        'focusable="false"><title>{}</title>{}</svg>',
        SIZE,
        SIZE,
        f"The shape for {_kind(comparison)}",  # a tagged PDF's figure needs alternative text
        mark_safe(shape),  # noqa: S308 - fixed markup from SHAPES above
    )
