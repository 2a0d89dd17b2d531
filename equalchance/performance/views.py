"""Performance pages. Thin: `selectors` decide who sees what and `services` make every change."""

from collections import OrderedDict
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from equalchance.common.form_fields import answered, form_errors
from equalchance.frontend.pdf import tagged_pdf
from equalchance.performance import (
    card_files,
    cards,
    feedback_selectors,
    presenting,
    selectors,
    services,
    standing,
)
from equalchance.performance.charts import measure_chart
from equalchance.performance.forms import (
    BaselineForm,
    ForecastForm,
    MeasureForm,
    ReturnForm,
    TargetForm,
    TurnTheCurveForm,
    ValueForm,
    future_period_choices,
    past_period_choices,
)
from equalchance.performance.models import Measure, MeasureValue, TurnTheCurve
from equalchance.plans import selectors as plan_selectors
from equalchance.plans.models import PlanElement
from equalchance.plans.presenting import by_title

QUADRANTS = list(Measure.Quadrant)


def found(queryset, pk):
    """The record if this user may see it; otherwise a 404 that says nothing about whether it exists."""
    record = queryset.filter(pk=pk).first()
    if record is None:
        raise Http404("No such record, or you may not see it.")
    return record


@login_not_required  # open to all: the selectors decide what each reader sees
def measure_list(request):
    """Measures grouped by programme, and within each by RBA quadrant."""
    groups: OrderedDict = OrderedDict()
    rows = selectors.standings(user=request.user, today=timezone.localdate())
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
            "may_define": selectors.may_define_measures(request.user),
            "may_import": selectors.measures_entered_by(user=request.user).exists(),
            "uses_feedback": feedback_selectors.uses_feedback_pages(request.user),
            "synthetic": any(row.measure.synthetic for row in rows),
        },
    )


