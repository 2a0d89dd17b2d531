"""Data-entry people are e-mailed once when a value falls due within a week and once when it is late;
approvers once about each value waiting for them; one e-mail per person per run; nobody twice; the
background work runs the same function. The measure is quarterly (financial year) with no data lag:
Q2 2026/27 was due on 30 September 2026 and Q3 is due on 31 December 2026."""

from datetime import UTC, date, datetime

import pytest
from django.core import mail

from equalchance.audit.models import AuditEvent
from equalchance.background.services import background_task_start
from equalchance.performance import services
from equalchance.performance.models import Measure, ValueReminder
from equalchance.performance.reminders import reminders_send

Q2 = {"period_start": date(2026, 7, 1), "period_end": date(2026, 9, 30)}
Q3 = {"period_start": date(2026, 10, 1), "period_end": date(2026, 12, 31)}


@pytest.fixture(autouse=True)
def addresses(measure, enterer, approver):
    enterer.email, approver.email = "enterer@example.org", "approver@example.org"
    enterer.save()
    approver.save()
    # Defined in the spring, so Q2's value is owed.
    Measure.objects.filter(pk=measure.pk).update(created_at=datetime(2026, 5, 1, tzinfo=UTC))


def test_a_late_value_is_chased_once_and_a_coming_one_only_inside_the_week(measure, definer):
    assert reminders_send(by=definer, today=date(2026, 12, 23)).emails == 1
    (late,) = mail.outbox
    assert late.to == ["enterer@example.org"] and late.subject == "Measures' values are late"
    assert "EH1 Families supported, Q2 2026/27 (due 30 September 2026)" in late.body
    assert "Due soon" not in late.body  # 31 December is eight days away
    assert reminders_send(by=definer, today=date(2026, 12, 24)).emails == 1
    assert mail.outbox[1].subject == "Measures' values are due soon"
    assert "Q3 2026/27 (due 31 December 2026)" in mail.outbox[1].body
    assert "Q2 2026/27" not in mail.outbox[1].body  # told once already
    assert reminders_send(by=definer, today=date(2026, 12, 25)).emails == 0
    assert ValueReminder.objects.count() == 2


def test_a_value_sent_for_approval_is_not_chased_and_its_approver_is_told_once(measure, definer, enterer):
    value = services.value_enter(by=enterer, measure=measure, **Q2, value=12)
    services.value_submit(by=enterer, value=value)
    assert reminders_send(by=definer, today=date(2026, 11, 30)).emails == 1
    (email,) = mail.outbox
    assert email.to == ["approver@example.org"] and email.subject == "Values wait for your approval"
    assert "EH1 Families supported, Q2 2026/27" in email.body
    assert reminders_send(by=definer, today=date(2026, 12, 1)).emails == 0


def test_a_draft_is_still_chased_and_a_period_due_before_the_measure_existed_is_not(
    measure, definer, enterer
):
    services.value_enter(by=enterer, measure=measure, **Q2, value=12)
    assert reminders_send(by=definer, today=date(2026, 11, 30)).emails == 1
    Measure.objects.filter(pk=measure.pk).update(created_at=datetime(2026, 11, 1, tzinfo=UTC))
    ValueReminder.objects.all().delete()
    assert reminders_send(by=definer, today=date(2026, 11, 30)).emails == 0


def test_people_without_an_address_or_no_longer_active_are_skipped_and_counted(
    measure, definer, enterer, approver
):
    """Probe 8: "Sent 0 reminder e-mails" though values were owed, because nobody had an address."""
    enterer.is_active = False
    enterer.save()
    sent = reminders_send(by=definer, today=date(2026, 11, 30))
    assert sent == (0, 1)
    assert not ValueReminder.objects.exists() and not mail.outbox
    assert sent.said() == (
        "Sent 0 reminder e-mails about measures' values. 1 person owed one could not be e-mailed (no "
        "e-mail address, or the account is not active): their late values still show on the exception "
        "report."
    )
    assert "enterer" not in sent.said()  # counts, never who


def test_the_audit_holds_counts_only(measure, definer):
    reminders_send(by=definer, today=date(2026, 11, 30))
    event = AuditEvent.objects.get(action="performance.value_remind")
    assert event.changes == {"emails": 1, "reminders": 1}


def test_the_reminders_run_as_background_work_for_a_definer(measure, definer):
    task = background_task_start(kind="performance-reminders", by=definer)
    task.refresh_from_db()
    assert task.state == "succeeded" and task.summary == "Sent 1 reminder e-mail about measures' values."


def test_an_approver_is_never_asked_to_approve_a_value_they_entered(measure, definer, enterer, approver):
    """Probe 9: made approver after entering a value that waits, they were e-mailed to approve it, and
    the product refused them when they tried."""
    value = services.value_enter(by=enterer, measure=measure, **Q2, value=12)
    services.value_submit(by=enterer, value=value)
    Measure.objects.filter(pk=measure.pk).update(approver=enterer)  # as it was before the check
    assert reminders_send(by=definer, today=date(2026, 11, 30)).emails == 0
    assert not mail.outbox


def test_reminders_come_from_the_products_address_not_the_directorys(measure, definer):
    """Probe 9: measures' reminders came from directory@..., the directory's address."""
    reminders_send(by=definer, today=date(2026, 12, 23))
    (email,) = mail.outbox
    from django.conf import settings

    assert email.from_email == settings.DEFAULT_FROM_EMAIL and not email.from_email.startswith("directory@")
