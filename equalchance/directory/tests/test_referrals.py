"""Brokerage: referral only with consent; only the referrer and the receiving organisation see it;
only the receiving organisation decides; every reading is audited."""

import pytest
from django.test import Client
from django.utils import timezone

from equalchance.accounts.models import Role, User
from equalchance.audit.models import AuditEvent
from equalchance.directory.models import Membership, Organisation, Referral, Service

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people():
    provider_org = Organisation.objects.create(name="Family Hub", description="x")
    other_org = Organisation.objects.create(name="Other Charity", description="x")
    service = Service.objects.create(
        organisation=provider_org, name="Parenting group", last_modified=timezone.now(), published=True
    )
    provider = User.objects.create_user(username="provider", password="x", role=Role.PROVIDER)
    outsider = User.objects.create_user(username="outsider", password="x", role=Role.PROVIDER)
    Membership.objects.create(organisation=provider_org, user=provider)
    Membership.objects.create(organisation=other_org, user=outsider)
    return {
        "service": service,
        "practitioner": User.objects.create_user(username="worker", password="x", role=Role.VIEWER),
        "colleague": User.objects.create_user(username="colleague", password="x", role=Role.ANALYST),
        "provider": provider,
        "outsider": outsider,
    }


FORM = {
    "person_name": "Jo Bloggs",
    "person_contact": "07700 900123",
    "reason": "Wants support with a toddler's sleep.",
    "consent": "on",
    "consent_note": "In person at the family hub today",
}


def test_a_referral_needs_consent_and_keeps_what_was_typed(people):
    client = signed_in(people["practitioner"])
    refused = client.post(f"/directory/services/{people['service'].pk}/refer/", {**FORM, "consent": ""})
    html = refused.content.decode()
    assert "only with their consent" in html and "Jo Bloggs" in html and not Referral.objects.exists()


def test_only_the_referrer_and_the_receiving_organisation_see_it_and_only_the_provider_decides(people):
    practitioner = signed_in(people["practitioner"])
    response = practitioner.post(f"/directory/services/{people['service'].pk}/refer/", FORM)
    referral = Referral.objects.get()
    assert response["Location"] == f"/directory/referrals/{referral.pk}/"
    page = f"/directory/referrals/{referral.pk}/"
    assert "Jo Bloggs" in practitioner.get(page).content.decode()
    provider = signed_in(people["provider"])
    assert "Jo Bloggs" in provider.get(page).content.decode()
    for intruder in ("outsider", "colleague"):  # another organisation; a colleague who did not refer
        assert signed_in(people[intruder]).get(page).status_code == 404, intruder
        assert (
            "Parenting group" not in signed_in(people[intruder]).get("/directory/referrals/").content.decode()
        )
    assert practitioner.post(page, {"decision": "accept"}).status_code == 403  # the referrer cannot decide
    no_reason = provider.post(page, {"decision": "decline"})
    assert "Say why the referral is declined" in no_reason.content.decode()
    provider.post(page, {"decision": "decline", "reason": "Full until March; try the Kingshurst group."})
    referral.refresh_from_db()
    assert referral.state == "declined"
    seen = practitioner.get(page).content.decode()
    assert "Full until March" in seen and "Referred, with the person" in seen
    reads = AuditEvent.objects.filter(action="referral.read", object_id=str(referral.pk))
    assert {e.actor.username for e in reads} == {"worker", "provider"}
    assert AuditEvent.objects.filter(action="referral.decide").count() == 1


def test_providers_cannot_refer_and_anonymous_visitors_are_sent_to_sign_in(people):
    assert (
        signed_in(people["provider"]).get(f"/directory/services/{people['service'].pk}/refer/").status_code
        == 403
    )
    assert Client().get("/directory/referrals/").status_code == 302
