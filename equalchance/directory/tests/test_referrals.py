"""Brokerage: referral only with consent; only the referrer and current members of the organisation it
was sent to see it (refusals audited); only that organisation decides, once; merging directory entries
never hands a referral to another organisation; the audit trail holds no personal data."""

import pytest
from django.test import Client

from equalchance.accounts.models import Membership, Role
from equalchance.accounts.services import membership_end
from equalchance.audit.models import AuditEvent
from equalchance.directory.models import Referral
from equalchance.directory.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people(user_with_role, organisation_with):
    provider = user_with_role(Role.PROVIDER, username="provider")
    outsider = user_with_role(Role.PROVIDER, username="outsider")
    provider_org = organisation_with(provider, name="Family Hub")
    other_org = organisation_with(outsider, name="Other Charity")
    service = ServiceFactory(organisation=provider_org, name="Parenting group")
    return {
        "service": service,
        "provider_org": provider_org,
        "other_org": other_org,
        "practitioner": user_with_role(Role.VIEWER, username="worker"),
        "colleague": user_with_role(Role.ANALYST, username="colleague"),
        "provider": provider,
        "outsider": outsider,
        "moderator": user_with_role(Role.MODERATOR, username="moderator"),
        "admin": user_with_role(Role.ADMINISTRATOR, username="admin"),
    }


FORM = {
    "person_name": "Jo Bloggs",
    "person_contact": "07700 900123",
    "reason": "Wants support with a toddler's sleep.",
    "consent": "on",
    "consent_note": "In person at the family hub today",
}


def refer(people) -> Referral:
    signed_in(people["practitioner"]).post(f"/directory/services/{people['service'].pk}/refer/", FORM)
    return Referral.objects.get()


def test_a_referral_needs_consent_and_keeps_what_was_typed(people):
    client = signed_in(people["practitioner"])
    refused = client.post(f"/directory/services/{people['service'].pk}/refer/", {**FORM, "consent": ""})
    html = refused.content.decode()
    assert "only with their consent" in html and "Jo Bloggs" in html and not Referral.objects.exists()


def test_only_the_referrer_and_the_receiving_organisation_see_it_and_only_the_provider_decides(people):
    practitioner = signed_in(people["practitioner"])
    response = practitioner.post(f"/directory/services/{people['service'].pk}/refer/", FORM)
    referral = Referral.objects.get()
    assert referral.receiving_organisation == people["provider_org"]
    assert response["Location"] == f"/directory/referrals/{referral.pk}/"
    page = f"/directory/referrals/{referral.pk}/"
    assert "Jo Bloggs" in practitioner.get(page).content.decode()
    provider = signed_in(people["provider"])
    assert "Jo Bloggs" in provider.get(page).content.decode()
    for intruder in ("outsider", "colleague", "moderator", "admin"):  # no relationship, whatever the role
        assert signed_in(people[intruder]).get(page).status_code == 403, intruder
        assert (
            "Parenting group" not in signed_in(people[intruder]).get("/directory/referrals/").content.decode()
        )
    refusals = AuditEvent.objects.filter(action="referral.read", refused=True, object_id=str(referral.pk))
    assert sorted(refusals.values_list("actor__username", flat=True)) == [
        "admin",
        "colleague",
        "moderator",
        "outsider",
    ]
    assert practitioner.post(page, {"decision": "accept"}).status_code == 403  # the referrer cannot decide
    no_reason = provider.post(page, {"decision": "decline"})
    assert "Say why the referral is declined" in no_reason.content.decode()
    provider.post(page, {"decision": "decline", "reason": "Full until March; try the Kingshurst group."})
    referral.refresh_from_db()
    assert referral.state == "declined"
    seen = practitioner.get(page).content.decode()
    assert "Full until March" in seen and "Referred, with the person" in seen
    reads = AuditEvent.objects.filter(action="referral.read", refused=False, object_id=str(referral.pk))
    assert set(reads.values_list("actor__username", flat=True)) == {"worker", "provider"}
    assert AuditEvent.objects.filter(action="referral.decide", refused=False).count() == 1


