"""CORS for the open feed: every response under /api/oruk/ (errors included: 400, 403, 404, 405, 500)
carries `Access-Control-Allow-Origin: *`, and a preflight OPTIONS request is answered 204 with the
methods and headers a browser may use, before anything else can refuse it. The feed takes no cookies
or credentials, so any origin may read it."""

from django.http import HttpResponse

PREFIX = "/api/oruk"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
ALLOWED_HEADERS = "Accept, Accept-Language, Content-Language, Content-Type, If-Modified-Since, If-None-Match"
MAX_AGE = 86400  # seconds a browser may keep the preflight's answer


def is_feed(path: str) -> bool:
    return path == PREFIX or path.startswith(PREFIX + "/")


class OpenFeedCorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_feed(request.path):
            return self.get_response(request)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = str(MAX_AGE)
            response["Allow"] = ALLOWED_METHODS
        else:
            response = self.get_response(request)
        response["Access-Control-Allow-Origin"] = "*"
        return response
