"""Organisations propose, moderators decide, the public sees only what was approved. The refusals are
proven: members of one organisation cannot see or change another's drafts; providers cannot moderate or
open the partnership's pages; nothing unapproved is public."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from equalchance.accounts.models import Organisation, Role, User
from equalchance.accounts.tests.factories import OrganisationFactory, UserFactory
from equalchance.audit.models import AuditEvent
from equalchance.directory import selectors, services
from equalchance.directory.importers.taxonomies import SEND_NEEDS, taxonomies_load
from equalchance.directory.models import Service, ServiceHistory, Submission, TaxonomyTerm
from equalchance.directory.search import Query, search
from equalchance.directory.tests.factories import ServiceFactory
from equalchance.directory.tests.journeys import entry, provider, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in_provider(client):
    taxonomies_load()
    assert register(client).status_code == 200
    return client  # signed in as the new provider


def test_a_provider_registers_and_their_entry_is_private_until_approved(signed_in_provider, moderator):
    organisation = Organisation.objects.get(name="Kingshurst Stay and Play")
    assert "<script>" not in organisation.description
    response = signed_in_provider.post(f"/directory/entries/{organisation.pk}/new/", entry())
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.state == "submitted" and "<b>" not in submission.data["description"]
    assert not Service.objects.exists() and search(Query(words="cafe")).total == 0
    public = Client()
    assert public.get("/api/oruk/organizations").json()["total_items"] == 0  # nothing public yet
    assert "Waiting for a moderator" in signed_in_provider.get("/directory/entries/").content.decode()

    page = moderator.get(f"/directory/moderation/{submission.pk}/")
    rows = {r["field"]: r for r in page.context["rows"]}
    assert rows["Name"]["after"] == "Kingshurst Parents' Café" and rows["Name"]["changed"]
    assert rows["SEND needs supported"]["after"] == "Autism"
    moderator.post(f"/directory/moderation/{submission.pk}/", {"decision": "approve"})
    service = Service.objects.get()
    assert service.published and service.free and service.maximum_age == 5
    assert service.assured_date is not None  # last checked: now
    assert [h.action for h in service.history.all()] == ["created"]
    assert search(Query(words="parents cafe")).total == 1
    assert search(Query(postcode="B37 6BN", within_km=1)).total == 1
    assert public.get(f"/directory/services/{service.pk}/").status_code == 200
    assert AuditEvent.objects.filter(action="directory.approve").count() == 1


def test_a_change_is_shown_side_by_side_returned_with_a_reason_then_approved(signed_in_provider, moderator):
    organisation = Organisation.objects.get()
    signed_in_provider.post(f"/directory/entries/{organisation.pk}/new/", entry())
    moderator.post(f"/directory/moderation/{Submission.objects.get().pk}/", {"decision": "approve"})
    service = Service.objects.get()
    signed_in_provider.post(
        f"/directory/entries/{organisation.pk}/{service.pk}/edit/", entry(opening_times="Fridays 1pm to 3pm")
    )
    change = Submission.objects.filter(state="submitted").get()
    rows = {r["field"]: r for r in moderator.get(f"/directory/moderation/{change.pk}/").context["rows"]}
    assert rows["Opening times"] == {
        "field": "Opening times",
        "before": "Wednesdays 10am to 12pm",
        "after": "Fridays 1pm to 3pm",
        "changed": True,
    }
    assert not rows["Name"]["changed"]
    refused = moderator.post(f"/directory/moderation/{change.pk}/", {"decision": "return", "reason": ""})
    assert "Say why it is being returned" in refused.content.decode()
    moderator.post(
        f"/directory/moderation/{change.pk}/", {"decision": "return", "reason": "Which Friday each month?"}
    )
    change.refresh_from_db()
    assert change.state == "returned"
    assert "Which Friday each month?" in signed_in_provider.get("/directory/entries/").content.decode()
    assert (
        Service.objects.get().details["schedules"][0]["description"] == "Wednesdays 10am to 12pm"
    )  # unchanged


def test_a_moderator_archives_a_service_and_its_history_is_kept(signed_in_provider, moderator):
    organisation = Organisation.objects.get()
    signed_in_provider.post(f"/directory/entries/{organisation.pk}/new/", entry())
    moderator.post(f"/directory/moderation/{Submission.objects.get().pk}/", {"decision": "approve"})
    service = Service.objects.get()
    moderator.post(f"/directory/moderation/services/{service.pk}/archive/", {"reason": "Closed in June"})
    service.refresh_from_db()
    assert not service.published and search(Query(words="cafe")).total == 0
    assert Client().get(f"/api/oruk/services/{service.pk}").status_code == 404
    assert list(ServiceHistory.objects.values_list("action", flat=True)) == ["archived", "created"]


def test_members_of_one_organisation_cannot_see_or_change_anothers(signed_in_provider, moderator):
    organisation = Organisation.objects.get()
    signed_in_provider.post(f"/directory/entries/{organisation.pk}/new/", entry())
    moderator.post(f"/directory/moderation/{Submission.objects.get().pk}/", {"decision": "approve"})
    service = Service.objects.get()
    signed_in_provider.post(
        f"/directory/entries/{organisation.pk}/{service.pk}/edit/", entry(name="Draft name")
    )
    other = Client()
    register(other, "alex", organisation="Another Charity")
    assert other.get(f"/directory/entries/{organisation.pk}/new/").status_code == 404
    assert (
        other.post(
            f"/directory/entries/{organisation.pk}/{service.pk}/edit/", entry(name="Hijack")
        ).status_code
        == 404
    )
    assert "Draft name" not in other.get("/directory/entries/").content.decode()  # another's draft
    assert not Submission.objects.filter(data__name="Hijack").exists()
    with pytest.raises(Exception, match="Only members"):
        services.submission_create(
            by=provider("alex"), organisation=organisation, service=None, data={"name": "x"}
        )


def test_providers_cannot_moderate_or_open_the_partnerships_pages(signed_in_provider):
    organisation = Organisation.objects.get()
    signed_in_provider.post(f"/directory/entries/{organisation.pk}/new/", entry())
    submission = Submission.objects.get()
    assert signed_in_provider.get("/directory/moderation/").status_code == 403
    assert (
        signed_in_provider.post(
            f"/directory/moderation/{submission.pk}/", {"decision": "approve"}
        ).status_code
        == 403
    )
    assert not Service.objects.exists()
    for path in ["/places/districts/", "/scorecards/", "/indicators/", "/api/scorecards/"]:
        assert signed_in_provider.get(path).status_code == 403, path
    assert 'href="/directory/entries/"' in signed_in_provider.get("/start/").content.decode()


def test_viewers_and_analysts_cannot_moderate(client):
    for role in (Role.VIEWER, Role.ANALYST):
        client.force_login(UserFactory(username=f"u-{role}", role=role))
        assert client.get("/directory/moderation/").status_code == 403


def test_a_refused_entry_keeps_what_was_typed(signed_in_provider):
    organisation = Organisation.objects.get()
    response = signed_in_provider.post(
        f"/directory/entries/{organisation.pk}/new/",
        entry(postcode="SW1A 1AA", maximum_age="2", minimum_age="9"),
    )
    html = response.content.decode()
    assert "Enter a postcode in Solihull, Rotherham or Redditch" in html
    assert "The oldest age must be the same as or more than the youngest" in html
    assert "Kingshurst Parents" in html and "Wednesdays 10am to 12pm" in html
    assert not Submission.objects.exists()


def test_registration_is_rate_limited(client):
    taxonomies_load()
    for n in range(6):
        last = register(Client(), f"person{n}", organisation=f"Org {n}")
    assert "Too many attempts" in last.content.decode()
    assert not User.objects.filter(email="person5@example.org").exists()


def test_the_history_shows_to_moderators_only(signed_in_provider, moderator):
    organisation = Organisation.objects.get()
    signed_in_provider.post(f"/directory/entries/{organisation.pk}/new/", entry())
    moderator.post(f"/directory/moderation/{Submission.objects.get().pk}/", {"decision": "approve"})
    service = Service.objects.get()
    assert 'data-testid="history"' in moderator.get(f"/directory/services/{service.pk}/").content.decode()
    assert 'data-testid="history"' not in Client().get(f"/directory/services/{service.pk}/").content.decode()


def test_likely_duplicates_are_suggested_compared_and_merged(moderator):
    taxonomies_load()
    hub = OrganisationFactory(name="Hub")
    other = OrganisationFactory(name="Other")
    now = timezone.now()

    def make(organisation, name):
        return ServiceFactory(organisation=organisation, name=name, last_modified=now)

    a, b = make(hub, "Stay and Play"), make(hub, "Stay and play!")
    c, d = make(hub, "Stay and Plays"), make(hub, "Swimming club")
    elsewhere = make(other, "Stay and Play")  # the same name at another organisation, nowhere in common
    term = TaxonomyTerm.objects.get(taxonomy__name=SEND_NEEDS, name="Autism")
    b.terms.add(term)
    pairs = {(frozenset({x.pk, y.pk}), why) for x, y, why in selectors.likely_duplicates()}
    assert (frozenset({a.pk, b.pk}), "the same name, same organisation") in pairs
    assert (frozenset({a.pk, c.pk}), "nearly the same name, same organisation") in pairs
    assert not any(d.pk in pair or elsewhere.pk in pair for pair, _ in pairs)
    page = moderator.get("/directory/moderation/duplicates/")
    html = page.content.decode()
    assert page.status_code == 200 and "Stay and play!" in html
    assert 'name="keep"' not in html  # no merging from the list: compare first
    compare = f"/directory/moderation/duplicates/compare/?keep={a.pk}&duplicate={b.pk}"
    assert compare.replace("&", "&amp;") in html
    assert "Merge into Stay and Play" in moderator.get(compare).content.decode()
    moderator.post("/directory/moderation/duplicates/", {"keep": a.pk, "duplicate": b.pk})
    a.refresh_from_db()
    b.refresh_from_db()
    assert not b.published and term in a.terms.all()
    assert a.history.get().action == "merged" and b.history.get().action == "merged"
    assert Service.objects.get(pk=c.pk).published  # untouched


def test_the_account_email_is_never_published_only_the_public_one_given(client):
    taxonomies_load()
    register(client)
    organisation = Organisation.objects.get()
    assert organisation.email == "" and organisation.kind == "voluntary"
    other = Client()
    other.post(
        "/directory/register/",
        {
            "organisation": "Fordbridge Toddlers",
            "kind": "voluntary",
            "description": "Toddler group",
            "public_email": "hello@fordbridge.example.org",
            "email": "private.person@example.org",
            "password": "a long enough password",
        },
    )
    assert Organisation.objects.get(name="Fordbridge Toddlers").email == "hello@fordbridge.example.org"
    form = Client().get("/directory/register/").content.decode()
    assert "It is not published" in form and "Shown in the directory and the open data feed" in form


def without_nonce(html: str) -> str:
    return re.sub(r'nonce="[^"]*"', 'nonce=""', html)


def test_registering_an_address_that_has_an_account_looks_the_same_and_tells_its_owner(client):
    taxonomies_load()
    first = register(client, sign_in=False)
    accounts, organisations, sent = User.objects.count(), Organisation.objects.count(), len(mail.outbox)
    again = register(Client(), organisation="A second try", confirm=False, sign_in=False)
    assert again.status_code == first.status_code == 200
    # The same page, word for word, but for the nonce every response's scripts carry (a new one each).
    assert without_nonce(again.content.decode()) == without_nonce(first.content.decode())
    assert (User.objects.count(), Organisation.objects.count()) == (accounts, organisations)
    assert len(mail.outbox) == sent + 1 and "already has an account" in mail.outbox[-1].body
    assert "That username is taken" not in again.content.decode()


@pytest.mark.parametrize(
    "password, problem",
    [
        ("1234567890", "too short"),
        ("123456789012345", "entirely numeric"),
        ("password123456", "too common"),
        ("sam@example.org1", "too similar"),
    ],
)
def test_registration_applies_the_one_password_policy(client, password, problem):
    response = client.post(
        "/directory/register/",
        {
            "organisation": "Org",
            "kind": "other",
            "description": "x",
            "email": "sam@example.org",
            "password": password,
        },
    )
    assert problem in response.content.decode()
    assert not User.objects.filter(email="sam@example.org").exists()


def test_the_audit_trail_keeps_no_typed_details_of_entries_or_reasons(signed_in_provider, moderator):
    """The defect: returning an entry stored the moderator's reason ('remove Mrs Smith's home phone...')
    in the permanent trail, and approving stored every field's before and after (a childminder's home
    address and phone). The service's own history keeps the values; the trail keeps which fields."""
    from equalchance.audit.models import AuditEvent

    organisation = Organisation.objects.get()
    home = {"phone": "07700 900999", "address": "12 Acacia Avenue", "email": "jo.home@example.org"}
    signed_in_provider.post(f"/directory/entries/{organisation.pk}/new/", entry(**home))
    first = Submission.objects.get()
    moderator.post(
        f"/directory/moderation/{first.pk}/",
        {"decision": "return", "reason": "Please remove Mrs Smith's home phone 07700 900999"},
    )
    signed_in_provider.post(f"/directory/entries/{organisation.pk}/new/", entry(**home))
    second = Submission.objects.get(state="submitted")
    moderator.post(f"/directory/moderation/{second.pk}/", {"decision": "approve"})
    service = Service.objects.get()
    moderator.post(
        f"/directory/moderation/services/{service.pk}/archive/", {"reason": "Mrs Smith moved away"}
    )
    assert service.history.filter(action="created").get().changes["Phone"] == ["", "07700 900999"]
    trail = " ".join(f"{e.object_id} {e.changes}" for e in AuditEvent.objects.all())
    for typed in ("07700", "Acacia", "jo.home", "Mrs Smith", "Kingshurst Parents"):
        assert typed not in trail, typed
    approval = AuditEvent.objects.get(action="directory.approve")
    assert "Phone" in approval.changes["fields"] and approval.changes["service"] == str(service.pk)
