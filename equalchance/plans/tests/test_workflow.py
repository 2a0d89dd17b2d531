"""A plan's status moves along its workflow; approving, re-approving and closing need a decision."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from equalchance.plans import services, workflow
from equalchance.plans.models import Decision, Plan


@pytest.mark.parametrize(
    ("current", "new", "needed"),
    [
        ("draft", "consultation", None),
        ("draft", "approved", "approve_plan"),
        ("consultation", "approved", "approve_plan"),
        ("approved", "active", None),
        ("active", "under_review", None),
        ("under_review", "approved", "rebaseline_plan"),
        ("active", "superseded", "close_plan"),
        ("superseded", "archived", "close_plan"),
    ],
)
def test_each_move_needs_the_decision_the_guide_says(current, new, needed):
    assert workflow.decision_needed(current, new) == needed


def test_an_archived_plan_is_final_and_a_draft_cannot_skip_to_active():
    with pytest.raises(workflow.TransitionRefused, match="none"):
        workflow.decision_needed("archived", "active")
    with pytest.raises(workflow.TransitionRefused, match="consultation, approved, archived"):
        workflow.decision_needed("draft", "active")


def test_only_re_approval_after_review_makes_a_new_version():
    assert workflow.version_after("under_review", "approved", 2) == 3
    assert workflow.version_after("draft", "approved", 1) == 1


@pytest.mark.django_db
def test_approving_without_a_decision_is_refused_and_nothing_changes(plan, planner):
    with pytest.raises(ValidationError) as refused:
        services.plan_status_change(by=planner, plan=plan, status="approved")
    assert set(refused.value.message_dict) == {"decision_text", "decided_on"}
    assert Plan.objects.get(pk=plan.pk).status == "draft" and not Decision.objects.exists()


@pytest.mark.django_db
def test_approving_records_the_decision_and_re_approval_makes_version_two(plan, planner):
    services.plan_status_change(
        by=planner,
        plan=plan,
        status="approved",
        decision_text="Minute 12: approved.",
        decided_on=date(2026, 6, 1),
    )
    services.plan_status_change(by=planner, plan=plan, status="under_review")
    services.plan_status_change(
        by=planner,
        plan=plan,
        status="approved",
        decision_text="Minute 4: refreshed.",
        decided_on=date(2026, 9, 1),
    )
    plan.refresh_from_db()
    assert (plan.status, plan.version) == ("approved", 2)
    assert list(plan.decisions.order_by("pk").values_list("kind", flat=True)) == [
        "approve_plan",
        "rebaseline_plan",
    ]


@pytest.mark.django_db
def test_a_decision_dated_in_the_future_is_refused(plan, planner):
    with pytest.raises(ValidationError) as refused:
        services.plan_status_change(
            by=planner,
            plan=plan,
            status="approved",
            decision_text="Will approve",
            decided_on=date(2099, 1, 1),
        )
    assert "decided_on" in refused.value.message_dict


@pytest.mark.django_db
def test_a_decision_cannot_be_dated_before_the_plans_last_one(plan, planner):
    services.plan_status_change(
        by=planner, plan=plan, status="approved", decision_text="Minute 12", decided_on=date(2026, 6, 1)
    )
    services.plan_status_change(by=planner, plan=plan, status="under_review")
    with pytest.raises(ValidationError) as refused:
        services.plan_status_change(
            by=planner, plan=plan, status="approved", decision_text="Back-dated", decided_on=date(1990, 1, 1)
        )
    assert "1 June 2026" in refused.value.message_dict["decided_on"][0]
    assert Plan.objects.get(pk=plan.pk).version == 1
