"""`User.email` is the one source of an account's address. allauth keeps its own table of addresses
(`account_emailaddress`), which password reset and signing in by address read: each account keeps at
most one row there, the one for its `User.email`, whatever route changes the address; rows for another
account's address go; allauth's admin page of addresses is gone. Found by the second outside probe: an
old address and an alias given in the admin each reached another account (a reset link mailed for it,
a sign-in past its lock)."""

import re
import subprocess
import sys

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from equalchance.accounts import services
from equalchance.accounts.models import User
from equalchance.accounts.tests.journeys import PASSWORD, admin_change_data, sign_in

pytestmark = pytest.mark.django_db

STRONG = "kettle-orchard-lantern"


def addresses() -> list[tuple[str, str]]:
    return sorted(EmailAddress.objects.values_list("user__username", "email"))


def reset_link(message) -> str:
    return re.search(r"http://testserver(/accounts/password/reset/key/\S+)", message.body)[1]


def reset_password_by_email(email: str, password: str) -> list:
    """Ask for a reset for `email` and use every link mailed, as the holder of that mailbox would."""
    mail.outbox.clear()
    client = Client()
    client.post("/accounts/password/reset/", {"email": email})
    for message in mail.outbox:
        opened = client.get(reset_link(message))
        form = opened["Location"] if opened.status_code == 302 else reset_link(message)
        client.post(form, {"password1": password, "password2": password})
    return list(mail.outbox)


def signed_in_as(client) -> str | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id).username if user_id else None


def test_an_old_address_changed_in_the_admin_no_longer_gets_a_reset_link_for_the_account(
    client, user_with_role, audit_events
):
    """Scenario (a): view2's old address went to a new account; the reset for it took over view2."""
    view2 = user_with_role("viewer", username="view2", email="view2b@example.org")
    EmailAddress.objects.create(user=view2, email="view2b@example.org", primary=True, verified=True)
    client.force_login(user_with_role("administrator", username="alex"))
    page = client.get(f"/admin/accounts/user/{view2.pk}/change/")
    changed = client.post(
        f"/admin/accounts/user/{view2.pk}/change/", admin_change_data(page, email="view2c@example.org")
    )
    assert changed.status_code == 302
    assert addresses() == []  # the old address's row went with it; a new one is not yet confirmed
    added = client.post(
        "/admin/accounts/user/add/",
        admin_change_data(
            client.get("/admin/accounts/user/add/"),
            username="newowner",
            email="view2b@example.org",
            usable_password="true",
            password1=STRONG,
            password2=STRONG,
            role="viewer",
        ),
    )
    assert added.status_code == 302
    newowner = User.objects.get(username="newowner")

    sent = reset_password_by_email("view2b@example.org", "taken-over-at-last")
    assert [m.to for m in sent] == [["view2b@example.org"]]  # one link, for the address's own account
    view2.refresh_from_db()
    newowner.refresh_from_db()
    assert view2.check_password(PASSWORD) and not view2.check_password("taken-over-at-last")
    assert newowner.check_password("taken-over-at-last")
    [reset] = audit_events("accounts.password_reset")
    assert reset.object_id == str(newowner.pk)
    # The change of address was audited by field name only, never the address.
    [update] = audit_events("accounts.user_update")
    assert update.object_id == str(view2.pk) and update.changes["fields"] == ["email"]
    assert "view2" not in str(update.changes)


def test_allauths_admin_page_of_addresses_is_gone(client, user_with_role):
    client.force_login(user_with_role("administrator", username="alex"))
    assert client.get("/admin/account/emailaddress/add/").status_code == 404
    assert client.get("/admin/account/emailaddress/").status_code == 404
    assert "/admin/account/emailaddress/" not in client.get("/admin/").content.decode()


def test_an_address_row_given_to_another_account_is_removed_at_once(user_with_role):
    """Scenario (b) by any route that saves a row (allauth, a shell): it stands only if it is the
    account's own address."""
    user_with_role("administrator", username="root1", email="root1@example.org")
    view2 = user_with_role("viewer", username="view2", email="view2@example.org")
    EmailAddress.objects.create(user=view2, email="ROOT1@example.org", primary=True, verified=True)
    assert addresses() == []
    EmailAddress.objects.create(user=view2, email="View2@example.org", primary=False, verified=False)
    assert addresses() == [("view2", "view2@example.org")]  # in small letters, as allauth keeps them
    assert EmailAddress.objects.get().primary


