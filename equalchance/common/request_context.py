"""What the audit trail and the request log need to know about the request being served: an id that
ties a request's log line to its audit events, and the client's address. Set by the middleware for
each request; empty for work done outside a request (commands, background tasks). Limits that count a
client (public forms, failed sign-ins) count its `client_bucket`."""

import contextvars
import ipaddress
import uuid

from django.conf import settings

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
_client_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("client_ip", default=None)
_refusal: contextvars.ContextVar[bool] = contextvars.ContextVar("refusal_recorded", default=False)


def request_id() -> str:
    return _request_id.get()


def client_ip() -> str | None:
    return _client_ip.get()


def refusal_recorded() -> bool:
    """Whether this request's refusal has been audited already (by the selector that refused it)."""
    return _refusal.get()


def refusal_mark() -> None:
    _refusal.set(True)


def client_address(request) -> str | None:
    """The visitor's address. Behind `TRUSTED_PROXIES` proxies (a load balancer, say), the address the
    nearest untrusted hop gave, read from the right of X-Forwarded-For; a client cannot forge it by
    sending its own header, because the trusted proxies append to it."""
    hops = settings.TRUSTED_PROXIES
    address = request.META.get("REMOTE_ADDR", "")
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    return ip_canonical(address)


def ip_canonical(address: str | None) -> str | None:
    """An address written one way only, as the database hands it back (so an audit event's hash can be
    checked later): an IPv4 client seen through an IPv6 socket or proxy (::ffff:192.0.2.1) is its IPv4
    address, an IPv6 address is compressed and loses any zone (%eth0). None if it cannot be read."""
    try:
        parsed = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return None
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        parsed = ipaddress.IPv6Address(int(parsed))  # without its zone
    return str(parsed)


IPV6_CLIENT_PREFIX = 64  # an IPv6 client (a household, a machine) is given a whole /64 network


def client_bucket(address: str | None) -> str | None:
    """Who a client is, for counting: an IPv4 address itself, and for IPv6 the client's /64 network,
    named by its first address ("2001:db8:1:2::"), since one client can use any address in its /64.
    An IPv4 address seen through an IPv6 socket (::ffff:192.0.2.1) is that IPv4 address. None for
    no address or one that cannot be read."""
    canonical = ip_canonical(address)
    if canonical is None:
        return None
    parsed = ipaddress.ip_address(canonical)
    if parsed.version == 4:
        return canonical
    return str(ipaddress.ip_network(f"{parsed}/{IPV6_CLIENT_PREFIX}", strict=False).network_address)


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = uuid.uuid4().hex
        request.client_ip = client_address(request)
        tokens = (
            _request_id.set(request.request_id),
            _client_ip.set(request.client_ip),
            _refusal.set(False),
        )
        try:
            return self.get_response(request)
        finally:
            _request_id.reset(tokens[0])
            _client_ip.reset(tokens[1])
            _refusal.reset(tokens[2])
