"""Template helpers for feedback pages."""

from django import template

from equalchance.performance import feedback_scales as scales

register = template.Library()
THEME_NAMES = dict(scales.THEMES)


@register.filter
def theme_names(codes) -> str:
    """A comment's themes in words, separated by semicolons."""
    return "; ".join(THEME_NAMES.get(code, code) for code in codes or [])