def test_deciding_a_decided_referral_again_is_a_clear_message_not_an_error(people):
    referral = refer(people)
    provider = signed_in(people["provider"])
    page = f"/directory/referrals/{referral.pk}/"
    provider.post(page, {"decision": "accept"})
    again = provider.post(page, {"decision": "decline", "reason": "Changed our mind"})
    assert again.status_code == 400 and "accepted already" in again.content.decode()
    referral.refresh_from_db()
    assert referral.state == "accepted" and referral.events.count() == 2


def test_merging_entries_never_moves_a_referral_to_another_organisation(people, user_with_role):
    """The defect: a moderator merged the referred service into another organisation's entry, and the
    referral (name, contact, reason) went with it."""
    referral = refer(people)
    other_service = ServiceFactory(organisation=people["other_org"], name="Parenting group")
    moderator = signed_in(people["moderator"])
    # Any pair can be posted, not only the suggested ones: the duplicate here is the referred service.
    moderator.post(
        "/directory/moderation/duplicates/", {"keep": other_service.pk, "duplicate": people["service"].pk}
    )
    people["service"].refresh_from_db()
    assert not people["service"].published  # the merge happened
    referral.refresh_from_db()
    assert referral.service == people["service"] and referral.receiving_organisation == people["provider_org"]
    page = f"/directory/referrals/{referral.pk}/"
    assert signed_in(people["outsider"]).get(page).status_code == 403
    assert "Jo Bloggs" in signed_in(people["provider"]).get(page).content.decode()


def test_a_bad_or_identical_pair_to_merge_is_refused_and_nothing_changes(people):
    moderator = signed_in(people["moderator"])
    service = people["service"]
    for pair in (
        {"keep": service.pk, "duplicate": service.pk},
        {"keep": "not-a-uuid", "duplicate": service.pk},
        {"keep": service.pk},
        {"keep": "00000000-0000-4000-8000-000000000001", "duplicate": service.pk},
    ):
        response = moderator.post("/directory/moderation/duplicates/", pair)
        assert response.status_code == 400, pair
    service.refresh_from_db()
    assert service.published and not service.history.exists()


def test_ending_a_membership_ends_access_to_the_organisations_referrals_at_once(people):
    referral = refer(people)
    page = f"/directory/referrals/{referral.pk}/"
    provider = signed_in(people["provider"])
    assert provider.get(page).status_code == 200
    membership = Membership.objects.get(user=people["provider"])
    membership_end(by=people["admin"], membership=membership)
    assert provider.get(page).status_code == 403
    assert Membership.objects.filter(pk=membership.pk, ended_at__isnull=False).exists()  # history kept
    assert AuditEvent.objects.filter(action="accounts.membership_end", object_id=str(membership.pk)).exists()


def test_the_audit_trail_holds_no_personal_data_from_a_referral(people):
    referral = refer(people)
    provider = signed_in(people["provider"])
    provider.get(f"/directory/referrals/{referral.pk}/")
    provider.post(
        f"/directory/referrals/{referral.pk}/", {"decision": "decline", "reason": "Full until March"}
    )
    signed_in(people["outsider"]).get(f"/directory/referrals/{referral.pk}/")
    text = " ".join(
        f"{e.object_type} {e.object_id} {e.changes} {e.actor_role} {e.request_id}"
        for e in AuditEvent.objects.all()
    )
    for personal in ("Jo Bloggs", "07700 900123", "toddler", "Full until March", "In person"):
        assert personal not in text


def test_referral_pages_are_not_cached(people):
    referral = refer(people)
    response = signed_in(people["practitioner"]).get(f"/directory/referrals/{referral.pk}/")
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_providers_cannot_refer_and_anonymous_visitors_are_sent_to_sign_in(people):
    assert (
        signed_in(people["provider"]).get(f"/directory/services/{people['service'].pk}/refer/").status_code
        == 403
    )
    assert Client().get("/directory/referrals/").status_code == 302
