"""One JSON line per request, with nothing personal in it.

Each line has the time (UTC), the request id (the one audit events carry), the method, the path (see
below), the name of the view's URL, the status, how long it took in milliseconds, the numeric id of the
signed-in user (or null) and the size of the response in bytes. Never a query string (searches hold
postcodes), a client address, a username or an e-mail address.

The path is rebuilt from the URL pattern that matched it, never copied from the request and then
cleaned by searching for values (a value such as a user's number "8" also occurs inside a secret key):
- an argument's value is kept only when its shape cannot carry anything personal or secret: a number,
  a UUID, a GSS code (E08000029), or one of a fixed list of words in the pattern (`csv|xlsx|pdf`);
  anything else (a slug, free text, a token) is shown as `{name}`;
- views whose arguments are secrets (an argument named token, key, uidb36, uidb64 or uid, and every
  django-allauth view: password reset, e-mail confirmation, sign-in codes) show every argument as
  `{name}`, whatever its shape: `/accounts/password/reset/key/{uidb36}-{key}/`;
- a path that matches no URL is shown by its first segment only, when that is one of the site's own
  (`/directory/…`), and as `/…` otherwise: what was typed after it can be anything, an e-mail address
  included. Static files served keep their path (they are files of the product).
"""

import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime
from functools import lru_cache

from django.conf import settings
from django.urls import get_resolver

logger = logging.getLogger("equalchance.requests")

# URL arguments that are secrets (e-mailed links: ours, and django-allauth's confirmation and password
# reset keys). A view taking one shows all its arguments as placeholders.
SECRET_ARGUMENTS = frozenset({"token", "key", "uidb36", "uidb64", "uid"})
# Views of these packages take secrets in their addresses (allauth: reset keys, confirmation keys).
SECRET_VIEW_PACKAGES = frozenset({"allauth"})
MAX_PATH = 300
UNKNOWN = "…"

_PATH_ARGUMENT = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_NAMED_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>")
_QUANTIFIER = re.compile(r"(?:[*+?]|\{\d*(?:,\d*)?\})\??")
_WORDS = re.compile(r"[\w-]+(?:\|[\w-]+)*")  # a fixed list of words: csv|xlsx|pdf
_SAFE_VALUE = re.compile(
    r"[0-9]{1,19}"  # an id
    r"|[A-Z][0-9]{8}"  # a GSS code
    r"|[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"  # a UUID
)


