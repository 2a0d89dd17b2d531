"""A service's page for a parent on a phone: the shortlist button near the top, phone numbers to tap,
directions, and "report a problem with this page", which reaches the moderators and nobody else."""

import re

import pytest
from django.test import Client

from equalchance.audit.actions import Action
from equalchance.audit.models import AuditEvent
from equalchance.directory.models import Location, ProblemReport, ServiceAtLocation
from equalchance.directory.tests.factories import ServiceFactory
from equalchance.frontend.templatetags.links import phone_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def service():
    made = ServiceFactory(
        name="Kingshurst Stay and Play",
        description="Play sessions for babies and toddlers.",
        details={
            "contacts": [
                {"name": "Bookings", "phones": [{"number": "0121 704 6000"}, {"number": "ask at desk"}]}
            ]
        },
    )
    place = Location.objects.create(
        name="Kingshurst Hub", latitude=52.4921, longitude=-1.7553, postcode="B37 6BN"
    )
    ServiceAtLocation.objects.create(service=made, location=place)
    return made


@pytest.mark.parametrize(
    "text, link",
    [
        ("0121 704 6000", "tel:01217046000"),
        ("+44 (0)121 704-6000", "tel:+4401217046000"),
        ("ask at desk", ""),
        ("javascript:alert(1)", ""),
        ('=HYPERLINK("x")', ""),
        ("12", ""),
    ],
)
def test_only_a_phone_number_becomes_a_tap_to_call_link(text, link):
    assert phone_link(text) == link


def test_the_page_offers_the_shortlist_first_and_calls_and_directions(client, service):
    html = client.get(f"/directory/services/{service.pk}/").content.decode()
    assert html.index('data-testid="shortlist-form"') < html.index("Play sessions for babies")
    assert '<a class="govuk-link" href="tel:01217046000">0121 704 6000</a>' in html
    assert "ask at desk" in html and 'href="tel:ask' not in html
    assert "https://www.openstreetmap.org/directions?route=%3B52.49210%2C-1.75530" in html
    assert f'href="/directory/services/{service.pk}/report-a-problem/"' in html


def test_a_reported_problem_reaches_the_moderators_and_is_audited(client, service, moderator):
    page = client.get(f"/directory/services/{service.pk}/report-a-problem/")
    assert page.status_code == 200 and "We cannot reply to this form" in page.content.decode()
    sent = client.post(
        f"/directory/services/{service.pk}/report-a-problem/",
        {"kind": "times", "text": '=HYPERLINK("http://evil") Now on Tuesdays'},
    )
    assert sent.status_code == 302 and sent["Location"] == f"/directory/services/{service.pk}/"
    report = ProblemReport.objects.get()
    assert (report.service, report.kind, report.resolved_at) == (service, "times", None)
    event = AuditEvent.objects.get(action=Action.DIRECTORY_PROBLEM_REPORT)
    assert event.changes == {"kind": "times"} and "Tuesdays" not in str(event.changes)  # no typed text
    queue = moderator.get("/directory/moderation/").content.decode()
    assert "Kingshurst Stay and Play" in queue and "The opening times are wrong" in queue
    assert moderator.post(f"/directory/moderation/problems/{report.pk}/resolve/").status_code == 302
    again = moderator.post(f"/directory/moderation/problems/{report.pk}/resolve/", follow=True)
    assert "already been dealt with" in again.content.decode()
    report.refresh_from_db()
    assert report.resolved_at is not None
    assert AuditEvent.objects.filter(action=Action.DIRECTORY_PROBLEM_RESOLVE).count() == 1
    assert "No problems have been reported" in moderator.get("/directory/moderation/").content.decode()


@pytest.mark.parametrize(
    "data, says",
    [
        ({"text": "The number is wrong"}, "Select what is wrong with this page"),
        ({"kind": "stolen", "text": "x"}, "Select a valid choice"),
        ({"kind": "other", "text": "x" * 1001}, "Tell us in 1,000 characters or fewer"),
    ],
)
def test_a_bad_report_is_refused_with_a_message_keeps_what_was_typed_and_writes_nothing(
    client, service, data, says
):
    page = client.post(f"/directory/services/{service.pk}/report-a-problem/", data)
    html = page.content.decode()
    assert page.status_code == 200 and says in html and ProblemReport.objects.count() == 0
    assert data["text"][:50] in html


def test_reports_are_refused_for_entries_not_public_without_the_token_and_past_the_limit(client, service):
    hidden = ServiceFactory(published=False)
    assert client.get(f"/directory/services/{hidden.pk}/report-a-problem/").status_code == 404
    assert (
        client.post(f"/directory/services/{hidden.pk}/report-a-problem/", {"kind": "other"}).status_code
        == 404
    )
    strict = Client(enforce_csrf_checks=True)
    assert (
        strict.post(f"/directory/services/{service.pk}/report-a-problem/", {"kind": "other"}).status_code
        == 403
    )
    for _ in range(5):
        client.post(f"/directory/services/{service.pk}/report-a-problem/", {"kind": "other"})
    refused = client.post(f"/directory/services/{service.pk}/report-a-problem/", {"kind": "other"})
    assert "Too many reports from here" in refused.content.decode() and ProblemReport.objects.count() == 5
    assert re.search(
        r"report-a-problem/\"", client.get(f"/directory/services/{service.pk}/").content.decode()
    )
