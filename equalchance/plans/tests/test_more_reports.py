"""The plan on a page, the partnership monitoring report and an area's progress against its baseline:
built from the records, frozen, and drawn as a page and a tagged PDF with the same content."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from equalchance.frontend.tests.tagged import assert_tagged, pdf_text
from equalchance.plans import demo, reports, services
from equalchance.plans.models import Body, Contribution, Plan

pytestmark = pytest.mark.django_db


def test_the_council_plan_on_a_page_has_its_vision_and_four_priorities_with_their_programmes(
    client, system, planner
):
    demo.seeds_load(by=system)
    plan = Plan.objects.get(key="solihull-council-plan-2014-20")
    issue = services.report_issue_create(by=planner, kind="plan-on-a-page", plan=plan)
    assert [h["kind"] for h in issue.data["headline"]] == ["Vision", "Purpose", "Ambition"]
    assert [b["title"] for b in issue.data["blocks"]] == [
        "Improve Health & Wellbeing",
        "Managed Growth",
        "Building Stronger Communities",
        "Deliver Value",
    ]
    assert {g["kind"] for g in issue.data["blocks"][0]["children"]} == {"Sub-priority", "Key programme"}
    content = reports.pdf(issue)
    assert_tagged(content, issue.title)
    assert "Managed Growth" in " ".join(pdf_text(content).split())


def test_the_monitoring_report_covers_every_group_under_the_plans_board(system, planner):
    demo.seeds_load(by=system)
    plan = Plan.objects.get(key="redditch-sustainable-community-strategy")
    issue = services.report_issue_create(by=planner, kind="scrutiny", plan=plan)
    names = [g["name"] for g in issue.data["groups"]]
    expected, frontier = {plan.body.name}, [plan.body]
    while frontier:  # every body whose reports_to chain reaches the plan's board
        frontier = list(Body.objects.filter(reports_to__in=frontier))
        expected |= {b.name for b in frontier}
    assert names[0] == plan.body.name and set(names) == expected and len(expected) > 1
    assert issue.data["chart"].count("<rect") == len(names)
    assert all("chair" in g and "frequency" in g for g in issue.data["groups"])


def test_progress_against_baseline_is_a_report_of_area_plans_only(planner, plan):
    with pytest.raises(ValidationError):
        services.report_issue_create(by=planner, kind="area-baseline", plan=plan)


def test_the_area_report_page_and_pdf_say_the_same(client, system, planner):
    demo.seeds_load(by=system)
    plan = Plan.objects.filter(type="area_action_plan", key__startswith="rotherham").order_by("key").first()
    services.plan_status_change(
        by=planner,
        plan=plan,
        status="approved",
        decision_text="Cabinet agreed the plan",
        decided_on=date(2026, 6, 20),
    )
    issue = services.report_issue_create(by=planner, kind="area-baseline", plan=plan)
    client.force_login(planner)
    page = client.get(reverse("plans:report", args=[issue.pk])).content.decode()
    text = " ".join(pdf_text(reports.pdf(issue)).split())
    for said in (
        "20 June 2026",
        "Cabinet agreed the plan",
        "No newer data yet",
        plan.priority_area.name[:20],
    ):
        assert said in page and said in text, said


def test_a_cover_report_keeps_what_its_author_wrote_and_lists_the_appendices(client, planner, plan, action):
    tracker = services.report_issue_create(by=planner, kind="tracker", plan=plan)
    client.force_login(planner)
    response = client.post(
        reverse("plans:cover-new", args=[plan.pk]),
        {
            "meeting": "Cabinet",
            "meeting_date": "20/6/2027",
            "title": "Early help: progress",
            "summary": "Progress on the strategy.",
            "recommendations": "Note the progress.\nAgree the revised dates.",
            "appendices": [tracker.pk],
        },
    )
    issue = plan.report_issues.get(kind="cover")
    assert response.url == reverse("plans:report", args=[issue.pk])
    text = " ".join(pdf_text(reports.pdf(issue)).split())
    for said in ("1. Meeting Cabinet", "20 June 2027", "Agree the revised dates.", tracker.title):
        assert said in text, said
    refused = client.post(reverse("plans:cover-new", args=[plan.pk]), {"meeting": "Cabinet", "title": "x"})
    assert refused.status_code == 200 and plan.report_issues.filter(kind="cover").count() == 1
    assert 'value="Cabinet"' in refused.content.decode()  # what was typed is kept


def test_the_policy_deployment_matrix_marks_what_the_business_plan_delivers_of_the_council_plan(
    system, planner
):
    demo.seeds_load(by=system)
    plan = Plan.objects.get(key="solihull-children-skills-business-plan-2014-17")
    issue = services.report_issue_create(by=planner, kind="matrix", plan=plan)
    links = Contribution.objects.filter(from_element__plan=plan)
    assert issue.data["rows"] and len(issue.data["rows"]) == links.values("from_element").distinct().count()
    assert sum(cell == "strong" for row in issue.data["rows"] for cell in row["cells"]) == links.count()
    assert {c["plan"] for c in issue.data["columns"]} == {"The Solihull Council Plan 2014 to 2020"}
    text = " ".join(pdf_text(reports.pdf(issue)).split())
    assert "strong" in text and issue.data["columns"][0]["title"][:20] in text


def test_a_contribution_must_link_to_another_plan_and_a_viewer_cannot_make_one(
    planner, stranger, plan, element
):
    from django.core.exceptions import PermissionDenied

    from equalchance.plans.tests.factories import element_make, plan_make

    other = element_make(
        by=planner, plan=plan_make(by=planner, title="Council plan", type="council_plan"), code="1"
    )
    with pytest.raises(ValidationError):
        services.contribution_link(
            by=planner, from_element=element, to_element=element_make(by=planner, plan=plan, code="2")
        )
    with pytest.raises(PermissionDenied):
        services.contribution_link(by=stranger, from_element=element, to_element=other)
    assert not Contribution.objects.exists()
    services.contribution_link(by=planner, from_element=element, to_element=other, strength="weak")
    assert Contribution.objects.get().strength == "weak"
