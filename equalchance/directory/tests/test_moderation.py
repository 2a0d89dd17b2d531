"""Organisations propose, moderators decide, the public sees only what was approved. The refusals are
proven: members of one organisation cannot see or change another's drafts; providers cannot moderate or
open the partnership's pages; nothing unapproved is public."""

import pytest
from django.test import Client
from django.utils import timezone

from equalchance.accounts.models import Role, User
from equalchance.audit.models import AuditEvent
from equalchance.directory import moderation
from equalchance.directory.importers.taxonomies import SEND_NEEDS, taxonomies_load
from equalchance.directory.models import Organisation, Service, ServiceHistory, Submission, TaxonomyTerm
from equalchance.directory.search import Query, search
from equalchance.directory.tests.journeys import entry, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(client):
    taxonomies_load()
    assert register(client).status_code == 302
    return client  # signed in as the new provider


def test_a_provider_registers_and_their_entry_is_private_until_approved(provider, moderator):
    organisation = Organisation.objects.get(name="Kingshurst Stay and Play")
    assert "<script>" not in organisation.description
    response = provider.post(f"/directory/entries/{organisation.pk}/new/", entry())
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.state == "submitted" and "<b>" not in submission.data["description"]
    assert not Service.objects.exists() and search(Query(words="cafe")).total == 0
    public = Client()
    assert public.get("/api/oruk/organizations").json()["total_items"] == 0  # nothing public yet
    assert "Waiting for a moderator" in provider.get("/directory/entries/").content.decode()

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


