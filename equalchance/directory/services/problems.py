"""Problems the public report with a directory entry, and moderators dealing with them."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from equalchance.accounts.permissions import user_can
from equalchance.audit.actions import Action
from equalchance.audit.services import ANONYMOUS, audit_event_record
from equalchance.directory.entries import clean_text
from equalchance.directory.models import ProblemReport, Service


def problem_report_receive(*, service: Service, kind: str, text: str) -> ProblemReport:
    """A report from anyone (the form is rate-limited and asks for no personal details)."""
    with transaction.atomic():
        report = ProblemReport.objects.create(service=service, kind=kind, text=clean_text(text))
        audit_event_record(
            actor=ANONYMOUS, action=Action.DIRECTORY_PROBLEM_REPORT, obj=report, changes={"kind": kind}
        )
    return report


def problem_report_resolve(*, by, report: ProblemReport) -> bool:
    """Mark a report dealt with; False (and nothing written) when it already was."""
    if not user_can(by, "directory.moderate"):
        raise PermissionDenied("Only directory moderators can deal with reported problems.")
    with transaction.atomic():
        report = ProblemReport.objects.select_for_update().get(pk=report.pk)
        if report.resolved_at is not None:
            return False
        report.resolved_at, report.resolved_by = timezone.now(), by
        report.save(update_fields=["resolved_at", "resolved_by"])
        audit_event_record(actor=by, action=Action.DIRECTORY_PROBLEM_RESOLVE, obj=report)
    return True
