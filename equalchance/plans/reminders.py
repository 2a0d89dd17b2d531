"""Owners are e-mailed before an action's update is due in a reporting cycle, once per cycle, with
every action of theirs that still needs one; a missing update is then flagged by `selectors`."""

from datetime import date, timedelta

from django.core.mail import send_mail
from django.db import transaction

from equalchance.audit.actions import Action as Audit
from equalchance.audit.services import audit_event_record
from equalchance.plans.models import Action, ReportingCycle, UpdateReminder

LIVE = ("not_started", "in_progress", "on_hold", "ongoing")


def cycles_reminding(today: date) -> list[ReportingCycle]:
    """Cycles whose update is due within their reminder window (and not yet past)."""
    return [
        cycle
        for cycle in ReportingCycle.objects.filter(update_due__gte=today, period_start__lte=today)
        if cycle.update_due - timedelta(days=cycle.remind_days_before) <= today
    ]


def reminders_send(*, by, today: date) -> int:
    """E-mail each owner whose live actions have no update yet in a cycle falling due; returns how
    many e-mails were sent. Audited with counts only."""
    sent = 0
    for cycle in cycles_reminding(today):
        actions = Action.objects.filter(status__in=LIVE, owner__isnull=False, owner__is_active=True).exclude(
            owner__email=""
        )
        if cycle.plan_id:
            actions = actions.filter(plan_id=cycle.plan_id)
        actions = actions.exclude(updates__posted_at__date__gte=cycle.period_start).exclude(
            reminders__cycle=cycle
        )
        by_owner: dict[int, list[Action]] = {}
        for action in actions.select_related("owner", "plan").order_by("plan__title", "order", "pk"):
            by_owner.setdefault(action.owner_id, []).append(action)
        for owned in by_owner.values():
            owner = owned[0].owner
            lines = "\n".join(f"- {a.title} ({a.plan.title})" for a in owned)
            due = f"{cycle.update_due:%-d %B %Y}"
            with transaction.atomic():
                send_mail(
                    subject=f"Your updates are due by {due}",
                    message=f"Updates for {cycle.name} are due by {due} on:\n\n{lines}\n\n"
                    "Sign in, open 'Your actions' in Plans, and post an update on each. An update not posted "
                    "by then is shown as missing on the exception report.",
                    from_email=None,
                    recipient_list=[owner.email],
                )
                UpdateReminder.objects.bulk_create(UpdateReminder(action=a, cycle=cycle) for a in owned)
            sent += 1
    if sent:
        audit_event_record(
            actor=by, action=Audit.UPDATE_REMIND, object_type="reporting_cycle", changes={"emails": sent}
        )
    return sent
