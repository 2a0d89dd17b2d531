"""Owners are e-mailed before their updates are due, once per cycle, about the actions still needing
one; those who have posted are not; the background work runs the same function."""

from datetime import date

import pytest
from django.core import mail

from equalchance.background.services import background_task_start
from equalchance.plans import services
from equalchance.plans.models import ReportingCycle, UpdateReminder
from equalchance.plans.reminders import reminders_send
from equalchance.plans.tests.factories import action_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(db):
    return ReportingCycle.objects.create(
        name="Q3 2026/27",
        period_start=date(2026, 10, 1),
        period_end=date(2026, 12, 31),
        update_due=date(2026, 10, 31),
        remind_days_before=7,
    )


def test_an_owner_is_reminded_once_inside_the_window_about_each_action_needing_an_update(
    cycle, action, owner, planner, plan
):
    owner.email = "olu@example.org"
    owner.save()
    second = action_make(by=planner, plan=plan, title="Train the hub staff", owner=owner)
    assert reminders_send(by=planner, today=date(2026, 10, 23)) == 0  # eight days before: not yet
    assert reminders_send(by=planner, today=date(2026, 10, 24)) == 1
    (email,) = mail.outbox
    assert email.to == ["olu@example.org"] and "31 October 2026" in email.subject
    assert "Publish the action plan" in email.body and "Train the hub staff" in email.body
    assert reminders_send(by=planner, today=date(2026, 10, 25)) == 0  # once per cycle
    assert UpdateReminder.objects.filter(cycle=cycle).count() == 2
    assert second.reminders.exists()


def test_an_owner_who_has_posted_in_the_cycle_is_not_reminded(cycle, action, owner, planner):
    owner.email = "olu@example.org"
    owner.save()
    services.action_update_post(by=owner, action=action, status="in_progress", progress="On it.")
    ReportingCycle.objects.filter(pk=cycle.pk).update(period_start=date(2000, 1, 1))  # the update is in it
    assert reminders_send(by=planner, today=date(2026, 10, 24)) == 0
    assert not mail.outbox


def test_the_reminders_run_as_background_work(cycle, action, owner, system):
    owner.email = "olu@example.org"
    owner.save()
    task = background_task_start(kind="plans-reminders", by=system)
    task.refresh_from_db()
    assert task.state == "succeeded" and task.summary.startswith("Sent")
