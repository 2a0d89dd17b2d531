import re

from django import template

from equalchance.common.web_addresses import is_web_address

register = template.Library()


@register.filter
def web_address(value) -> str:
    """The address if it may be a link (http or https), else empty: use it in every href of an address
    that came from outside (a feed, a form)."""
    return value.strip() if is_web_address(value) else ""


@register.filter
def phone_link(value) -> str:
    """A tel: address for tap-to-call ("tel:+441214567890"), or empty when the text is not a phone
    number (only digits, spaces, brackets, dots and dashes, with an optional leading +)."""
    text = str(value or "").strip()
    if not re.fullmatch(r"\+?[\d\s().-]{6,30}", text):
        return ""
    digits = re.sub(r"\D", "", text)
    return f"tel:+{digits}" if text.startswith("+") else f"tel:{digits}"
