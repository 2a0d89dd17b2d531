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
