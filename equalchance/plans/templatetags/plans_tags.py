from django import template

from equalchance.plans.presenting import shown

register = template.Library()


@register.inclusion_tag("plans/includes/rag.html")
def rag(result):
    """A status as a tag: shape, words and colour."""
    return {"shown": shown(result.state, result.rag), "result": result}


@register.filter
def person(user) -> str:
    """A person's name as shown beside what they own or wrote."""
    return (user.get_full_name() or user.username) if user else ""


@register.filter
def isodate(value):
    """A date kept in frozen report data (ISO text) as a date, for the date filter."""
    from datetime import date

    return date.fromisoformat(value) if value else None


@register.inclusion_tag("plans/includes/frozen_rag.html")
def frozen_rag(action: dict):
    """A status as frozen in a report: the same words, shape and colour as on the pages."""
    return {"a": action}


@register.simple_tag
def readership(public) -> str:
    """Who a frozen report is for and what it leaves out (reports.readership)."""
    from equalchance.plans.reports import readership as said

    return said(bool(public))


@register.simple_tag
def quiet_themes(data) -> str:
    """The themes a quarterly report leaves out of its counts for holding nothing."""
    from equalchance.plans.reports import quiet_themes_said

    return quiet_themes_said(data)
