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
