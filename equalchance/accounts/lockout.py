"""Failed sign-ins limited per account and per address.

After `SIGN_IN_ACCOUNT_FAILURES` (10) failures for one account within `SIGN_IN_FAILURE_WINDOW_SECONDS`
(15 minutes), that account's sign-in is refused for `SIGN_IN_COOL_OFF_SECONDS` (15 minutes) from the
last failure, even with the right password. After `SIGN_IN_ADDRESS_FAILURES` (50) failures from one
address in the window, sign-in from that address is refused for the cool-off, whichever account it
names: one address cannot try many accounts. An address here is a client as
`common.request_context.client_bucket` groups it: an IPv4 address, or an IPv6 client's whole /64
network (which one client can use all of), named by its first address.

The check comes before the password is hashed (`accounts.adapters.AccountAdapter.pre_authenticate`):
a locked account costs a query, not half a second of hashing. Failures are rows in one table
(`SignInFailure`), inserted and never updated, so every process counts together and none loses a
count; a full sign-in clears the account's rows (not the address's). A name that is no account is
counted under a keyed hash of it, so the lock-out message does not tell which names are accounts.
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format

from equalchance.accounts.models import SignInFailure, User
from equalchance.common.request_context import client_bucket


@dataclass(frozen=True)
class Lock:
    scope: str  # "account" or "address"
    until: datetime

    def message(self, now: datetime | None = None) -> str:
        when = when_in_words(self.until, now or timezone.now())
        if self.scope == "account":
            return (
                "There have been too many failed attempts to sign in to this account, so it is locked "
                f"for now. You can sign in again from {when}, even with the right password."
            )
        return (
            "There have been too many failed attempts to sign in from your network, so signing in "
            f"from here is stopped for now. You can sign in again from {when}."
        )


def when_in_words(until: datetime, now: datetime) -> str:
    """'3:47pm (in 15 minutes)', or with the date when that is not today: as people write it."""
    local = timezone.localtime(until)
    minutes = max(1, int((until - now).total_seconds() + 59) // 60)
    hour = local.hour % 12 or 12
    clock = f"{hour}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}"
    if local.date() != timezone.localtime(now).date():
        clock += f" on {date_format(local, 'j F Y')}"
    return f"{clock} (in {minutes} minute{'s' if minutes != 1 else ''})"


def account_key(user: User | None, login: str = "") -> str:
    """What failures are counted under: the account, or a keyed hash of a name that is no account."""
    if user is not None:
        return f"user:{user.pk}"
    digest = hmac.new(settings.SECRET_KEY.encode(), login.strip().lower().encode(), hashlib.sha256)
    return "name:" + digest.hexdigest()[:40]


def _window() -> timedelta:
    return timedelta(seconds=settings.SIGN_IN_FAILURE_WINDOW_SECONDS)


def _cool_off() -> timedelta:
    return timedelta(seconds=settings.SIGN_IN_COOL_OFF_SECONDS)


def _lock_from(times: list[datetime], limit: int, now: datetime) -> datetime | None:
    """`times`: the newest failures, newest first, at most `limit` of them. Locked when there are
    `limit` within one window, until the cool-off after the newest has passed."""
    if len(times) < limit or times[0] - times[-1] >= _window():
        return None
    until = times[0] + _cool_off()
    return until if now < until else None


def lock_for(*, account: str, address: str | None, now: datetime | None = None) -> Lock | None:
    """The lock in force for sign-in to `account` from `address`, if any (two indexed queries)."""
    now = now or timezone.now()
    address = client_bucket(address)
    since = now - _window() - _cool_off()
    limit = settings.SIGN_IN_ACCOUNT_FAILURES
    recent = SignInFailure.objects.filter(at__gte=since).order_by("-at").values_list("at", flat=True)
    until = _lock_from(list(recent.filter(account=account)[:limit]), limit, now)
    if until:
        return Lock("account", until)
    if address:
        limit = settings.SIGN_IN_ADDRESS_FAILURES
        until = _lock_from(list(recent.filter(address=address)[:limit]), limit, now)
        if until:
            return Lock("address", until)
    return None


def failure_record(*, account: str, address: str | None, now: datetime | None = None) -> None:
    """Count one failure (and forget failures too old to matter to any lock)."""
    now = now or timezone.now()
    SignInFailure.objects.create(at=now, account=account, address=client_bucket(address))
    SignInFailure.objects.filter(at__lt=now - _window() - _cool_off()).delete()


def failures_clear(*, account: str) -> None:
    """A full sign-in (password and any second factor) forgives the account's failures."""
    SignInFailure.objects.filter(account=account).delete()
