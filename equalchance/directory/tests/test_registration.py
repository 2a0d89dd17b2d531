"""Registration at /directory/register/ does not tell, by its answer or by the time the answer takes,
which addresses already have an account."""

import pytest
from django.test import Client

from equalchance.accounts.models import User
from equalchance.accounts.tests.hashing import hashings
from equalchance.directory.tests.journeys import register

pytestmark = pytest.mark.django_db


def test_registering_an_address_that_has_an_account_hashes_the_password_as_a_new_one_does():
    """The defect: a new address hashed the password to make the account (~285 ms), an address with an
    account did not (~55 ms), with the same page text."""
    tries = [("sam", "Kingshurst Stay and Play"), ("sam", "A second try"), ("SAM", "A third try")]
    counts = []
    for name, organisation in tries:
        with hashings() as calls:
            response = register(Client(), name, organisation=organisation, confirm=False, sign_in=False)
        assert response.status_code == 200
        counts.append(len(calls))
    assert counts == [1, 1, 1]
    assert User.objects.filter(email__iexact="sam@example.org").count() == 1


REGISTER_AT_ONCE = r"""
import pathlib, sys, time
import django
django.setup()
from django.test.utils import override_settings
from equalchance.directory.services import provider_register

barrier, n, total = pathlib.Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
(barrier / f"ready-{n}").touch()
while len(list(barrier.glob("ready-*"))) < total:
    time.sleep(0.005)
# The hasher production uses, so the time between looking the address up and writing the account is
# as long as it is there.
with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"]):
    user = provider_register(
        email=["sam@example.org", "SAM@example.org", "Sam@Example.org"][n % 3],
        password="a long enough password",
        organisation_name=f"Organisation {n}",
        kind="voluntary",
        description="Play sessions",
        public_email="",
        link_for=lambda token: f"http://testserver/{token}",
    )
print("made" if user is not None else "told")
"""

COUNT = r"""
import django
django.setup()
from equalchance.accounts.models import Organisation, User
from equalchance.audit.models import AuditEvent
print(
    User.objects.filter(email__iexact="sam@example.org").count(),
    Organisation.objects.count(),
    AuditEvent.objects.filter(action="directory.register", refused=True).count(),
)
"""


def test_registrations_with_one_address_at_the_same_moment_make_one_account(fresh_database, tmp_path):
    """The defect: six registrations at once on PostgreSQL with one address made two accounts with it,
    and signing in by that address opened the first. Each registration here runs in its own process
    against a new database; the losers are answered as an address that has an account."""
    import subprocess
    import sys

    total = 6
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", REGISTER_AT_ONCE, str(barrier), str(n), str(total)],
            env=fresh_database,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(total)
    ]
    answers = []
    for process in processes:
        out, errors = process.communicate(timeout=300)
        assert process.returncode == 0, errors
        answers.append(out.split()[-1])
    assert sorted(answers) == ["made"] + ["told"] * (total - 1)
    counted = subprocess.run(
        [sys.executable, "-c", COUNT], env=fresh_database, capture_output=True, text=True, timeout=120
    )
    assert counted.returncode == 0, counted.stderr
    assert counted.stdout.split() == ["1", "1", str(total - 1)]
