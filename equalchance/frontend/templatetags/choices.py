"""Fields of choices: a long list of boxes to tick under headings, and where an error leads."""

from dataclasses import dataclass

from django import template

register = template.Library()


@dataclass(frozen=True)
class Group:
    heading: object
    options: list
    ticked: int  # how many of its boxes are ticked when the page is drawn


@register.filter
def in_groups(field) -> list[Group] | None:
    """A field's options under headings, when the field says how to group them (``group_of``: an
    option's record to its heading, e.g. a part of a plan to its plan); else ``None``. Headings come in
    the order of the field's ``group_order`` (a heading to a sort key), else the list's; options keep the
    list's order under their heading."""
    group_of = getattr(field.field, "group_of", None)
    if group_of is None:
        return None
    groups: dict = {}
    for option in field:
        groups.setdefault(group_of(option.data["value"].instance), []).append(option)
    found = [
        Group(heading, options, sum(1 for option in options if option.data["selected"]))
        for heading, options in groups.items()
    ]
    order = getattr(field.field, "group_order", None)
    return sorted(found, key=lambda group: order(group.heading)) if order else found


@register.filter
def first_input_id(field) -> str:
    """The id an error summary's link leads to: the field's own, or for a group of radios or boxes its
    first one (`field.html` numbers them from _0)."""
    if not hasattr(field, "field"):  # a form with no visible field: nothing to lead to
        return ""
    widget = field.field.widget
    kind = getattr(widget, "input_type", None)
    if kind == "radio" or (kind == "checkbox" and getattr(widget, "allow_multiple_selected", False)):
        return f"{field.auto_id}_0"
    return field.auto_id
