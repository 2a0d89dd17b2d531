"""Placeholder values that feeds carry where they have nothing real: never republished.

The rule for e-mail addresses (small on purpose, so a real address is never dropped by guesswork):
an address is a placeholder when
- its domain is reserved for examples and testing (RFC 2606 and RFC 6761): example.com, example.net,
  example.org, or any domain ending .example, .invalid, .test or .localhost; or
- its part before the @, or the first part of its domain, says there is no address: one of
  "noemail", "no-email", "no_email", "nomail", "none", "null", "unknown", "test" (so
  `noemail@council.gov.uk`, `none@none.com` and `someone@noemail.co.uk` are placeholders).
"""

RESERVED_DOMAINS = {"example.com", "example.net", "example.org"}
RESERVED_ENDINGS = ("example", "invalid", "test", "localhost")
NO_ADDRESS = {"noemail", "no-email", "no_email", "nomail", "none", "null", "unknown", "test"}


def is_placeholder_email(address: str) -> bool:
    local, _, domain = str(address).strip().lower().rpartition("@")
    domain = domain.rstrip(".")
    if not local or not domain:
        return False
    if domain in RESERVED_DOMAINS or domain.rsplit(".", 1)[-1] in RESERVED_ENDINGS:
        return True
    return local in NO_ADDRESS or domain.split(".", 1)[0] in NO_ADDRESS


def real_email(address) -> str:
    """The address, or "" when it is empty or a placeholder."""
    return "" if not address or is_placeholder_email(address) else str(address)
