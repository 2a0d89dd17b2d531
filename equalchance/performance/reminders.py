"""E-mails about measures' values (issue 12, item 8): each data-entry person is e-mailed once when a
value falls due within a week and once when it is late, and each approver once about each value waiting
for them. One e-mail per person per run, listing everything; what was sent is recorded so nobody is told
twice. A late value is flagged on the exception report whether or not anyone was e-mailed."""

from datetime import date, timedelta
from typing import NamedTuple

from django.core.mail import send_mail
from django.db import transaction

from equalchance.audit.actions import Action as Audit
from equalchance.audit.services import audit_event_record
from equalchance.performance import periods, selectors
from equalchance.performance.models import Measure, MeasureValue, ValueReminder

REMIND_DAYS_BEFORE = 7
DONE = (MeasureValue.Status.SUBMITTED, MeasureValue.Status.APPROVED)
HEADINGS = {
    ValueReminder.Kind.LATE: "Late: these values were due and are not yet sent for approval",
    ValueReminder.Kind.DUE: "Due soon: send these values for approval by their due dates",
    ValueReminder.Kind.APPROVE: "Waiting for your approval",
}


def _reachable(person) -> bool:
    return person is not None and person.is_active and bool(person.email)


def _owed(today: date) -> list[tuple]:
    """(person, kind, measure, period) for every reminder owed today, before checking what was sent."""
    owed = []
    measures = Measure.objects.prefetch_related("data_entry").select_related("approver")
    done, waiting = set(), {}
    for value in MeasureValue.objects.filter(status__in=DONE).only("measure_id", "period_start"):
        done.add((value.measure_id, value.period_start))
    # Only values the approver may approve: never one they entered (probe 9: an approver was e-mailed to
    # approve a value the product would not let them).
    for value in selectors.approvals_waiting().only("measure_id", "period_start"):
        waiting.setdefault(value.measure_id, []).append(value.period_start)
    for measure in measures:
        late = periods.latest_overdue(today, measure.frequency, measure.calendar, measure.data_lag_days)
        coming = periods.period_containing(late.end + timedelta(days=1), measure.frequency, measure.calendar)
        chase = []
        # A period that fell due before the measure was defined is not chased.
        if (
            late.owed(measure.data_lag_days, measure.created_at.date())
            and (measure.pk, late.start) not in done
        ):
            chase.append((ValueReminder.Kind.LATE, late))
        due = coming.due(measure.data_lag_days)
        if (
            today <= due <= today + timedelta(days=REMIND_DAYS_BEFORE)
            and (measure.pk, coming.start) not in done
        ):
            chase.append((ValueReminder.Kind.DUE, coming))
        for person in measure.data_entry.all():
            owed.extend((person, kind, measure, period) for kind, period in chase)
        for start in waiting.get(measure.pk, []) if measure.approver else []:
            period = periods.period_containing(start, measure.frequency, measure.calendar)
            owed.append((measure.approver, ValueReminder.Kind.APPROVE, measure, period))
    return owed


class Sent(NamedTuple):
    emails: int  # e-mails sent
    unreachable: int  # people owed a reminder who have no e-mail address or are not active

    def said(self) -> str:
        """For the background task's outcome: counts only, never who."""
        said = f"Sent {self.emails} reminder e-mail{'' if self.emails == 1 else 's'} about measures' values."
        if self.unreachable:
            people = "person" if self.unreachable == 1 else "people"
            said += (
                f" {self.unreachable} {people} owed one could not be e-mailed (no e-mail address, or the "
                "account is not active): their late values still show on the exception report."
            )
        return said


def reminders_send(*, by, today: date) -> Sent:
    """Send the reminders owed today; says how many e-mails were sent and how many people owed one could
    not be e-mailed (probe 8: they were left out without a word). Audited with counts only."""
    sent_before = set(ValueReminder.objects.values_list("measure_id", "period_start", "person_id", "kind"))
    by_person: dict[int, list[tuple]] = {}
    unreachable = set()
    for person, kind, measure, period in _owed(today):
        if (measure.pk, period.start, person.pk, kind) in sent_before:
            continue
        if _reachable(person):
            by_person.setdefault(person.pk, []).append((person, kind, measure, period))
        else:
            unreachable.add(person.pk)
    for items in by_person.values():
        person = items[0][0]
        sections = []
        for kind in (ValueReminder.Kind.LATE, ValueReminder.Kind.DUE, ValueReminder.Kind.APPROVE):
            lines = [
                f"- {m.code} {m.title}, {period.label} (due {_day(period.due(m.data_lag_days))})"
                for _, k, m, period in items
                if k == kind
            ]
            if lines:
                sections.append(HEADINGS[kind] + ":\n" + "\n".join(lines))
        with transaction.atomic():
            send_mail(
                subject=_subject(items),
                message="\n\n".join(sections)
                + "\n\nSign in and open Performance measures to enter, send or approve them. A value not "
                "approved after its due date shows as data overdue on the exception report.",
                from_email=None,
                recipient_list=[person.email],
            )
            ValueReminder.objects.bulk_create(
                ValueReminder(measure=measure, period_start=period.start, person=person, kind=kind)
                for _, kind, measure, period in items
            )
    if by_person:
        audit_event_record(
            actor=by,
            action=Audit.VALUE_REMIND,
            object_type="performance.measure",
            changes={"emails": len(by_person), "reminders": sum(len(items) for items in by_person.values())},
        )
    return Sent(len(by_person), len(unreachable))


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _subject(items) -> str:
    kinds = {kind for _, kind, _, _ in items}
    if ValueReminder.Kind.LATE in kinds:
        return "Measures' values are late"
    if ValueReminder.Kind.DUE in kinds:
        return "Measures' values are due soon"
    return "Values wait for your approval"