def test_a_change_is_shown_side_by_side_returned_with_a_reason_then_approved(provider, moderator):
    organisation = Organisation.objects.get()
    provider.post(f"/directory/entries/{organisation.pk}/new/", entry())
    moderator.post(f"/directory/moderation/{Submission.objects.get().pk}/", {"decision": "approve"})
    service = Service.objects.get()
    provider.post(
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
    assert "Which Friday each month?" in provider.get("/directory/entries/").content.decode()
    assert (
        Service.objects.get().details["schedules"][0]["description"] == "Wednesdays 10am to 12pm"
    )  # unchanged


def test_a_moderator_archives_a_service_and_its_history_is_kept(provider, moderator):
    organisation = Organisation.objects.get()
    provider.post(f"/directory/entries/{organisation.pk}/new/", entry())
    moderator.post(f"/directory/moderation/{Submission.objects.get().pk}/", {"decision": "approve"})
    service = Service.objects.get()
    moderator.post(f"/directory/moderation/services/{service.pk}/archive/", {"reason": "Closed in June"})
    service.refresh_from_db()
    assert not service.published and search(Query(words="cafe")).total == 0
    assert Client().get(f"/api/oruk/services/{service.pk}").status_code == 404
    assert list(ServiceHistory.objects.values_list("action", flat=True)) == ["archived", "created"]


def test_members_of_one_organisation_cannot_see_or_change_anothers(provider, moderator):
    organisation = Organisation.objects.get()
    provider.post(f"/directory/entries/{organisation.pk}/new/", entry())
    moderator.post(f"/directory/moderation/{Submission.objects.get().pk}/", {"decision": "approve"})
    service = Service.objects.get()
    provider.post(f"/directory/entries/{organisation.pk}/{service.pk}/edit/", entry(name="Draft name"))
    other = Client()
    register(other, username="alex", organisation="Another Charity")
    assert other.get(f"/directory/entries/{organisation.pk}/new/").status_code == 404
    assert (
        other.post(
            f"/directory/entries/{organisation.pk}/{service.pk}/edit/", entry(name="Hijack")
        ).status_code
        == 404
    )
    assert "Draft name" not in other.get("/directory/entries/").content.decode()  # another's draft
    assert not Submission.objects.filter(data__name="Hijack").exists()
    alex = User.objects.get(username="alex")
    with pytest.raises(Exception, match="Only members"):
        moderation.submission_create(by=alex, organisation=organisation, service=None, data={"name": "x"})


def test_providers_cannot_moderate_or_open_the_partnerships_pages(provider):
    organisation = Organisation.objects.get()
    provider.post(f"/directory/entries/{organisation.pk}/new/", entry())
    submission = Submission.objects.get()
    assert provider.get("/directory/moderation/").status_code == 403
    assert (
        provider.post(f"/directory/moderation/{submission.pk}/", {"decision": "approve"}).status_code == 403
    )
    assert not Service.objects.exists()
    for path in ["/places/districts/", "/scorecards/", "/indicators/", "/api/scorecards/"]:
        assert provider.get(path).status_code == 403, path
    assert provider.get("/")["Location"] == "/directory/entries/"


def test_viewers_and_analysts_cannot_moderate(client):
    for role in (Role.VIEWER, Role.ANALYST):
        client.force_login(User.objects.create_user(username=f"u-{role}", password="x", role=role))
        assert client.get("/directory/moderation/").status_code == 403


def test_a_refused_entry_keeps_what_was_typed(provider):
    organisation = Organisation.objects.get()
    response = provider.post(
        f"/directory/entries/{organisation.pk}/new/",
        entry(postcode="SW1A 1AA", maximum_age="2", minimum_age="9"),
    )
    html = response.content.decode()
    assert "Enter a postcode in Solihull, Rotherham or Redditch" in html
    assert "The oldest age must be the same as or more than the youngest" in html
    assert "Kingshurst Parents" in html and "Wednesdays 10am to 12pm" in html
    assert not Submission.objects.exists()


def test_registration_is_rate_limited_and_names_must_be_free(client):
    taxonomies_load()
    register(client, username="first")
    again = Client()
    assert "That username is taken" in register(again, username="first").content.decode()
    for n in range(6):
        last = register(Client(), username=f"person{n}", organisation=f"Org {n}")
    assert "Too many attempts" in last.content.decode()
    assert not User.objects.filter(username="person5").exists()


def test_the_history_shows_to_moderators_only(provider, moderator):
    organisation = Organisation.objects.get()
    provider.post(f"/directory/entries/{organisation.pk}/new/", entry())
    moderator.post(f"/directory/moderation/{Submission.objects.get().pk}/", {"decision": "approve"})
    service = Service.objects.get()
    assert 'data-testid="history"' in moderator.get(f"/directory/services/{service.pk}/").content.decode()
    assert 'data-testid="history"' not in Client().get(f"/directory/services/{service.pk}/").content.decode()


def test_likely_duplicates_are_suggested_and_merged(moderator):
    taxonomies_load()
    hub = Organisation.objects.create(name="Hub", description="x")
    other = Organisation.objects.create(name="Other", description="x")
    now = timezone.now()

    def make(organisation, name):
        return Service.objects.create(organisation=organisation, name=name, last_modified=now, published=True)

    a, b = make(hub, "Stay and Play"), make(other, "Stay and play!")
    c, d = make(hub, "Stay and Plays"), make(hub, "Swimming club")
    term = TaxonomyTerm.objects.get(taxonomy__name=SEND_NEEDS, name="Autism")
    b.terms.add(term)
    pairs = {(frozenset({x.pk, y.pk}), why) for x, y, why in moderation.likely_duplicates()}
    assert (frozenset({a.pk, b.pk}), "the same name") in pairs
    assert (frozenset({a.pk, c.pk}), "nearly the same name, same organisation") in pairs
    assert not any(d.pk in pair for pair, _ in pairs)
    page = moderator.get("/directory/moderation/duplicates/")
    assert page.status_code == 200 and "Stay and play!" in page.content.decode()
    moderator.post("/directory/moderation/duplicates/", {"keep": a.pk, "duplicate": b.pk})
    a.refresh_from_db()
    b.refresh_from_db()
    assert not b.published and term in a.terms.all()
    assert a.history.get().action == "merged" and b.history.get().action == "merged"
    assert Service.objects.get(pk=c.pk).published  # untouched
