"""Search addresses without personal details in them. A postcode, a child's age and a special
educational need, together, can point to one family; addresses end up in browser histories, proxies'
and servers' logs and shared messages. So the search form is posted, and the address it leads to
carries those fields sealed: encrypted and authenticated with a key derived from SECRET_KEY. The link
still works when shared (the server opens the seal); nobody reading the address can."""

import base64
import hashlib
import json

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

PRIVATE = ("postcode", "need", "age")
LIFETIME = 90 * 24 * 3600  # a shared search link works for 90 days


def _fernet() -> Fernet:
    key = hashlib.sha256(f"equalchance.directory.search:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(private: dict) -> str:
    return _fernet().encrypt(json.dumps(private, sort_keys=True).encode()).decode()


def unseal(token: str) -> dict | None:
    """The sealed fields, or None for a token that is not valid or too old."""
    try:
        data = json.loads(_fernet().decrypt(token.encode(), ttl=LIFETIME))
    except (InvalidToken, ValueError, UnicodeError):
        return None
    if not isinstance(data, dict):
        return None
    return {key: str(value)[:50] for key, value in data.items() if key in PRIVATE}


def search_address(data, path: str) -> str:
    """Where a search with `data` (a QueryDict or dict) is shown: its ordinary fields in the query string,
    its private ones sealed in `s`."""
    from urllib.parse import urlencode

    public, private = [], {}
    for key in data:
        values = data.getlist(key) if hasattr(data, "getlist") else [data[key]]
        for value in values:
            if not value or key in ("s", "page", "csrfmiddlewaretoken"):
                continue
            if key in PRIVATE:
                private[key] = str(value)[:50]
            else:
                public.append((key, value))
    if private:
        public.append(("s", seal(private)))
    return f"{path}?{urlencode(public)}" if public else path
