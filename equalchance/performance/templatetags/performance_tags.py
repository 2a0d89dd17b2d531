from django import template
from django.utils.html import format_html

from equalchance.performance import cards, presenting, standing

register = template.Library()


def _tag(shown) -> str:
    # Markup, not an included template: the exception report shows two for each of a hundred rows or more.
    return format_html(
        '<strong class="govuk-tag govuk-tag--{} app-rag"><span aria-hidden="true">{} </span>{}</strong>',
        shown.css,
        shown.shape,
        shown.words,
    )


@register.simple_tag
def state(result, period: str = ""):
    """A status against target as words, shape and colour; `period` names the period judged after "No
    data" (see `presenting.state_shown`)."""
    return _tag(presenting.status_shown(result, period=period))


@register.simple_tag
def row_forecast(row, where):
    """A period's forecast and how it was made, or None (`cards.row_forecast`)."""
    return cards.row_forecast(row, where)


@register.simple_tag
def overdue(where) -> str:
    """Why a measure's current period is overdue, and what is there if a value waits for approval."""
    return standing.overdue_said(where.current, where.overdue_since) if where.overdue_since else ""


@register.simple_tag
def card_state(card_measure):
    """A programme card measure's status now, naming the period when it has no data."""
    return _tag(card_measure.status_shown)


@register.simple_tag
def year_end(where, measure):
    """The year-end forecast's status; "No target for the year end" when a measure that has targets has
    none for the year's last period."""
    return _tag(presenting.status_shown(where.forecast_status, period="the year end"))


@register.inclusion_tag("performance/includes/direction.html")
def direction(value):
    return {"shown": presenting.direction_shown(value)}


@register.simple_tag
def figure(measure, value):
    """A value as the measure shows it (its decimal places; % for percentages)."""
    percentage = measure.form == "percentage" or measure.value_type == "percentage"
    return presenting.figure(value, measure.decimal_places, percentage=percentage)


@register.filter
def entered_by(value) -> str:
    """Who entered a value; a feedback measure's values are worked out by the product, not a person."""
    from equalchance.accounts.models import Role
    from equalchance.plans.templatetags.plans_tags import person

    user = value.entered_by
    if user is not None and user.role == Role.SYSTEM:
        return presenting.AUTOMATED_ENTRY
    return person(user)


@register.simple_tag
def entry_credit(entry) -> str:
    return cards.entry_credit(entry)


@register.simple_tag
def headline_meaning():
    return presenting.HEADLINE_MEANING


@register.simple_tag
def trend(value):
    return presenting.trend_said(value)


@register.simple_tag
def trajectory(value):
    return presenting.TRAJECTORY_WORDS.get(str(value), "")


@register.simple_tag
def against(value):
    return presenting.AGAINST_FORECAST_WORDS.get(str(value), "")


@register.simple_tag
def low_base(point):
    """ "Low base: 14 responses" beside a feedback result of fewer than LOW_BASE_BELOW responses, wherever
    the figure is shown (guide 6.5: report n every time)."""
    from equalchance.performance.status import LOW_BASE_BELOW

    if point is None or not point.counts:
        return ""
    answered = point.counts[1]
    said = f"{answered:,} response{'' if answered == 1 else 's'}"
    return f"Low base: {said}" if answered < LOW_BASE_BELOW else said
