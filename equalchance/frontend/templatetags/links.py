from django import template

from equalchance.common.web_addresses import is_web_address

register = template.Library()


@register.filter
def web_address(value) -> str:
    """The address if it may be a link (http or https), else empty: use it in every href of an address
    that came from outside (a feed, a form)."""
    return value.strip() if is_web_address(value) else ""
