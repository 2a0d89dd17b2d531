"""Reports are frozen when produced, open in their readers with the same figures as the page, and a
public issue leaves out what the public may not see."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from equalchance.frontend.tests.tagged import assert_tagged, pdf_text
from equalchance.plans import services
from equalchance.plans.models import ReportIssue
from equalchance.plans.tests.factories import action_make

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 30)


@pytest.fixture
def slipped(action, owner):
    services.action_update_post(
        by=owner,
        action=action,
        today=TODAY,
        status="in_progress",
        progress="Contract signed late.",
        revised_due=date(2027, 2, 28),
        revised_due_reason="Supplier delay.",
    )
    return action


def test_the_tracker_pdf_is_tagged_and_carries_the_figures_of_the_page(client, plan, slipped, stranger):
    issue = services.report_issue_create(by=stranger, kind="tracker", plan=plan, today=TODAY)
    client.force_login(stranger)
    page = client.get(reverse("plans:report", args=[issue.pk])).content.decode()
    content = client.get(reverse("plans:report-download", args=[issue.pk, "pdf"])).content
    assert_tagged(content, issue.title)
    text = " ".join(pdf_text(content).split())
    for figure in (
        "Publish the action plan",
        "Olu Owner",
        "31 Dec 2026",
        "28 Feb 2027",
        "59",
        "Contract signed late.",
    ):
        assert figure in page and figure in text, figure
    assert "Green: on track" in text and "Green: on track" in page


def test_a_report_stays_as_it_was_when_the_plan_changes(client, plan, slipped, owner, stranger):
    issue = services.report_issue_create(by=stranger, kind="tracker", plan=plan, today=TODAY)
    services.action_update_post(
        by=owner, action=slipped, today=TODAY, status="on_hold", progress="Paused for review."
    )
    issue.refresh_from_db()
    client.force_login(stranger)
    page = client.get(reverse("plans:report", args=[issue.pk])).content.decode()
    assert "Contract signed late." in page and "Paused for review." not in page


def test_a_public_issue_leaves_out_restricted_actions_and_only_plan_editors_publish(planner, stranger, plan):
    plan.visibility = "public"
    plan.status = "active"
    plan.save()
    action_make(by=planner, plan=plan, title="Open work", visibility="public")
    action_make(by=planner, plan=plan, title="Quiet work", visibility="restricted")
    with pytest.raises(PermissionDenied):
        services.report_issue_create(by=stranger, kind="tracker", plan=plan, public=True)
    issue = services.report_issue_create(by=planner, kind="tracker", plan=plan, public=True)
    titles = [a["title"] for s in issue.data["sections"] for a in s["actions"]]
    assert "Open work" in titles and "Quiet work" not in titles
    private = services.report_issue_create(by=planner, kind="tracker", plan=plan)
    assert [a["title"] for s in private.data["sections"] for a in s["actions"]] == ["Open work"]


def test_the_public_read_only_public_issues_and_a_provider_cannot_produce_one(
    client, plan, user_with_role, planner
):
    provider = user_with_role("provider", username="prov")
    with pytest.raises(PermissionDenied):
        services.report_issue_create(by=provider, kind="tracker", plan=plan)
    assert not ReportIssue.objects.exists()
    issue = services.report_issue_create(by=planner, kind="exceptions", plan=plan)
    assert client.get(reverse("plans:report", args=[issue.pk])).status_code == 404
    assert client.get(reverse("plans:report-download", args=[issue.pk, "pdf"])).status_code == 404


def test_a_long_pack_is_prepared_as_background_work_with_its_pdf(client, plan, slipped, stranger):
    from equalchance.background.models import BackgroundTask

    client.force_login(stranger)
    response = client.post("/background/start/plans-report/", {"plan": plan.pk, "report": "tracker"})
    task = BackgroundTask.objects.get()
    assert response.status_code == 302 and task.state == "succeeded" and task.done == task.total == 2
    assert_tagged(bytes(task.file.content), ReportIssue.objects.get().title)
    refused = client.post("/background/start/plans-report/", {"plan": plan.pk, "report": "poems"})
    assert refused.status_code == 302 and BackgroundTask.objects.count() == 1


def test_a_partnership_issue_leaves_out_restricted_actions_whoever_produces_it(planner, analyst_reader, plan):
    """Everyone who may see the plan reads its issues, so none carries what only some of them may see."""
    action_make(by=planner, plan=plan, title="Open work", visibility="partnership")
    action_make(by=planner, plan=plan, title="Safeguarding review", visibility="restricted")
    issue = services.report_issue_create(by=planner, kind="tracker", plan=plan)
    titles = [a["title"] for s in issue.data["sections"] for a in s["actions"]]
    assert "Open work" in titles and "Safeguarding review" not in titles
    exceptions = services.report_issue_create(by=planner, kind="exceptions", plan=plan)
    assert "Safeguarding review" not in str(exceptions.data)


@pytest.fixture
def analyst_reader(user_with_role):
    return user_with_role("analyst", username="reader")
