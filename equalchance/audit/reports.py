"""The audit reports' rows, as people read them, and the audited reading of them."""

from datetime import UTC

from django.apps import apps
from django.db import transaction
from django.db.models import QuerySet

from equalchance.accounts.models import Role, User
from equalchance.audit.actions import Action
from equalchance.audit.models import AuditEvent
from equalchance.audit.selectors import audit_events_by, audit_events_for
from equalchance.audit.services import audit_event_record
from equalchance.common.spreadsheets import csv_text

CSV_HEADER = [
    "When (UTC)",
    "Who",
    "Role at the time",
    "What",
    "Outcome",
    "Record type",
    "Record id",
    "Request id",
    "Address",
]


def type_label(object_type: str) -> str:
    try:
        return str(apps.get_model(object_type)._meta.verbose_name).capitalize()
    except (LookupError, ValueError):
        return object_type


def record_events(*, object_type: str, object_id: str) -> QuerySet[AuditEvent]:
    return audit_events_for(object_type=object_type, object_id=object_id)


def user_events(*, actor_id: int) -> QuerySet[AuditEvent]:
    return audit_events_by(actor_id=actor_id)


def report_rows(events) -> list[dict]:
    events = list(events)
    names = dict(
        User.objects.filter(pk__in={e.actor_id for e in events if e.actor_id}).values_list("pk", "username")
    )
    return [
        {
            "at": event.at,
            "who": names.get(event.actor_id, "an anonymous visitor" if event.actor_id is None else "(gone)"),
            "role": Role(event.actor_role).label if event.actor_role in Role.values else event.actor_role,
            "what": Action(event.action).label if event.action in Action.values else event.action,
            "outcome": "Refused" if event.refused else "Done",
            "type": type_label(event.object_type),
            "object_type": event.object_type,
            "object_id": event.object_id,
            "request_id": event.request_id,
            "client_ip": event.client_ip or "",
        }
        for event in events
    ]


def _csv(events: QuerySet[AuditEvent]) -> str:
    rows = []
    for start in range(0, events.count(), 5000):
        for row in report_rows(events[start : start + 5000]):
            at = row["at"].astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
            rows.append(
                [
                    at,
                    row["who"],
                    row["role"],
                    row["what"],
                    row["outcome"],
                    row["type"],
                    row["object_id"],
                    row["request_id"],
                    row["client_ip"],
                ]
            )
    return csv_text(CSV_HEADER, rows)


def report_read(*, by, events: QuerySet[AuditEvent] | None, subject: dict, export: bool) -> str:
    """Record that `by` read (or downloaded) the trail about `subject`; the CSV text when exporting."""
    with transaction.atomic():
        audit_event_record(
            actor=by,
            action=Action.AUDIT_EXPORT if export else Action.AUDIT_REPORT,
            object_type=subject["object_type"],
            object_id=subject["object_id"],
        )
        return _csv(events) if export else ""