def test_an_alias_left_in_allauths_table_reaches_neither_reset_nor_a_locked_account(user_with_role):
    """Scenario (b) as the tester saw it, with the alias row already in the table (as before the data
    migration): the reset for root1's address mails root1's link to root1 only, and the alias does not
    sign in to view2 while view2 is locked."""
    root1 = user_with_role("administrator", username="root1", email="root1@example.org")
    view2 = user_with_role("viewer", username="view2", email="view2@example.org")
    # bulk_create sends no signals: the row stays, as old rows did before the migration.
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=view2, email="root1@example.org", primary=True, verified=True)]
    )

    sent = reset_password_by_email("root1@example.org", "taken-over-at-last")
    assert [m.to for m in sent] == [["root1@example.org"]]
    view2.refresh_from_db()
    root1.refresh_from_db()
    assert view2.check_password(PASSWORD) and root1.check_password("taken-over-at-last")

    for _ in range(10):
        sign_in(Client(), "view2", "not-the-password")
    locked = Client()
    assert sign_in(locked, "view2").status_code == 200 and signed_in_as(locked) is None
    client = Client()
    refused = sign_in(client, "ROOT1@example.org", PASSWORD)  # view2's password, root1's address
    assert refused.status_code == 200 and signed_in_as(client) is None


def test_signing_in_by_address_finds_only_the_account_whose_address_it_is(user_with_role):
    view2 = user_with_role("viewer", username="view2", email="view2@example.org")
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=view2, email="alias@example.org", primary=False, verified=True)]
    )
    client = Client()
    assert sign_in(client, "alias@example.org").status_code == 200 and signed_in_as(client) is None
    assert sign_in(client, "VIEW2@example.org")["Location"] == "/start/" and signed_in_as(client) == "view2"


def test_the_address_service_keeps_one_row_per_account_and_audits_the_field_name_only(
    system, user_with_role, audit_events
):
    view2 = user_with_role("viewer", username="view2", email="view2b@example.org")
    EmailAddress.objects.create(user=view2, email="view2b@example.org", primary=True, verified=True)
    services.user_email_change(by=system, user=view2, email="View2B@example.org")  # capitals only
    assert addresses() == [("view2", "view2b@example.org")]
    services.user_email_change(by=system, user=view2, email="View2C@example.org")
    assert addresses() == []
    EmailAddress.objects.create(user=view2, email="view2c@example.org", primary=True, verified=True)
    [_, update] = audit_events("accounts.user_update")
    assert update.changes == {"fields": ["email"]}
    with pytest.raises(Exception, match="Another account already has this email address"):
        services.user_email_change(
            by=system, user=user_with_role("viewer", username="other"), email="view2c@EXAMPLE.org"
        )
    assert addresses() == [("view2", "view2c@example.org")]
    assert len(audit_events("accounts.user_update")) == 2
    services.user_email_change(by=system, user=view2, email="")
    assert addresses() == []


def test_saving_an_account_by_any_route_keeps_its_row_in_step(user_with_role):
    view2 = user_with_role("viewer", username="view2", email="view2b@example.org")
    EmailAddress.objects.create(user=view2, email="view2b@example.org", primary=True, verified=True)
    view2.email = "VIEW2B@example.org"
    view2.save()  # a shell, a command: no service
    assert addresses() == [("view2", "view2b@example.org")]
    assert EmailAddress.objects.get().verified  # the same address in other capitals: the same row
    view2.email = "view2c@example.org"
    view2.save(update_fields=["email"])
    assert addresses() == []  # an old address leaves no row behind


WRITE_STALE_ROWS = """
import django
django.setup()
from allauth.account.models import EmailAddress
from equalchance.accounts.models import User
view2 = User.objects.create(username="view2", email="view2c@example.org", role="viewer")
root1 = User.objects.create(username="root1", email="root1@example.org", role="viewer")
nobody = User.objects.create(username="nobody", email="", role="viewer")
EmailAddress.objects.bulk_create([
    EmailAddress(user=view2, email="view2b@example.org", primary=False, verified=True),
    EmailAddress(user=view2, email="View2C@example.org", primary=True, verified=True),
    EmailAddress(user=view2, email="ROOT1@example.org", primary=False, verified=True),
    EmailAddress(user=root1, email="root1@example.org", primary=True, verified=False),
    EmailAddress(user=nobody, email="old@example.org", primary=True, verified=True),
])
"""

LIST_ROWS = """
import django
django.setup()
from allauth.account.models import EmailAddress
print(sorted(EmailAddress.objects.values_list("user__username", "email")))
"""


@pytest.mark.django_db(transaction=False)
def test_the_migration_deletes_rows_that_are_not_their_accounts_own_address_and_says_how_many(
    database_migrated_to,
):
    env = database_migrated_to(
        [["accounts", "0102_email_unique"], ["account", "0009_emailaddress_unique_primary_email"]]
    )
    written = subprocess.run(
        [sys.executable, "-c", WRITE_STALE_ROWS], env=env, capture_output=True, text=True
    )
    assert written.returncode == 0, written.stderr
    migrate = [sys.executable, "-m", "equalchance.cli", "migrate", "accounts"]
    done = subprocess.run(migrate, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Deleted 3 e-mail address row(s)" in done.stdout
    listed = subprocess.run([sys.executable, "-c", LIST_ROWS], env=env, capture_output=True, text=True)
    assert listed.stdout.strip() == str([("root1", "root1@example.org"), ("view2", "View2C@example.org")])
