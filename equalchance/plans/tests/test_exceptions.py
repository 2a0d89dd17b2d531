"""The exception report lists each action that needs a board's attention and says why, and each
objective nothing measures."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from equalchance.plans import selectors, services
from equalchance.plans.tests.factories import action_make, element_make, plan_make

pytestmark = pytest.mark.django_db


def test_an_update_that_turns_an_action_red_puts_it_on_the_report_with_why(client, action, owner, planner):
    today = timezone.localdate()
    # Make the schedule plain whatever day the test runs: started a year ago, due in a month.
    action.start = date.fromordinal(today.toordinal() - 335)
    action.due = action.original_due = date.fromordinal(today.toordinal() + 30)
    action.save()
    rows, _ = selectors.exceptions(user=planner, today=today)
    assert action.pk not in [r.action.pk for r in rows]
    services.action_update_post(
        by=owner, action=action, status="in_progress", progress="Venue fell through.", percent_complete=10
    )
    client.force_login(planner)
    page = client.get(reverse("plans:exceptions")).content.decode()
    assert action.title in page
    assert "Red." in page and "10% complete" in page


def test_an_action_without_an_owner_or_due_date_is_listed_for_each(planner, plan):
    action_make(by=planner, plan=plan, title="Nobody's job", start=None, due=None)
    rows, _ = selectors.exceptions(user=planner, today=date(2026, 11, 30))
    (row,) = [r for r in rows if r.action.title == "Nobody's job"]
    assert [code for code, _ in row.exceptions] == ["no_owner", "no_due_date"]


def test_a_goal_nothing_measures_is_listed_as_blind_until_an_indicator_is_linked(planner, plan):
    from equalchance.indicators.models import Indicator

    goal = element_make(by=planner, plan=plan, code="2", title="Fewer children in need", kind="goal")
    element_make(by=planner, plan=plan, code="V", title="A vision", kind="vision")  # not measurable
    _, blind = selectors.exceptions(user=planner, today=date(2026, 11, 30))
    assert [b.element.code for b in blind if b.element.plan == plan] == ["2"]
    services.element_measure_link(by=planner, element=goal, indicator=Indicator.objects.get(code="cpp-rate"))
    _, blind = selectors.exceptions(user=planner, today=date(2026, 11, 30))
    assert [b.element.code for b in blind if b.element.plan == plan] == []


def test_an_update_missing_in_the_current_cycle_is_flagged_after_its_due_date(planner, action, owner):
    from equalchance.plans.models import ReportingCycle

    ReportingCycle.objects.create(
        name="Q3 2026/27",
        period_start=date(2026, 10, 1),
        period_end=date(2026, 12, 31),
        update_due=date(2026, 10, 31),
    )
    action.created_at = datetime(2026, 9, 1, 9, tzinfo=UTC)  # held before the cycle's update was due
    row = selectors.action_row(
        action,
        today=date(2026, 10, 31),
        cycle=selectors.cycle_current(plan=action.plan, today=date(2026, 10, 31)),
    )
    assert not row.update_missing  # not yet late on the due date itself
    later = date(2026, 11, 1)
    row = selectors.action_row(
        action, today=later, cycle=selectors.cycle_current(plan=action.plan, today=later)
    )
    assert row.update_missing and "update_missing" in [c for c, _ in row.exceptions]
    # An action added after the update was due was never asked for one in this cycle.
    action.created_at = datetime(2026, 11, 1, 9, tzinfo=UTC)
    row = selectors.action_row(
        action, today=later, cycle=selectors.cycle_current(plan=action.plan, today=later)
    )
    assert not row.update_missing and "update_missing" not in [c for c, _ in row.exceptions]


def test_the_public_are_told_an_indicator_is_not_yet_on_a_published_scorecard(client, planner, plan):
    from equalchance.indicators.models import Indicator

    plan.visibility, plan.status = "public", "active"
    plan.save()
    goal = element_make(by=planner, plan=plan, code="2", title="Fewer children in need", kind="goal")
    services.element_measure_link(by=planner, element=goal, indicator=Indicator.objects.get(code="cpp-rate"))
    page = client.get(reverse("plans:element", args=[goal.pk])).content.decode()
    assert "Not on a scorecard the partnership has published yet" in page
    assert "you can see" not in page


def test_an_empty_plans_exception_reports_say_there_is_nothing_to_check_not_that_all_is_well(client, planner):
    """Probe 6: a plan with no parts, measures or actions read "No measure needs attention", "No action
    needs attention" and "Every theme, objective and goal has a measure"."""
    empty = plan_make(by=planner, title="A plan not yet written", visibility="partnership")
    client.force_login(planner)
    for name in ("plans:exceptions", "performance:exceptions"):
        page = " ".join(client.get(reverse(name), {"plan": empty.pk}).content.decode().split())
        assert "so this report has nothing to check. An empty report here does not mean all is well." in page
        assert "This plan has no actions, so none could be checked." in page
        assert "This plan has no themes, objectives or goals, so none could be checked." in page
        assert "needs attention" not in page and "has a measure" not in page
    page = " ".join(
        client.get(reverse("performance:exceptions"), {"plan": empty.pk}).content.decode().split()
    )
    assert "This plan has no measures, so none could be checked." in page


