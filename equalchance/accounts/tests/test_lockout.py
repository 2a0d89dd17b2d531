"""Failed sign-ins are limited per account and per address: after 10 failures for an account within 15
minutes its sign-in is refused for a cool-off, even with the right password, and the page says until
when; 50 failures from one address stop that address, whichever accounts it tries. A locked account is
refused before its password is hashed. The counts are rows in the database, shared by every process."""

import subprocess
import sys
from datetime import timedelta

import pytest
from django.db.models import F
from django.test import Client
from django.utils import timezone

from equalchance.accounts import lockout
from equalchance.accounts.backends import PartnershipBackend
from equalchance.accounts.models import SignInFailure
from equalchance.accounts.tests.factories import totp_code
from equalchance.accounts.tests.journeys import sign_in, text

pytestmark = pytest.mark.django_db


def signed_in(client) -> bool:
    return client.get("/places/districts/").status_code == 200


def time_passes(minutes: int) -> None:
    """As if `minutes` had gone by since every failure was recorded."""
    SignInFailure.objects.update(at=F("at") - timedelta(minutes=minutes))


def test_ten_failures_lock_the_account_even_against_the_right_password_until_the_cool_off_ends(
    client, user_with_role, audit_events
):
    user = user_with_role("analyst", username="ada")
    for attempt in range(9):
        assert "Enter a correct username" in text(sign_in(client, "ada", f"guess-{attempt}"))
    tenth = text(sign_in(client, "ada", "guess-9"))
    assert "too many failed attempts to sign in to this account" in tenth

    refused = sign_in(client, "ada")  # the right password
    assert "too many failed attempts to sign in to this account" in text(refused)
    until = timezone.localtime(timezone.now() + timedelta(minutes=15))
    assert f"{until.hour % 12 or 12}:{until.minute:02d}" in text(refused) and "(in 15 minutes)" in text(
        refused
    )
    assert not signed_in(client)
    assert not signed_in(Client()) and "this account" in text(sign_in(Client(), "ada"))
    [locked, *_] = audit_events("accounts.sign_in_locked")
    assert locked.object_id == str(user.pk) and locked.changes["scope"] == "account"
    assert len(audit_events("accounts.sign_in_failed")) == 10  # refusals while locked are not failures

    time_passes(14)
    assert "this account" in text(sign_in(client, "ada"))
    time_passes(2)
    assert sign_in(client, "ada")["Location"] == "/start/"
    assert signed_in(client)
    assert not SignInFailure.objects.filter(account=lockout.account_key(user)).exists()  # forgiven


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(client, user_with_role):
    user_with_role("analyst", username="ada")
    for attempt in range(9):
        sign_in(client, "ada", f"guess-{attempt}")
    time_passes(16)
    sign_in(client, "ada", "guess-9")
    assert sign_in(client, "ada")["Location"] == "/start/"


def test_a_locked_account_is_refused_before_its_password_is_hashed(client, user_with_role, monkeypatch):
    user_with_role("analyst", username="ada")
    for attempt in range(10):
        sign_in(client, "ada", f"guess-{attempt}")
    checked = []
    original = PartnershipBackend.authenticate

    def counting(self, request, **credentials):
        checked.append(credentials.get("username"))
        return original(self, request, **credentials)

    monkeypatch.setattr(PartnershipBackend, "authenticate", counting)
    assert "this account" in text(sign_in(client, "ada"))
    assert checked == []  # the backend (and its hasher) never ran
    sign_in(client, "someone-else", "x" * 12)
    assert checked == ["someone-else"]


def test_names_that_are_no_account_lock_alike_so_the_message_does_not_reveal_accounts(client):
    for attempt in range(10):
        sign_in(client, "no-such-person", f"guess-{attempt}")
    assert "too many failed attempts to sign in to this account" in text(sign_in(client, "no-such-person"))
    stored = list(SignInFailure.objects.values_list("account", flat=True))
    assert len(stored) == 10 and all(key.startswith("name:") and "no-such" not in key for key in stored)


