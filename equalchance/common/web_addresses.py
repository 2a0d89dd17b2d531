"""Which addresses may become links: http and https only. A `javascript:` or `data:` address from a
feed or a form would run in the reader's browser when clicked."""

from urllib.parse import urlsplit

SCHEMES = {"http", "https"}


def is_web_address(value) -> bool:
    if not isinstance(value, str) or not value.strip():
        return False
    # Browsers ignore leading spaces and control characters before the scheme; so must we.
    text = "".join(ch for ch in value.strip() if ch >= " ")
    parts = urlsplit(text)
    return parts.scheme.lower() in SCHEMES and bool(parts.netloc)
