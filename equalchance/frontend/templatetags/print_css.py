"""Text put inside a CSS string in a <style> element (a printed page's running footer). CSS escapes are
used, not HTML or JavaScript ones: a <style> element's text is not HTML-decoded, and CSS prints
JavaScript escapes as they are. Anything that could end the string or the element is escaped."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()
ESCAPED = set("\"'\\<>&\n\r")


@register.filter
def css_string(value) -> str:
    return mark_safe("".join(f"\\{ord(c):x} " if c in ESCAPED else c for c in str(value)))  # noqa: S308
