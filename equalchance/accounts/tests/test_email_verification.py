"""People who register themselves confirm their e-mail address before they can send entries: the link
is signed, works for three days, only for the address it was sent to, and only once is needed. The
refusals are proven: no entry before confirming, a tampered, expired or outdated link is refused."""

from datetime import timedelta

import pytest
from django.core import mail, signing
from django.test import Client
from django.utils import timezone

from equalchance.accounts import email_verification
from equalchance.accounts.models import Organisation, User
from equalchance.audit.models import AuditEvent
from equalchance.directory import services
from equalchance.directory.importers.taxonomies import taxonomies_load
from equalchance.directory.models import Submission
from equalchance.directory.tests.journeys import entry, link_in, provider, register

pytestmark = pytest.mark.django_db


def test_a_provider_must_confirm_their_address_before_sending_an_entry(client):
    taxonomies_load()
    register(client, confirm=False)
    user = provider()
    assert user.email_verified_at is None and len(mail.outbox) == 1
    assert f"Your username for signing in is {user.username}" in mail.outbox[0].body
    organisation = Organisation.objects.get()
    assert "Confirm your email address" in client.get("/directory/entries/").content.decode()
    refused = client.post(f"/directory/entries/{organisation.pk}/new/", entry())
    assert refused.status_code == 403 and not Submission.objects.exists()
    assert "Send the link again" in refused.content.decode()
    with pytest.raises(Exception, match="Confirm your email address"):
        services.submission_create(by=user, organisation=organisation, service=None, data={"name": "x"})

    assert client.get(link_in(mail.outbox[0])).status_code == 302  # signed in: back to their entries
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert AuditEvent.objects.filter(action="accounts.email_verified").count() == 1
    assert client.post(f"/directory/entries/{organisation.pk}/new/", entry()).status_code == 302
    assert Submission.objects.count() == 1
    # Opening the link again is harmless and not audited twice.
    assert Client().get(link_in(mail.outbox[0])).status_code == 200
    assert AuditEvent.objects.filter(action="accounts.email_verified").count() == 1


def test_a_new_link_can_be_asked_for_and_works(client):
    taxonomies_load()
    register(client, confirm=False)
    client.post("/accounts/verify-email/send/")
    assert len(mail.outbox) == 2 and link_in(mail.outbox[1])
    assert Client().get(link_in(mail.outbox[1])).status_code == 200  # confirmed without signing in
    assert provider().email_verified_at is not None


def test_tampered_expired_and_outdated_links_are_refused(client):
    taxonomies_load()
    register(client, confirm=False)
    user = provider()
    token = link_in(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    tampered = Client().get(f"/accounts/verify-email/{token[:-2]}xx/")
    assert tampered.status_code == 400 and "not valid" in tampered.content.decode()

    with pytest.MonkeyPatch.context() as patch:  # a link made four days ago
        patch.setattr(signing.time, "time", lambda: (timezone.now() - timedelta(days=4)).timestamp())
        stale = signing.dumps({"user": user.pk, "email": user.email}, salt=email_verification.SALT)
    expired = Client().get(f"/accounts/verify-email/{stale}/")
    assert expired.status_code == 400 and "expired" in expired.content.decode()

    user.email = "new@example.org"
    user.save()
    outdated = Client().get(f"/accounts/verify-email/{token}/")
    assert outdated.status_code == 400 and "no longer on the account" in outdated.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_staff_accounts_need_no_confirmation():
    from equalchance.accounts.models import Role

    for role in (Role.ADMINISTRATOR, Role.ANALYST, Role.VIEWER, Role.MODERATOR):
        assert not email_verification.needs_verification(User(role=role))
    assert email_verification.needs_verification(User(role=Role.PROVIDER))
