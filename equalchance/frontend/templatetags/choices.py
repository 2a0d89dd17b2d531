"""A long list of boxes to tick, under headings."""

from django import template

register = template.Library()


@register.filter
def in_groups(field) -> list | None:
    """A field's options as [(heading, options)] in the list's order, when the field says how to group
    them (``group_of``: an option's record to its heading, e.g. a part of a plan to its plan); else
    ``None``. Options of one heading are expected together, as the list's order keeps them."""
    group_of = getattr(field.field, "group_of", None)
    if group_of is None:
        return None
    groups: dict = {}
    for option in field:
        groups.setdefault(group_of(option.data["value"].instance), []).append(option)
    return list(groups.items())