def _closing(route: str, start: int) -> int:
    """The index of the parenthesis closing the group opened at `start` (escapes and classes skipped)."""
    depth, i, in_class = 0, start, False
    while i < len(route):
        c = route[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(route) - 1


def _class_end(route: str, start: int) -> int:
    """The index of the `]` closing the character class opened at `start`."""
    i = start + 1
    if i < len(route) and route[i] == "^":
        i += 1
    if i < len(route) and route[i] == "]":
        i += 1  # a "]" first in a class is a literal
    while i < len(route) and route[i] != "]":
        i += 2 if route[i] == "\\" else 1
    return i


def route_shown(route: str, shown) -> str:
    """`route` (Django's pattern text, with `<converter:name>` arguments and regular expressions) as a
    path, each argument replaced by `shown(name, group_pattern)` and any other variable part by `{…}`."""
    out, i, positional = [], 0, 0
    while i < len(route):
        c = route[i]
        variable = None
        if c == "<" and (argument := _PATH_ARGUMENT.match(route, i)):
            out.append(shown(argument["name"], None))
            i = argument.end()
            continue
        if c == "(":
            end = _closing(route, i)
            group = route[i : end + 1]
            if named := _NAMED_GROUP.match(group):
                variable = shown(named["name"], group[named.end() : -1])
            elif group.startswith("(?"):
                variable = "{" + UNKNOWN + "}"
            else:
                variable = shown(positional, group[1:-1])
                positional += 1
            i = end + 1
        elif c == "[":
            variable, i = "{" + UNKNOWN + "}", _class_end(route, i) + 1
        elif c == "\\" and i + 1 < len(route):
            if route[i + 1] in "dDwWsS":
                variable = "{" + UNKNOWN + "}"
            else:
                out.append(route[i + 1])
            i += 2
        elif c == "." and _QUANTIFIER.match(route, i + 1):
            variable, i = "{" + UNKNOWN + "}", i + 1
        elif c in "^$*+?|":
            i += 1
            continue
        else:
            out.append(c)
            i += 1
            continue
        if quantifier := _QUANTIFIER.match(route, i):
            i = quantifier.end()
        if variable is not None:
            out.append(variable)
    return "/" + "".join(out)


def _view_is_secret(match) -> bool:
    view = getattr(match.func, "view_class", None) or match.func
    package = (getattr(view, "__module__", None) or "").partition(".")[0]
    return package in SECRET_VIEW_PACKAGES or any(name in SECRET_ARGUMENTS for name in match.captured_kwargs)


def _value_shown(value) -> str | None:
    if isinstance(value, int | uuid.UUID):
        return str(value)
    if isinstance(value, str) and _SAFE_VALUE.fullmatch(value):
        return value
    return None


def resolved_path(match) -> str:
    """The path of a request that matched `match`, rebuilt from its pattern (see the module's text)."""
    secret = _view_is_secret(match)
    values = match.captured_kwargs

    def shown(name, group_pattern) -> str:
        placeholder = "{" + (str(name) if isinstance(name, str) else UNKNOWN) + "}"
        if secret:
            return placeholder
        if isinstance(name, int):
            value = match.args[name] if name < len(match.args) else None
        else:
            value = values.get(name)
        if value is None:
            return placeholder
        if group_pattern is not None and _WORDS.fullmatch(group_pattern) and "|" in group_pattern:
            return str(value)  # one of the pattern's own words
        return _value_shown(value) or placeholder

    return route_shown(match.route or "", shown)


@lru_cache(maxsize=8)
def _first_segments(urlconf: str) -> frozenset[str]:
    """The literal first segments of the site's URLs (`directory`, `places`...) and of its static files."""
    segments = {settings.STATIC_URL.strip("/").partition("/")[0]}
    for entry in get_resolver(urlconf).url_patterns:
        text = str(entry.pattern).lstrip("^")
        first = re.match(r"[\w.-]+", text)
        if first:
            segments.add(first.group(0).rstrip("."))
    return frozenset(s for s in segments if s)


def unresolved_path(request) -> str:
    """A path that matched no URL: its first segment when it is one of the site's, then `/…`."""
    first, _, rest = request.path.lstrip("/").partition("/")
    urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
    if first in _first_segments(str(urlconf)):
        return "/" + first + ("/" + UNKNOWN if rest else "/" if request.path.endswith("/") else "")
    return "/" + UNKNOWN if request.path.strip("/") else "/"


def logged_path(request, response=None) -> str:
    match = getattr(request, "resolver_match", None)
    if match is not None:
        path = resolved_path(match)
    elif (
        response is not None
        and response.status_code < 400
        and request.path.startswith(settings.STATIC_URL)
        and ".." not in request.path
    ):
        path = request.path  # a file of the product's, served by WhiteNoise
    else:
        path = unresolved_path(request)
    return path[:MAX_PATH]


def signed_in_user_id(request) -> int | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user.pk
    return None


def response_size(response) -> int | None:
    if response.streaming:
        length = response.get("Content-Length")
        return int(length) if length and length.isdigit() else None
    return len(response.content)


def request_line(request, response, *, at: datetime, seconds: float) -> dict:
    match = getattr(request, "resolver_match", None)
    return {
        "time": at.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "request_id": getattr(request, "request_id", ""),
        "method": request.method[:10],
        "path": logged_path(request, response),
        "view": match.view_name if match is not None else None,
        "status": response.status_code,
        "duration_ms": round(seconds * 1000, 1),
        "user": signed_in_user_id(request),
        "bytes": response_size(response),
    }


class RequestLogMiddleware:
    """Writes the line once the response is ready; sits just inside RequestContextMiddleware, so the
    time covers every other middleware and the request id is set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        at = datetime.now(UTC)
        started = time.perf_counter()
        response = self.get_response(request)
        if logger.isEnabledFor(logging.INFO):
            line = request_line(request, response, at=at, seconds=time.perf_counter() - started)
            logger.info(json.dumps(line, ensure_ascii=False))
        return response


class QuietRefusals(logging.Filter):
    """Django logs every refused request (403) as a warning with a traceback. The request log already
    has one line for it (status 403), so those go; so do the other client errors' "Not Found" and the
    development server's own access lines, which carry query strings. Security warnings keep their
    message without a traceback. Server errors (500) keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.name == "django.server":
            return status is None  # its access lines hold the query string
        if record.name == "django.request" and status is not None and status < 500:
            return False
        if record.name.startswith("django.security"):
            if status == 403:
                return False
            record.exc_info, record.exc_text = None, None
        return True