def test_a_report_with_nothing_listed_says_how_many_it_checked(client, planner, plan):
    from equalchance.indicators.models import Indicator

    goal = element_make(by=planner, plan=plan, code="1", title="Children are safe", kind="goal")
    services.element_measure_link(by=planner, element=goal, indicator=Indicator.objects.get(code="cpp-rate"))
    client.force_login(planner)
    page = " ".join(client.get(reverse("plans:exceptions"), {"plan": plan.pk}).content.decode().split())
    assert "Every theme, objective and goal has a measure (1 checked)." in page
    assert "nothing to check" not in page


def test_objectives_not_measured_are_listed_under_each_plans_title_in_number_order(client, planner):
    """Probe 6: each line repeated "has no indicator or measure linked" after the plan's title in
    brackets, so a title ending in a bracket read "(refresh August 2015)):"; plans were not told apart."""
    later = plan_make(
        by=planner, title="Plan 10 (refresh August 2015)", key="plan-10", visibility="partnership"
    )
    earlier = plan_make(by=planner, title="Plan 2", visibility="partnership")
    element_make(by=planner, plan=later, code="3", title="Homes are warm", kind="goal")
    element_make(by=planner, plan=earlier, code="1", title="Fewer children in need", kind="objective")
    client.force_login(planner)
    page = " ".join(client.get(reverse("plans:exceptions")).content.decode().split())
    assert page.count("has no indicator or measure linked") == 0
    assert "These have no indicator or measure linked, so nobody can tell whether they are working." in page
    assert "))" not in page
    first = page.index('<h3 class="govuk-heading-s govuk-!-margin-bottom-1">Plan 2</h3>')
    second = page.index(
        '<h3 class="govuk-heading-s govuk-!-margin-bottom-1">Plan 10 (refresh August 2015)</h3>'
    )
    assert first < page.index("Objective 1: <a") < second < page.index("Goal 3: <a")


def test_actions_are_listed_by_plan_title_with_numbers_as_numbers(planner):
    """Outside probe: the report listed "area 1 of 11, 10 of 11, 11 of 11, 2 of 11"."""
    for n in (10, 2, 1, 11):
        plan = plan_make(by=planner, title=f"Action plan for disadvantaged area {n} of 11")
        action_make(by=planner, plan=plan, title=f"Nobody's job {n}", start=None, due=None)
    rows, _ = selectors.exceptions(user=planner, today=date(2026, 11, 30))
    listed = [r.action.title for r in rows if r.action.title.startswith("Nobody's job")]
    assert listed == ["Nobody's job 1", "Nobody's job 2", "Nobody's job 10", "Nobody's job 11"]
