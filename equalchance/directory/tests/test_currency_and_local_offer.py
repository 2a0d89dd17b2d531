"""Keeping the directory current (review dates, reminders by e-mail, what is overdue) and the Local
Offer's published comments with the council's responses."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import Client

from equalchance.accounts.models import Role
from equalchance.accounts.tests.factories import OrganisationFactory, UserFactory
from equalchance.directory.currency import currency_summary, reminders_send
from equalchance.directory.models import LocalOfferComment, ReviewReminder
from equalchance.directory.tests.factories import LocalOfferCommentFactory, ServiceFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 23)


def service(name, checked, organisation):
    return ServiceFactory(organisation=organisation, name=name, assured_date=checked)


@pytest.fixture
def entries():
    play = OrganisationFactory(name="Play Trust", email="play@example.org")
    youth = OrganisationFactory(name="Youth Project", email="youth@example.org")
    return {
        "fresh": service("Fresh", TODAY - timedelta(days=30), play),
        "due_soon": service("Due soon", TODAY - timedelta(days=350), play),  # due in 15 days
        "overdue": service("Overdue", TODAY - timedelta(days=400), youth),
        "never": service("Never checked", None, youth),
    }


def test_the_summary_says_how_current_the_directory_is(entries):
    summary = currency_summary(TODAY)
    assert (summary.published, summary.checked_in_last_year, summary.overdue) == (4, 2, 2)
    assert summary.share_checked == 0.5
    assert [(o.name, overdue, published) for o, overdue, published in summary.by_organisation] == [
        ("Youth Project", 2, 2)
    ]


def test_organisations_are_reminded_once_before_an_entry_falls_due(entries):
    assert reminders_send(TODAY) == 1
    assert [m.to for m in mail.outbox] == [["play@example.org"]]
    assert "Due soon" in mail.outbox[0].body and "8 December 2026" in mail.outbox[0].body
    assert "Fresh" not in mail.outbox[0].body
    assert reminders_send(TODAY) == 0 and ReviewReminder.objects.count() == 1  # not twice


def test_the_dashboard_is_for_moderators(entries, moderator, client):
    page = moderator.get("/directory/moderation/currency/")
    assert page.status_code == 200 and "Youth Project" in page.content.decode()
    client.force_login(UserFactory(username="v", role=Role.VIEWER))
    assert client.get("/directory/moderation/currency/").status_code == 403


def test_a_comment_is_published_only_with_the_councils_response(moderator):
    public = Client()
    public.post(
        "/directory/local-offer/feedback/",
        {"text": "No <b>autism</b> groups near Kingshurst.", "name": "A parent", "email": "me@example.org"},
    )
    comment = LocalOfferComment.objects.get()
    assert comment.text == "No autism groups near Kingshurst." and comment.state == "new"
    assert "autism groups" not in public.get("/directory/local-offer/comments/").content.decode()
    refused = moderator.post(
        "/directory/moderation/feedback/", {"comment": comment.pk, "decision": "publish"}
    )
    assert "response before publishing" in refused.content.decode()
    moderator.post(
        "/directory/moderation/feedback/",
        {"comment": comment.pk, "decision": "publish", "response": "A new group starts in January."},
    )
    page = public.get("/directory/local-offer/comments/").content.decode()
    assert "No autism groups near Kingshurst." in page and "A new group starts in January." in page
    assert "me@example.org" not in page  # the sender's address is never published


def test_feedback_is_rate_limited_and_needs_the_csrf_token():
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/directory/local-offer/feedback/", {"text": "x"}).status_code == 403
    client = Client()
    for n in range(6):
        last = client.post("/directory/local-offer/feedback/", {"text": f"Comment {n}"})
    assert "Too many comments" in last.content.decode()
    assert LocalOfferComment.objects.count() == 5


def test_withheld_comments_stay_private(moderator):
    comment = LocalOfferCommentFactory(text="Names a child")
    moderator.post("/directory/moderation/feedback/", {"comment": comment.pk, "decision": "withhold"})
    comment.refresh_from_db()
    assert comment.state == "withheld"
    assert "Names a child" not in Client().get("/directory/local-offer/comments/").content.decode()
