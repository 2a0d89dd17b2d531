"""Response headers that keep pages private and the browser's powerful features off.

- `Cache-Control: no-store, private` on every response to a signed-in user and on every response that
  sets a cookie: pages such as a referral hold personal data, and neither the browser's cache nor a
  proxy may keep them. Static files (no personal data, fingerprinted by WhiteNoise) keep their caching.
- `Permissions-Policy` turning off the camera, microphone, location, payment, USB and the like, which
  no page of the product uses. Passkeys (WebAuthn) keep their default: this origin only.

The Content-Security-Policy is django-csp's (settings.CONTENT_SECURITY_POLICY).
"""

from django.conf import settings

NO_STORE = "no-store, private"
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class ResponseHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.path.startswith(settings.STATIC_URL):
            return response
        user = getattr(request, "user", None)
        if response.cookies or (user is not None and user.is_authenticated):
            response["Cache-Control"] = NO_STORE
        return response
