"""The audit trail's two reports, for administrators (and, later, information governance officers):
who has seen or changed a record, and what a user has opened. Each is a page and a CSV download, and
reading either is itself audited."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from equalchance.accounts.models import User
from equalchance.accounts.permissions import user_can
from equalchance.audit import reports
from equalchance.audit.forms import RecordForm, UserForm

PAGE_SIZE = 100


def _require_auditor(request) -> None:
    if not user_can(request.user, "audit.view"):
        raise PermissionDenied


def audit_home(request):
    _require_auditor(request)
    return render(
        request,
        "audit/home.html",
        {"record_form": RecordForm(), "user_form": UserForm()},
    )


def _report(request, *, events, title: str, file_stem: str, subject: dict, query: dict):
    if request.GET.get("format") == "csv":
        text = reports.report_read(by=request.user, events=events, subject=subject, export=True)
        response = HttpResponse(text, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{file_stem}.csv"'
        return response
    reports.report_read(by=request.user, events=None, subject=subject, export=False)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/report.html",
        {"title": title, "page": page, "rows": reports.report_rows(page.object_list), "subject_query": query},
    )


def record_report(request):
    _require_auditor(request)
    form = RecordForm(request.GET)
    if not form.is_valid():
        return render(request, "audit/home.html", {"record_form": form, "user_form": UserForm()}, status=400)
    object_type, object_id = form.cleaned_data["object_type"], form.cleaned_data["object_id"]
    return _report(
        request,
        events=reports.record_events(object_type=object_type, object_id=object_id),
        title=f"Who has seen or changed {reports.type_label(object_type).lower()} {object_id}",
        file_stem=f"audit-{object_type.replace('.', '-')}-{object_id}",
        subject={"object_type": object_type, "object_id": object_id},
        query={"object_type": object_type, "object_id": object_id},
    )


def user_report(request, pk: int):
    _require_auditor(request)
    person = get_object_or_404(User, pk=pk)
    return _report(
        request,
        events=reports.user_events(actor_id=person.pk),
        title=f"What {person.username} has opened or changed",
        file_stem=f"audit-user-{person.pk}",
        subject={"object_type": "accounts.user", "object_id": str(person.pk)},
        query={},
    )


def user_find(request):
    """The user report for the username typed on the first page."""
    _require_auditor(request)
    form = UserForm(request.GET)
    if not form.is_valid():
        return render(
            request, "audit/home.html", {"record_form": RecordForm(), "user_form": form}, status=400
        )
    return redirect("audit:user", pk=form.cleaned_data["user"].pk)
