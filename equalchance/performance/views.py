"""Performance pages. Thin: `selectors` decide who sees what and `services` make every change."""

from collections import OrderedDict

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from equalchance.performance import presenting, selectors, services
from equalchance.performance.forms import ReturnForm, ValueForm
from equalchance.performance.models import Measure, MeasureValue

QUADRANTS = list(Measure.Quadrant)


def found(queryset, pk):
    """The record if this user may see it; otherwise a 404 that says nothing about whether it exists."""
    record = queryset.filter(pk=pk).first()
    if record is None:
        raise Http404("No such record, or you may not see it.")
    return record


def form_errors(form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


@login_not_required  # open to all: the selectors decide what each reader sees
def measure_list(request):
    """Measures grouped by programme, and within each by RBA quadrant."""
    groups: OrderedDict = OrderedDict()
    rows = selectors.measure_rows(user=request.user)
    rows.sort(
        key=lambda r: (
            r.measure.programme is None,
            r.measure.programme.name if r.measure.programme else "",
            r.measure.code,
        )
    )
    for row in rows:
        programme = row.measure.programme
        quadrants = groups.setdefault(programme, {q: [] for q in QUADRANTS})
        quadrants[row.measure.quadrant].append(row)
    sections = [
        (
            programme,
            [
                (quadrant.label, quadrant.value, found_rows)
                for quadrant, found_rows in quadrants.items()
                if found_rows
            ],
        )
        for programme, quadrants in groups.items()
    ]
    return render(
        request,
        "performance/measure_list.html",
        {
            "sections": sections,
            "approvals": selectors.approvals_waiting_for(user=request.user).count(),
            "may_import": selectors.measures_entered_by(user=request.user).exists(),
            "synthetic": any(row.measure.synthetic for row in rows),
        },
    )


@login_not_required  # open to all: the selectors decide what each reader sees
def measure_detail(request, pk: int):
    measure = found(selectors.measures_visible_to(user=request.user), pk)
    rows = selectors.value_rows(user=request.user, measure=measure)
    rows.reverse()  # newest first
    return render(
        request,
        "performance/measure_detail.html",
        {
            "measure": measure,
            "rows": rows,
            "changes": measure.changes.select_related("by"),
            "baseline": getattr(measure, "baseline", None),
            "reported": presenting.reported_said(
                frequency=measure.get_frequency_display(),
                calendar=measure.get_calendar_display(),
                data_lag_days=measure.data_lag_days,
            ),
            "tolerance": presenting.tolerance_said(
                tolerance=measure.tolerance,
                tolerance_type=measure.tolerance_type,
                percentage=measure.form == "percentage" or measure.value_type == "percentage",
                unit=measure.unit,
            ),
            "may_enter": selectors.may_enter_values(request.user, measure),
            "sees_states": selectors.may_see_unapproved(request.user, measure),
        },
    )


def value_new(request, pk: int):
    """A data-entry person's form for one period's value. Anyone else is refused before it is shown."""
    measure = found(selectors.measures_visible_to(user=request.user), pk)
    if not selectors.may_enter_values(request.user, measure):
        raise PermissionDenied("Only the measure's data-entry people can enter its values.")
    form = ValueForm(request.POST or None, measure=measure, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        period = form.cleaned_period()
        data = form.cleaned_data
        try:
            value = services.value_enter(
                by=request.user,
                measure=measure,
                period_start=period.start,
                period_end=period.end,
                value=data["value"],
                numerator=data["numerator"],
                denominator=data["denominator"],
                n=data["n"],
                comment=data["comment"],
                provisional=data["provisional"],
            )
            if data["submit_now"]:
                services.value_submit(by=request.user, value=value)
        except ValidationError as error:
            form_errors(form, error)
        else:
            sent = "sent for approval" if data["submit_now"] else "saved as a draft"
            messages.success(request, f"The value for {period.label} is {sent}.")
            return redirect("performance:measure", pk=measure.pk)
    return render(request, "performance/value_form.html", {"form": form, "measure": measure})


def _queue(request, *, failed=None, return_form=None):
    queue = selectors.approvals_waiting_for(user=request.user)
    return render(
        request,
        "performance/approvals.html",
        {"queue": queue, "failed": failed, "return_form": return_form},
        status=400 if failed is not None else 200,
    )


def approvals(request):
    """The approver's queue: values waiting for their approval (never ones they entered)."""
    return _queue(request)


@require_POST
def value_decide(request, pk: int):
    """Approve or return (with a reason) one value. The measure must be one the reader may see, and the
    services refuse anyone but its approver, and the approver for a value they entered."""
    visible = selectors.measures_visible_to(user=request.user).values("pk")
    value = found(MeasureValue.objects.filter(measure__in=visible).select_related("measure"), pk)
    decision = request.POST.get("decision")
    if decision not in ("approve", "return"):
        raise Http404("Approve or return.")
    form = ReturnForm(request.POST) if decision == "return" else None
    try:
        if decision == "approve":
            services.value_approve(by=request.user, value=value)
        else:
            if not form.is_valid():
                return _queue(request, failed=value.pk, return_form=form)
            services.value_return(by=request.user, value=value, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        form = form or ReturnForm()
        form_errors(form, error)
        return _queue(request, failed=value.pk, return_form=form)
    label = value.period.label
    messages.success(
        request,
        f"{value.measure.code}, {label}: {'approved' if decision == 'approve' else 'returned'}.",
    )
    return redirect("performance:approvals")
