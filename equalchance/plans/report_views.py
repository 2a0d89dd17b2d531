"""Frozen reports of a plan: produce one, read it as a page, download it as HTML, tagged PDF, DOCX, ODT,
XLSX or CSV."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from equalchance.plans import report_files, reports, selectors, services
from equalchance.plans.forms import CoverForm
from equalchance.plans.views import found


@login_not_required  # public issues of public plans for everyone; the selectors decide
def report_list(request, pk: int):
    plan = found(request, selectors.plans_visible_to(user=request.user), pk)
    may_produce = selectors.may_produce_reports(request.user, plan=plan)
    if request.method == "POST":
        try:  # the service refuses (and audits) anyone who may not produce reports of the plan
            issue = services.report_issue_create(
                by=request.user,
                kind=request.POST.get("kind", ""),
                plan=plan,
                public=request.POST.get("public") == "on",
            )
        except ValidationError as error:
            messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
        else:
            return redirect("plans:report", pk=issue.pk)
    return render(
        request,
        "plans/report_list.html",
        {
            "plan": plan,
            "issues": selectors.report_issues_visible_to(user=request.user).filter(plan=plan),
            "kinds": [
                (k, label)
                for k, label in reports.KINDS.items()
                if k != "area-baseline" or plan.type == "area_action_plan"
            ],
            "may_produce": may_produce,
            "may_publish": selectors.may_edit_plans(request.user),
        },
    )


@login_not_required
def report_detail(request, pk: int):
    issue = found(request, selectors.report_issues_visible_to(user=request.user), pk)
    extra = {
        "annex": report_files.annex_described(issue.kind),
        "appendices": len(reports.appendices(issue)),
    }
    return render(request, "plans/report_detail.html", reports.context(issue) | extra)


@login_not_required
def report_download(request, pk: int, file_format: str):
    issue = found(request, selectors.report_issues_visible_to(user=request.user), pk)
    if file_format not in report_files.FORMATS:
        raise Http404("A report is not written in that format.")
    content = report_files.render(issue, file_format)
    response = HttpResponse(content, content_type=report_files.FORMATS[file_format])
    name = report_files.file_name(issue, file_format)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def cover_new(request, pk: int):
    """Write a cover report for a board (seed 001's layout) with the plan's reports as appendices."""
    plan = found(request, selectors.plans_visible_to(user=request.user), pk)
    if not selectors.may_produce_reports(request.user, plan=plan):
        raise PermissionDenied("You cannot produce reports of this plan.")
    issues = selectors.report_issues_visible_to(user=request.user).filter(plan=plan).exclude(kind="cover")
    form = CoverForm(request.POST or None, issues=issues)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "appendices"}
        issue = services.cover_report_create(
            by=request.user, plan=plan, fields=fields, appendices=form.cleaned_data["appendices"]
        )
        return redirect("plans:report", pk=issue.pk)
    return render(request, "plans/cover_form.html", {"form": form, "plan": plan})
