"""Every line the product writes to its log is a JSON object, like the request log's lines.

Django's own messages (a request with a host not in ALLOWED_HOSTS, a server error with its traceback)
and the product's warnings go through `JsonLines`: one line each, with the time (UTC), the level, the
logger, the message, the request id when there is a request, and a server error's traceback as one
field. What a visitor typed never reaches them:
- a rejected Host header is not repeated ("Invalid HTTP_HOST header", without the value);
- other security messages keep their text with any quoted value replaced by '…';
- a server error names the path as the request log does (rebuilt from the URL pattern), not as sent.
"""

import json
import logging
import re
from datetime import UTC, datetime

MAX_MESSAGE = 500
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")


def message_of(record: logging.LogRecord) -> str:
    request = getattr(record, "request", None)
    if record.name == "django.security.DisallowedHost":
        return "Invalid HTTP_HOST header: the host is not in ALLOWED_HOSTS"
    if record.name.startswith("django.security"):
        return _QUOTED.sub("'…'", record.getMessage())
    if (
        record.name == "django.request"
        and request is not None
        and isinstance(record.args, tuple)
        and len(record.args) == 2
    ):
        from equalchance.serving.request_log import logged_path

        return f"{record.args[0]}: {logged_path(request)}"  # "Internal Server Error: /path/{slug}/"
    return record.getMessage()


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": message_of(record)[:MAX_MESSAGE],
        }
        request = getattr(record, "request", None)
        if getattr(request, "request_id", None):
            line["request_id"] = request.request_id
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            line["status"] = status
        if record.exc_info:
            line["traceback"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["traceback"] = record.exc_text
        return json.dumps(line, ensure_ascii=False)
