"""Rate limits for forms anyone can send (registration, comments, links by e-mail).

Each post is counted in a table shared by every process and server, by one atomic statement (an upsert
that returns the new count), in fixed windows of the limit's period. The limit is checked against a
sliding estimate: this window's count plus the previous window's, weighted by how much of it still
falls within the last period. So "5 an hour" means 5 in any hour, not 5 per quiet spell, and bursts
across a window's edge are counted too.

The client is the address the request came from, read past the trusted proxies (settings.
TRUSTED_PROXIES), grouped as `request_context.client_bucket` groups it (an IPv6 client by its /64
network), and kept only as a keyed hash: the table holds no addresses."""

import hashlib
import hmac
import math
import random
import time

from django.conf import settings
from django.db import connection, transaction

from equalchance.common.models import RateCounter
from equalchance.common.request_context import client_address, client_bucket

PUBLIC_FORM_LIMIT = 5  # posts per hour from one address
HOUR = 3600
DAY = 24 * HOUR
# The longest period a limit may have. Old windows are forgotten by this, not by the period of the post
# that happens to clear them: an hourly form's clearing once wiped every daily count with it.
LONGEST_PERIOD = DAY


def _client_key(request, form_name: str) -> str:
    address = client_bucket(getattr(request, "client_ip", None) or client_address(request)) or "unknown"
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]
    return f"{form_name[:40]}:{digest}"


def hit(key: str, *, period: int, now: float | None = None) -> float:
    """Count one use of `key` now; the estimated number of uses in the last `period` seconds."""
    if not 0 < period <= LONGEST_PERIOD:
        raise ValueError(f"A rate limit's period is at most {LONGEST_PERIOD} seconds")
    now = time.time() if now is None else now
    window = int(now // period) * period
    table = RateCounter._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (bucket, window_start, hits) VALUES (%s, %s, 1) "
            f"ON CONFLICT (bucket, window_start) DO UPDATE SET hits = {table}.hits + 1 RETURNING hits",
            [key, window],
        )
        current = cursor.fetchone()[0]
        earlier = RateCounter.objects.filter(bucket=key, window_start=window - period)
        previous = earlier.values_list("hits", flat=True).first() or 0
    if random.random() < 0.01:  # now and then, forget windows no limit can read any more
        RateCounter.objects.filter(window_start__lt=now - 2 * LONGEST_PERIOD).delete()
    overlap = 1 - (now - window) / period
    return current + previous * overlap


def too_many(request, form_name: str, *, limit: int = PUBLIC_FORM_LIMIT, period: int = HOUR) -> bool:
    """Count this post; True once this client has gone over `limit` for this form within `period`."""
    return math.floor(hit(_client_key(request, form_name), period=period)) > limit
