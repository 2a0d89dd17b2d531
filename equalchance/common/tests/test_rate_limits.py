"""Public forms' rate limits. The defects: "5 an hour" was really 5 per quiet 5 minutes (the cache
expiry was reset by every post), 20 concurrent posts let 11 through (read, then write), and behind a
proxy every visitor shared one bucket (keyed on REMOTE_ADDR)."""

import subprocess
import sys

import pytest
from django.test import RequestFactory, override_settings

from equalchance.common.models import RateCounter
from equalchance.common.rate_limits import DAY, HOUR, LONGEST_PERIOD, hit, too_many

pytestmark = pytest.mark.django_db
START = 1_800_000_000.0 + 600  # ten minutes into a window


def uses(times: list[float], key: str = "form:client") -> list[float]:
    return [hit(key, period=HOUR, now=t) for t in times]


def test_five_an_hour_means_five_in_any_hour_not_five_per_quiet_spell():
    counts = uses([START + 60 * n for n in range(5)])  # five posts in five minutes
    assert counts == [1, 2, 3, 4, 5]
    assert uses([START + 11 * 60])[0] > 5  # six quiet minutes later: still refused (was allowed)
    assert uses([START + 40 * 60])[0] > 5  # across the window's edge the earlier posts still count
    assert uses([START + 3 * HOUR])[0] == 1  # hours later: allowed again


def test_clearing_old_hourly_windows_keeps_todays_daily_count(monkeypatch):
    """CI found a daily limit let a fourth post through a limit of three: an hourly count's occasional
    clearing (1 post in 100) removed every window older than two hours, today's daily window with them."""
    monkeypatch.setattr("equalchance.common.rate_limits.random.random", lambda: 0.0)  # clear every time
    noon = 1_800_000_000 // DAY * DAY + 12 * HOUR
    assert [hit("daily:client", period=DAY, now=noon + n) for n in range(3)] == [1, 2, 3]
    hit("hourly:client", period=HOUR, now=noon + 10)
    assert hit("daily:client", period=DAY, now=noon + 20) == 4
    # What no limit can read any more is still cleared.
    hit("hourly:client", period=HOUR, now=noon + 3 * LONGEST_PERIOD)
    assert not RateCounter.objects.filter(bucket="daily:client").exists()
    with pytest.raises(ValueError):
        hit("weekly:client", period=7 * DAY)


def test_concurrent_posts_cannot_all_see_room_left(fresh_database):
    script = """
import django, threading
django.setup()
from django.db import connection
from equalchance.common.rate_limits import hit
allowed, lock = [], threading.Lock()
start = threading.Barrier(20)
def post():
    start.wait()
    try:
        if hit("register:same-client", period=3600) <= 5:
            with lock:
                allowed.append(1)
    finally:
        connection.close()
threads = [threading.Thread(target=post) for _ in range(20)]
for t in threads: t.start()
for t in threads: t.join()
print(len(allowed))
"""
    result = subprocess.run(
        [sys.executable, "-c", script], env=fresh_database, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "5"


def post_from(remote: str, forwarded: str | None = None):
    request = RequestFactory().post("/directory/register/", REMOTE_ADDR=remote)
    if forwarded:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


@override_settings(TRUSTED_PROXIES=1)
def test_behind_a_proxy_each_visitor_has_their_own_count():
    proxy = "10.0.0.5"
    for _ in range(5):
        assert not too_many(post_from(proxy, "203.0.113.7"), "register")
    assert too_many(post_from(proxy, "203.0.113.7"), "register")
    assert not too_many(post_from(proxy, "198.51.100.23"), "register")  # another visitor, same proxy
    # A visitor cannot escape by sending their own header: the proxy appends the real address last.
    assert too_many(post_from(proxy, "1.2.3.4, 203.0.113.7"), "register")


@override_settings(TRUSTED_PROXIES=0)
def test_without_a_trusted_proxy_a_forged_header_is_ignored():
    for n in range(5):
        too_many(post_from("203.0.113.7", f"192.0.2.{n}"), "feedback")
    assert too_many(post_from("203.0.113.7", "192.0.2.99"), "feedback")


def test_no_address_is_stored():
    too_many(post_from("203.0.113.7"), "register")
    assert RateCounter.objects.count() == 1
    assert "203.0.113.7" not in RateCounter.objects.get().bucket


@override_settings(TRUSTED_PROXIES=1)
def test_addresses_of_one_ipv6_network_share_one_count():
    """The defect: 7 registrations from 2001:db8:1:2::1 to ::7 were all accepted."""
    proxy = "10.0.0.5"
    answers = [too_many(post_from(proxy, f"2001:db8:1:2::{n}"), "register") for n in range(1, 8)]
    assert answers == [False] * 5 + [True] * 2
    assert not too_many(post_from(proxy, "2001:db8:1:3::1"), "register")  # the next network is someone else