def test_fifty_failures_from_one_address_stop_it_trying_other_accounts(user_with_role, settings):
    user_with_role("analyst", username="ada")
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(settings.SIGN_IN_ADDRESS_FAILURES):
        sign_in(attacker, f"name-{n % 7}-{n}", "guess")  # many names, none locked on its own
    refused = sign_in(attacker, "ada")  # the right password for a real account
    assert "too many failed attempts to sign in from your network" in text(refused)
    assert not signed_in(attacker)
    elsewhere = Client(REMOTE_ADDR="198.51.100.4")
    assert sign_in(elsewhere, "ada")["Location"] == "/start/"  # the account itself is not locked
    time_passes(16)
    assert sign_in(attacker, "ada")["Location"] == "/start/"


def test_wrong_second_factor_codes_count_towards_the_lock(client, user_with_role, audit_events):
    user_with_role("moderator", username="mo")
    assert sign_in(client, "mo")["Location"] == "/accounts/2fa/authenticate/"  # the password was right
    for attempt in range(10):
        wrong = client.post("/accounts/2fa/authenticate/", {"code": f"{attempt:06d}"})
        assert wrong.status_code == 200
    assert len(audit_events("accounts.mfa_failed")) == 10
    assert "this account" in text(wrong)
    right = client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert "this account" in text(right) and not signed_in(client)
    assert "this account" in text(sign_in(Client(), "mo"))  # and the password step, from anywhere


def test_the_second_factor_step_is_refused_while_the_account_is_locked(client, user_with_role):
    user = user_with_role("moderator", username="mo")
    assert sign_in(client, "mo")["Location"] == "/accounts/2fa/authenticate/"
    for _ in range(10):  # meanwhile, someone else guesses the password
        sign_in(Client(), "mo", "guess")
    refused = client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert "this account" in text(refused) and not signed_in(client)
    assert lockout.lock_for(account=lockout.account_key(user), address=None) is not None


def test_the_time_to_try_again_is_written_as_people_write_it():
    now = timezone.make_aware(timezone.datetime(2026, 11, 29, 15, 32))
    assert lockout.when_in_words(now + timedelta(minutes=15), now) == "3:47pm (in 15 minutes)"
    late = timezone.make_aware(timezone.datetime(2026, 11, 29, 23, 55))
    assert (
        lockout.when_in_words(late + timedelta(minutes=15), late)
        == "12:10am on 30 November 2026 (in 15 minutes)"
    )


COUNTER = """
import django
django.setup()
from equalchance.accounts import services
for i in range({failures}):
    services.sign_in_failure_record(
        user=None, account="user:42", address="192.0.2.{writer}", why="wrong_password"
    )
"""


def test_failures_counted_by_many_processes_at_once_are_all_counted(fresh_database, python_at_once):
    writers, failures = 4, 5
    python_at_once(fresh_database, [COUNTER.format(failures=failures, writer=w) for w in range(writers)])
    check = (
        "import django; django.setup()\n"
        "from equalchance.accounts import lockout\n"
        "from equalchance.accounts.models import SignInFailure\n"
        "print(SignInFailure.objects.filter(account='user:42').count(),"
        " lockout.lock_for(account='user:42', address=None).scope)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", check], env=fresh_database, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(writers * failures), "account"]


@pytest.mark.parametrize("trusted_proxies", [0, 1])
def test_failures_from_addresses_of_one_ipv6_network_count_together(
    user_with_role, settings, trusted_proxies
):
    """The defect: 55 failed sign-ins from 2001:db8:77:1::1 to ::37 never stopped the network."""
    settings.TRUSTED_PROXIES = trusted_proxies
    user_with_role("analyst", username="ada")

    def client_at(address):
        if trusted_proxies:
            return Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=address)
        return Client(REMOTE_ADDR=address)

    for n in range(1, settings.SIGN_IN_ADDRESS_FAILURES + 1):
        sign_in(client_at(f"2001:db8:77:1::{n:x}"), f"name-{n}", "guess")
    attacker = client_at("2001:db8:77:1::ffff")  # an address of the network not used before
    assert "too many failed attempts to sign in from your network" in text(sign_in(attacker, "ada"))
    assert not signed_in(attacker)
    neighbour = client_at("2001:db8:77:2::1")
    assert sign_in(neighbour, "ada")["Location"] == "/start/"
