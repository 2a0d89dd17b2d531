"""Template helpers for feedback pages."""

from django import template

from equalchance.performance import feedback_scales as scales

register = template.Library()
THEME_NAMES = dict(scales.THEMES)


@register.filter
def theme_names(codes) -> str:
    """A comment's themes in words, separated by semicolons."""
    return "; ".join(THEME_NAMES.get(code, code) for code in codes or [])


@register.inclusion_tag("performance/feedback/measure_note.html")
def feedback_note(measure):
    """For a measure fed by feedback: which question feeds it, how it is counted, and the periods whose
    percentage is suppressed (fewer than 5 answers: no value is written)."""
    from django.core.exceptions import ObjectDoesNotExist

    from equalchance.performance.feedback_selectors import feedback_counts

    try:
        link = measure.feedback_link
    except ObjectDoesNotExist:
        return {"link": None}
    suppressed = [c.period.label for c in feedback_counts(measure=measure) if c.result.suppressed]
    return {"link": link, "suppressed": suppressed[::-1]}
