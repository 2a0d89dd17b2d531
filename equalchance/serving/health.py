"""`/healthz` answered before any other middleware: over plain HTTP and whatever the Host header.

A load balancer checks each server by its address (`Host: 10.0.0.5:8000`) and often without TLS; with
Django's host check (ALLOWED_HOSTS) and the redirect to https (SECURE_SSL_REDIRECT) in the way it would
get 400 or 301 and take every server out of service. The answer reveals nothing (`ok` or `database
unavailable`), reads nothing from the request and sets no cookie, so it needs neither check, nor sign-in
or a second factor set up: this middleware is the only place that answers it (it is not one of the
site's URLs). It is not written to the request log either: a load balancer asks every few seconds.
"""

from equalchance.serving.views import healthz

PATH = "/healthz"


class HealthCheckMiddleware:
    """First in MIDDLEWARE: answers `/healthz` (exactly) with the health check view itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != PATH:
            return self.get_response(request)
        response = healthz(request)
        response["X-Content-Type-Options"] = "nosniff"
        return response
