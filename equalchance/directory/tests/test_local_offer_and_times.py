"""The Local Offer questions (SEND Regulations 2014, Schedule 2) are answered by providers, moderated,
shown, searched and sent in the open feed; places record accessibility features, which are searchable;
"open on Saturday mornings" is a filter, and it agrees with reading the schedules by hand."""

import json
from datetime import time

import pytest
from django.core.validators import validate_email
from django.test import Client

from equalchance.accounts.models import Organisation
from equalchance.accounts.services import system_actor
from equalchance.directory import local_offer
from equalchance.directory.importers.oruk import feed_import
from equalchance.directory.importers.taxonomies import ACCESSIBILITY, taxonomies_load
from equalchance.directory.models import Service, Submission, TaxonomyTerm
from equalchance.directory.oruk import service_json
from equalchance.directory.search import TIMES_OF_DAY, Query, search, weekly_sessions
from equalchance.directory.synthetic import directory_generate
from equalchance.directory.tests.journeys import entry, register

pytestmark = pytest.mark.django_db


def test_a_provider_answers_the_local_offer_questions_and_the_public_sees_them_once_approved(
    client, moderator
):
    taxonomies_load()
    register(client)
    organisation = Organisation.objects.get()
    lift = TaxonomyTerm.objects.get(taxonomy__name=ACCESSIBILITY, name="Building has lift")
    answers = {
        "local_offer_staff": "Every session has a worker trained in <b>Makaton</b>.",
        "local_offer_concerns": "Ask for Jo, the session lead.",
    }
    response = client.post(
        f"/directory/entries/{organisation.pk}/new/", entry(accessibility=[str(lift.id)], **answers)
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.data["local_offer_staff"] == "Every session has a worker trained in Makaton."
    rows = {r["field"]: r for r in moderator.get(f"/directory/moderation/{submission.pk}/").context["rows"]}
    assert rows["Local Offer: What training and experience do your staff have?"]["changed"]
    assert rows["Accessibility of the place"]["after"] == "Building has lift"
    assert not any("How do you adapt" in field for field in rows)  # unanswered questions left out

    assert search(Query(words="makaton")).total == 0  # nothing public before approval
    moderator.post(f"/directory/moderation/{submission.pk}/", {"decision": "approve"})
    service = Service.objects.get()
    assert service.details["local_offer"] == {
        "staff": "Every session has a worker trained in Makaton.",
        "concerns": "Ask for Jo, the session lead.",
    }
    page = Client().get(f"/directory/services/{service.pk}/").content.decode()
    assert "What training and experience do your staff have?" in page and "Ask for Jo" in page
    assert "Accessibility: Building has lift" in page
    assert [h.service for h in search(Query(words="makaton")).hits] == [service]
    assert [h.service for h in search(Query(access=lift.id)).hits] == [service]
    other = TaxonomyTerm.objects.get(taxonomy__name=ACCESSIBILITY, name="Hoist")
    assert search(Query(access=other.id)).total == 0

    # An edit starts from the published answers, so they are not lost.
    form = client.get(f"/directory/entries/{organisation.pk}/{service.pk}/edit/")
    assert form.status_code == 200 and "Ask for Jo, the session lead." in form.content.decode()


def test_answers_travel_in_the_open_feed_as_hsds_attributes_and_come_back(tmp_path):
    directory_generate(district="E08000029", services=30, by=system_actor())
    answered = Service.objects.exclude(details__local_offer=None).exclude(details__local_offer={})
    service = answered.first()
    assert service is not None
    record = service_json(service)
    values = {
        a["taxonomy_term"]["name"]: a["value"]
        for a in record["attributes"]
        if a["taxonomy_term"].get("taxonomy") == local_offer.TAXONOMY
    }
    expected = {local_offer.BY_KEY[k].text: v for k, v in service.details["local_offer"].items()}
    assert values == expected and "local_offer" not in record
    for attribute in record["attributes"]:  # every term the feed names is served by /taxonomy_terms
        assert TaxonomyTerm.objects.filter(pk=attribute["taxonomy_term_id"]).exists()

    path = tmp_path / "feed.json"
    path.write_text(json.dumps([service_json(s) for s in Service.objects.all()]))
    before = {s.pk: (s.details.get("local_offer"), sorted(t.name for t in s.terms.all())) for s in answered}
    Service.objects.all().delete()
    Organisation.objects.all().delete()  # a feed may bring back only what it brought, so start empty
    feed_import(path, by=system_actor())
    after = {s.pk: (s.details.get("local_offer"), sorted(t.name for t in s.terms.all())) for s in answered}
    assert after == before  # answers back in place, and not mistaken for types of support


def test_weekly_sessions_are_read_from_hsds_schedules():
    schedules = [
        {"freq": "WEEKLY", "byday": "MO,WE", "opens_at": "09:30", "closes_at": "11:00:00"},
        {"byday": "SA", "opens_at": "10:00", "closes_at": "12:00"},  # weekly when freq is not given
        {"freq": "MONTHLY", "byday": "1TU", "opens_at": "10:00", "closes_at": "12:00"},
        {"byday": "FR", "description": "Fridays, ring first"},  # no times: cannot be searched by time
        {"byday": "SU", "opens_at": "25:00", "closes_at": "26:00"},
    ]
    assert weekly_sessions(schedules) == [
        (0, time(9, 30), time(11)),
        (2, time(9, 30), time(11)),
        (5, time(10), time(12)),
    ]


def test_open_on_a_day_and_at_a_time_agrees_with_reading_every_schedule():
    directory_generate(district="E08000029", services=120, by=system_actor())
    listed = Service.objects.filter(published=True, status__in=["active", "temporarily closed"])
    for day in (1, 5):
        for part, (_, start, end) in TIMES_OF_DAY.items():
            expected = {
                s.pk
                for s in listed
                if any(
                    d == day and o < end and c > start for d, o, c in weekly_sessions(s.details["schedules"])
                )
            }
            found = search(Query(day=day, time_of_day=part, page=1))
            ids = {h.service.pk for h in found.hits}
            assert found.total == len(expected), (day, part)
            assert ids <= expected
    saturdays = search(Query(day=5))
    assert saturdays.total and all(
        any(d == 5 for d, _, _ in weekly_sessions(h.service.details["schedules"])) for h in saturdays.hits
    )


def test_the_search_page_filters_by_day_time_and_accessibility_without_javascript(client):
    directory_generate(district="E08000029", services=60, by=system_actor())
    hoist = TaxonomyTerm.objects.get(taxonomy__name=ACCESSIBILITY, name="Hoist")
    page = client.get("/directory/", {"day": "5", "time": "morning", "access": str(hoist.id)})
    assert page.status_code == 200
    expected = search(Query(day=5, time_of_day="morning", access=hoist.id)).total
    assert page.context["results"].total == expected
    html = page.content.decode()
    assert 'value="5" selected' in html and 'value="morning" selected' in html
    assert client.get("/directory/", {"day": "9"}).context["form"].errors["day"]


def test_synthetic_places_have_accessibility_and_organisations_valid_email_addresses():
    directory_generate(district="E08000029", services=300, by=system_actor())
    for organisation in Organisation.objects.filter(synthetic=True):
        validate_email(organisation.email)  # "Smith's Wood" once gave an apostrophe in a domain
    service = Service.objects.filter(synthetic=True).first()
    location = service.service_at_locations.get().location
    features = {a["description"] for a in location.details["accessibility"]}
    assert features and features == set(
        service.terms.filter(taxonomy__name=ACCESSIBILITY).values_list("name", flat=True)
    )
