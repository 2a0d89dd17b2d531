"""One account per e-mail address, whatever its case (a database constraint; empty addresses aside): the
admin refuses a second account with an address, and the migration that brings the rule stops and says
how many addresses are shared rather than guessing. (Single sign-on with a shared address, and
registrations racing with one address: test_single_sign_on, directory's test_registration.)"""

import subprocess
import sys

import pytest
from django.db import IntegrityError, transaction

from equalchance.accounts.models import User
from equalchance.accounts.tests.journeys import admin_change_data, text

pytestmark = pytest.mark.django_db

STRONG = "kettle-orchard-lantern"


def test_the_database_keeps_one_account_per_address_whatever_its_case(user_with_role):
    user_with_role("viewer", username="vic", email="Vic@Example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(username="other", email="vic@example.ORG")
    user_with_role("viewer", username="nobody1", email="")
    user_with_role("viewer", username="nobody2", email="")  # no address: as many as need be
    assert User.objects.filter(email__iexact="vic@example.org").count() == 1


def test_the_admin_refuses_an_address_another_account_has(client, user_with_role, audit_events):
    """The defect: the tester gave the viewer a provider's address in the admin, and it was accepted."""
    client.force_login(user_with_role("administrator", username="alex"))
    user_with_role("provider", username="sam", email="sam@charity.example")
    vic = user_with_role("viewer", username="vic", email="vic@example.org")
    page = client.get(f"/admin/accounts/user/{vic.pk}/change/")
    refused = client.post(
        f"/admin/accounts/user/{vic.pk}/change/", admin_change_data(page, email="SAM@charity.example")
    )
    assert refused.status_code == 200
    assert "Another account already has this email address" in text(refused)
    assert refused.context["adminform"].form.errors.keys() == {"email"}
    added = client.post(
        "/admin/accounts/user/add/",
        admin_change_data(
            client.get("/admin/accounts/user/add/"),
            username="sam2",
            email="sam@charity.example",
            usable_password="true",
            password1=STRONG,
            password2=STRONG,
            role="viewer",
        ),
    )
    assert added.status_code == 200 and "Another account already has this email address" in text(added)
    assert User.objects.get(pk=vic.pk).email == "vic@example.org"
    assert not User.objects.filter(username="sam2").exists()
    assert audit_events("accounts.user_update") == [] and audit_events("accounts.user_create") == []
    page = client.get(f"/admin/accounts/user/{vic.pk}/change/")  # its own address, in other capitals
    kept = client.post(
        f"/admin/accounts/user/{vic.pk}/change/", admin_change_data(page, email="VIC@example.org")
    )
    assert kept.status_code == 302


SHARE_AN_ADDRESS = """
import django
django.setup()
from equalchance.accounts.models import User
User.objects.create(username="sam", email="sam@example.org", role="provider")
User.objects.create(username="vic", email="SAM@example.org", role="viewer")
User.objects.create(username="pat", email="pat@example.org", role="viewer")
User.objects.create(username="pat2", email="Pat@Example.org", role="viewer")
User.objects.create(username="pat3", email="pat@example.ORG", role="viewer")
User.objects.create(username="nobody1", email="", role="viewer")
User.objects.create(username="nobody2", email="", role="viewer")
"""


@pytest.mark.django_db(transaction=False)
def test_the_migration_stops_and_says_how_many_addresses_are_shared_rather_than_guessing(
    database_migrated_to,
):
    # allauth's table of addresses is there too: saving an account keeps its row in step.
    env = database_migrated_to(
        [["accounts", "0101_role_decides_admin"], ["account", "0009_emailaddress_unique_primary_email"]]
    )
    written = subprocess.run(
        [sys.executable, "-c", SHARE_AN_ADDRESS], env=env, capture_output=True, text=True
    )
    assert written.returncode == 0, written.stderr
    migrate = [sys.executable, "-m", "equalchance.cli", "migrate", "-v0", "accounts"]
    stopped = subprocess.run(migrate, env=env, capture_output=True, text=True, timeout=300)
    assert stopped.returncode != 0
    assert "2 email address(es) are shared by 5 accounts" in stopped.stderr
    assert "Traceback" not in stopped.stderr
    fix = (
        "import django; django.setup()\n"
        "from equalchance.accounts.models import User\n"
        "User.objects.filter(username__in=['vic', 'pat2', 'pat3']).update(email='')\n"
    )
    subprocess.run([sys.executable, "-c", fix], env=env, check=True, timeout=120)
    done = subprocess.run(migrate, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
