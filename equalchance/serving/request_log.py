"""One JSON line per request, with nothing personal in it.

Each line has the time (UTC), the request id (the one audit events carry), the method, the path without
its query string (secrets in the path, such as an e-mailed link's token, replaced by the argument's
name), the name of the view's URL, the status, how long it took in milliseconds, the numeric id of the
signed-in user (or null) and the size of the response in bytes. Never a query string (searches hold
postcodes), a client address, a username or an e-mail address.
"""

import json
import logging
import time
from datetime import UTC, datetime

logger = logging.getLogger("equalchance.requests")

# URL arguments that are secrets (e-mailed links: ours, and django-allauth's confirmation and password
# reset keys). Their values never reach the log.
SECRET_ARGUMENTS = frozenset({"token", "key", "uidb36", "uidb64", "uid"})
MAX_PATH = 300


def logged_path(request) -> str:
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if name in SECRET_ARGUMENTS and value:
                path = path.replace(str(value), "{" + name + "}")
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
        "path": logged_path(request),
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