@login_not_required  # open to all: the selectors decide what each reader sees
def measure_detail(request, pk: int):
    measure = found(selectors.measures_visible_to(user=request.user), pk)
    (where,) = selectors.standings(
        user=request.user, today=timezone.localdate(), measures=Measure.objects.filter(pk=measure.pk)
    )
    rows = selectors.value_rows(user=request.user, measure=measure, today=timezone.localdate())
    sees_states = selectors.may_see_unapproved(request.user, measure)
    chart = measure_chart(measure, rows, where.standing)
    rows.reverse()  # newest first
    return render(
        request,
        "performance/measure_detail.html",
        {
            "measure": measure,
            "where": where.standing,
            "chart": chart,
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
            "may_define": selectors.may_define_measures(request.user),
            "sees_states": sees_states,
            "behind": feedback_selectors.values_behind(measure=measure) if sees_states else [],
            "unusual_days": feedback_selectors.unusual_days_feeding(measure=measure) if sees_states else [],
            "returnable": {
                row.value.pk
                for row in rows
                if row.value
                and row.value.status == "approved"
                and selectors.may_approve_value(request.user, row.value)
            },
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
            with transaction.atomic():  # entered and sent together, or neither
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
    return render(
        request,
        "performance/value_form.html",
        {"form": form, "measure": measure},
        status=answered(form),
    )


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


def _not_waiting(request, value: MeasureValue, status: str | None):
    """A second press of approve or return, or a value decided in another tab: said, and nothing changed
    (returning an approved value is the measure page's, with its own reason)."""
    now = MeasureValue.Status(status).label.lower() if status else "removed"
    messages.info(
        request,
        f"{value.measure.code}, {value.period.label}: not waiting for approval (it is {now}), "
        "so nothing was changed.",
    )
    return redirect("performance:approvals")


@require_POST
def value_decide(request, pk: int):
    """Approve or return (with a reason) one value. The measure must be one the reader may see, and the
    services refuse anyone but its approver, and the approver for a value they entered."""
    visible = selectors.measures_visible_to(user=request.user).values("pk")
    value = found(MeasureValue.objects.filter(measure__in=visible).select_related("measure"), pk)
    decision = request.POST.get("decision")
    if decision not in ("approve", "return"):
        raise Http404("Approve or return.")
    if value.status != MeasureValue.Status.SUBMITTED:  # the queue decides waiting values only
        return _not_waiting(request, value, value.status)
    form = ReturnForm(request.POST) if decision == "return" else None
    try:
        if decision == "approve":
            services.value_approve(by=request.user, value=value)
        else:
            if not form.is_valid():
                return _queue(request, failed=value.pk, return_form=form)
            services.value_return(by=request.user, value=value, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        status = MeasureValue.objects.filter(pk=value.pk).values_list("status", flat=True).first()
        if status != MeasureValue.Status.SUBMITTED:  # decided meanwhile, in another tab
            return _not_waiting(request, value, status)
        form = form or ReturnForm()
        form_errors(form, error)
        return _queue(request, failed=value.pk, return_form=form)
    label = value.period.label
    messages.success(
        request,
        f"{value.measure.code}, {label}: {'approved' if decision == 'approve' else 'returned'}.",
    )
    return redirect("performance:approvals")


def value_reopen(request, pk: int):
    """The approver returns an approved value that needs correcting, with the reason, to its data-entry
    people (the queue handles values waiting for approval). Anyone else is refused before it is shown."""
    visible = selectors.measures_visible_to(user=request.user).values("pk")
    value = found(
        MeasureValue.objects.filter(measure__in=visible, status="approved").select_related("measure"), pk
    )
    if not selectors.may_approve_value(request.user, value):
        raise PermissionDenied("Only the measure's approver returns its values, never a value they entered.")
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.value_return(by=request.user, value=value, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"The value for {value.period.label} is returned for correction.")
            return redirect("performance:measure", pk=value.measure_id)
    return render(
        request, "performance/value_reopen.html", {"form": form, "value": value}, status=answered(form)
    )


@login_not_required  # open to all: only what the reader may see is listed
def exception_report(request):
    """Guide 6.4's exception report, joining measures and plans: each measure, action and unmeasured
    objective listed with why. A plan narrows it to that plan's measures, actions and objectives."""
    plans = plan_selectors.plans_visible_to(user=request.user)
    plan = plan_selectors.plan_chosen(user=request.user, value=request.GET.get("plan"))
    today = timezone.localdate()
    measures = selectors.measures_of_plan(plan) if plan else None
    listed = selectors.standings(user=request.user, today=today, measures=measures, listed_only=True)
    actions, blind = plan_selectors.exceptions(user=request.user, today=today, plan=plan)
    return render(
        request,
        "performance/exceptions.html",
        {
            "measures": listed,
            "rows": actions,
            "blind": blind,
            "plan": plan,
            "plans": sorted(plans, key=by_title),
            "synthetic": any(row.measure.synthetic for row in listed),
            "checked": (checked := selectors.exception_report_checked(user=request.user, plan=plan)),
            "none_listed": checked.said(plan),
        },
    )


# --- Defining measures, their targets, baselines and forecasts (definers only) ----------------------


def _definer(request) -> None:
    if not selectors.may_define_measures(request.user):
        raise PermissionDenied(
            "Only analysts, plan editors and administrators define measures, programmes and results."
        )


def _measure_form(request, instance=None):
    return MeasureForm(
        request.POST or None,
        instance=instance,
        plan_elements=PlanElement.objects.filter(
            plan__in=plan_selectors.plans_visible_to(user=request.user).values("pk")
        ).order_by("plan__title", "order"),
        programmes=selectors.programmes_visible_to(user=request.user).order_by("name"),
    )


def measure_new(request):
    _definer(request)
    form = _measure_form(request)
    if request.method == "POST" and form.is_valid():
        fields = form.definition()
        try:
            measure = services.measure_create(by=request.user, code=form.cleaned_data["code"], **fields)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"{measure.code} is defined.")
            return redirect("performance:measure", pk=measure.pk)
    return render(
        request, "performance/measure_form.html", {"form": form, "measure": None}, status=answered(form)
    )


def measure_edit(request, pk: int):
    _definer(request)
    measure = found(selectors.measures_visible_to(user=request.user), pk)
    form = _measure_form(request, instance=Measure.objects.get(pk=measure.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_update(
                by=request.user, measure=measure, note=form.cleaned_data.get("note", ""), **form.definition()
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"{measure.code}'s definition is saved.")
            return redirect("performance:measure", pk=measure.pk)
    return render(
        request, "performance/measure_form.html", {"form": form, "measure": measure}, status=answered(form)
    )


PERIOD_FORMS = {
    "target": (TargetForm, "Set a target", "Set the target"),
    "baseline": (BaselineForm, "Declare the baseline", "Declare the baseline"),
    "forecast": (ForecastForm, "Record a forecast", "Record the forecast"),
}


def _period_write(kind: str, *, by, measure, period, data):
    if kind == "target":
        return services.target_set(
            by=by,
            measure=measure,
            period_start=period.start,
            period_end=period.end,
            value=data["value"],
            decision_text=data["decision_text"],
            decided_on=data["decided_on"],
        )
    if kind == "baseline":
        return services.baseline_declare(
            by=by,
            measure=measure,
            period_start=period.start,
            period_end=period.end,
            value=data["value"],
            comment=data["comment"],
        )
    return services.forecast_set(
        by=by, measure=measure, period_start=period.start, period_end=period.end, value=data["value"]
    )


def measure_period_value(request, pk: int, kind: str):
    """Set a target (by a recorded decision), declare the baseline, or record a forecast by hand."""
    _definer(request)
    measure = found(selectors.measures_visible_to(user=request.user), pk)
    form_class, heading, submit = PERIOD_FORMS[kind]
    form = form_class(
        request.POST or None,
        measure=measure,
        choices=(past_period_choices if kind == "baseline" else future_period_choices)(
            measure, timezone.localdate()
        ),
    )
    if request.method == "POST" and form.is_valid():
        period = form.cleaned_period()
        try:
            _period_write(kind, by=request.user, measure=measure, period=period, data=form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"{heading.split(' ', 1)[1].capitalize()} for {period.label}: saved.")
            return redirect("performance:measure", pk=measure.pk)
    return render(
        request,
        "performance/period_value_form.html",
        {"form": form, "measure": measure, "heading": heading, "submit": submit, "kind": kind},
        status=answered(form),
    )


def forecast_trend(request, pk: int):
    """Draw the trend as the forecast: a page saying what would be recorded and replaced, then a POST."""
    _definer(request)
    measure = found(selectors.measures_visible_to(user=request.user), pk)
    today = timezone.localdate()
    if request.method != "POST":
        trend = selectors.forecast_trend(measure=measure, today=today)
        rows = list(zip([p.label for p in trend.periods], trend.values, strict=True))
        how = standing.YEAR_AT_RATE if measure.cumulative else standing.YEAR_LINE
        return render(
            request,
            "performance/forecast_trend.html",
            {"measure": measure, "trend": trend, "rows": rows, "how": how},
        )
    try:
        made = services.forecast_trend_make(by=request.user, measure=measure, today=today)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"The trend is drawn as the forecast for {len(made)} period{'s' if len(made) != 1 else ''}.",
        )
    return redirect("performance:measure", pk=measure.pk)


# --- Turning the curve, and the turn-the-curve report card --------------------------------------


def turn_the_curve_write(request, pk: int):
    measure = found(selectors.measures_visible_to(user=request.user), pk)
    if not selectors.may_write_turn_the_curve(request.user, measure):
        raise PermissionDenied(
            "Only the measure's owner and those who define measures write its turn-the-curve."
        )
    today = timezone.localdate()
    initial = {}
    existing = None
    asked = request.GET.get("period", "")
    if asked:
        try:
            existing = measure.turn_the_curve.filter(period_start=date.fromisoformat(asked)).first()
        except ValueError:
            existing = None  # not a date: an empty form
    if existing is not None:
        initial = {name: getattr(existing, name) for name in ("story", *services.TURN_THE_CURVE_TEXT)}
        initial |= {"period": existing.period_start.isoformat(), "actions": list(existing.actions.all())}
    offered = selectors.turn_the_curve_actions_offered(user=request.user, measure=measure)
    form = TurnTheCurveForm(
        request.POST or None, initial=initial, measure=measure, today=today, actions=offered
    )
    if request.method == "POST" and form.is_valid():
        period, data = form.cleaned_period(), form.cleaned_data
        try:
            services.turn_the_curve_write(
                by=request.user,
                measure=measure,
                period_start=period.start,
                period_end=period.end,
                story=data["story"],
                actions=data["actions"],
                **{name: data[name] for name in services.TURN_THE_CURVE_TEXT},
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(
                request, f"The turn-the-curve entry for {period.label} is saved as a draft, to be cleared."
            )
            return redirect("performance:card", pk=measure.pk)
    return render(
        request,
        "performance/turn_the_curve_form.html",
        {"form": form, "measure": measure},
        status=answered(form),
    )


@require_POST
def turn_the_curve_clear(request, pk: int):
    visible = selectors.measures_visible_to(user=request.user).values("pk")
    entry = found(TurnTheCurve.objects.filter(measure__in=visible).select_related("measure"), pk)
    try:
        services.turn_the_curve_clear(by=request.user, entry=entry)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The turn-the-curve entry for {entry.period.label} is cleared.")
    return redirect("performance:card", pk=entry.measure_id)


def _card(request, pk: int) -> dict:
    measure = found(selectors.measures_visible_to(user=request.user), pk)
    today = timezone.localdate()
    (where,) = selectors.standings(
        user=request.user, today=today, measures=Measure.objects.filter(pk=measure.pk)
    )
    rows = selectors.value_rows(user=request.user, measure=measure, today=today)
    approved_rows = [r for r in rows if (r.value is None or r.value.status == "approved")]
    entries = list(selectors.turn_the_curve_visible_to(user=request.user, measure=measure))
    entry = entries[0] if entries else None
    return {
        "measure": measure,
        "where": where.standing,
        "chart": measure_chart(measure, approved_rows, where.standing),
        "curve_caption": cards.CURVE_CAPTION,
        "rows": list(reversed(approved_rows)),
        "entry": entry,
        "actions": selectors.turn_the_curve_actions_shown(user=request.user, entry=entry),
        "may_write": selectors.may_write_turn_the_curve(request.user, measure),
        "may_clear": bool(entries) and selectors.may_clear_turn_the_curve(request.user, entries[0]),
        "as_at": today,
    }


@login_not_required  # open to all: the selectors decide what each reader sees
def card(request, pk: int):
    """The turn-the-curve report card (guide section 7, report 5): the curve, where it stands, and the
    latest turn-the-curve entry the reader may see."""
    return render(request, "performance/card.html", _card(request, pk))


@login_not_required  # open to all: the selectors decide what each reader sees
def card_pdf(request, pk: int):
    context = _card(request, pk)
    content = tagged_pdf(render_to_string("performance/card_document.html", context, request=request))
    response = HttpResponse(content, content_type="application/pdf")
    # Named as its DOCX, ODT and XLSX are (outside probe: the PDF alone had no date).
    name = card_files.file_name("turn-the-curve", context["measure"].code, context["as_at"], "pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
