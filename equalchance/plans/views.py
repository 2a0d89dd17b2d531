"""Plan pages. Thin: `selectors` decide who sees what and `services` make every change."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from equalchance.accounts.permissions import user_can
from equalchance.common.form_fields import form_errors
from equalchance.plans import selectors, services, status
from equalchance.plans.forms import (
    ActionForm,
    ContributionForm,
    ElementForm,
    PlanForm,
    StatusForm,
    UpdateForm,
)
from equalchance.plans.models import Plan, PlanElement
from equalchance.plans.presenting import by_title


def found(request, queryset, pk):
    """The record if this user may see it; otherwise a 404, which says nothing about whether it exists
    (the 404 page offers signing in to anyone who has not)."""
    record = queryset.filter(pk=pk).first()
    if record is None:
        raise Http404("No such record, or you may not see it.")
    return record


def _require_editor(request) -> None:
    if not selectors.may_edit_plans(request.user):
        raise PermissionDenied("Only plan editors and administrators can change plans.")


@login_not_required  # open to all: the selectors decide what each reader sees
def plan_list(request):
    plans = sorted(selectors.plans_visible_to(user=request.user), key=by_title)
    visible = {p.pk for p in plans}
    children: dict[int | None, list[Plan]] = {}
    for plan in plans:
        parent = plan.parent_id if plan.parent_id in visible else None
        children.setdefault(parent, []).append(plan)

    def tree(parent, depth):
        for plan in children.get(parent, []):
            yield plan, depth
            yield from tree(plan.pk, depth + 1)

    return render(
        request,
        "plans/plan_list.html",
        {"rows": list(tree(None, 0)), "can_edit": selectors.may_edit_plans(request.user)},
    )


@login_not_required  # open to all: the selectors decide what each reader sees
def plan_detail(request, pk: int):
    plan = found(request, selectors.plans_visible_to(user=request.user), pk)
    today = timezone.localdate()
    rows = selectors.action_rows(user=request.user, plan=plan, today=today)
    roots, loose = selectors.plan_tree(plan=plan, rows=rows)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "thread": selectors.golden_thread(plan),
            "sub_plans": selectors.plans_visible_to(user=request.user).filter(parent=plan),
            "nodes": [node for root in roots for node in root.walk()],
            "loose": loose,
            "counts": status.rag_counts([row.result for row in rows]),
            "synthetic": any(row.latest and row.latest.synthetic for row in rows),
            "decisions": selectors.decisions_visible_to(user=request.user).filter(plan=plan)[:10],
            "can_edit": selectors.may_edit_plans(request.user),
            "today": today,
        },
    )


@login_not_required  # open to all: the selectors decide what each reader sees
def element_detail(request, pk: int):
    elements = PlanElement.objects.filter(plan__in=selectors.plans_visible_to(user=request.user).values("pk"))
    element = found(request, elements.select_related("plan", "kind", "parent"), pk)
    today = timezone.localdate()
    descendants = [element.pk]
    frontier = [element.pk]
    while frontier:
        frontier = list(PlanElement.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        descendants += frontier
    rows = selectors.action_rows(
        user=request.user,
        today=today,
        actions=selectors.actions_visible_to(user=request.user).filter(element_id__in=descendants),
    )
    return render(
        request,
        "plans/element_detail.html",
        {
            "element": element,
            "plan": element.plan,
            "children": element.children.select_related("kind").order_by("order"),
            "contributes_to": element.contributes_to.filter(
                to_element__plan__in=selectors.plans_visible_to(user=request.user).values("pk")
            ).select_related("to_element__plan"),
            "delivered_by": element.contributions.filter(
                from_element__plan__in=selectors.plans_visible_to(user=request.user).values("pk")
            ).select_related("from_element__plan"),
            "measures": selectors.element_measures(user=request.user, element=element),
            "rows": rows,
            "counts": status.rag_counts([row.result for row in rows]),
            "synthetic": any(row.latest and row.latest.synthetic for row in rows),
            "can_edit": selectors.may_edit_plans(request.user),
        },
    )


@login_not_required  # open to all: the selectors decide what each reader sees
def action_detail(request, pk: int):
    action = found(request, selectors.actions_visible_to(user=request.user), pk)
    today = timezone.localdate()
    row = selectors.action_row(
        action, today=today, cycle=selectors.cycle_current(plan=action.plan, today=today)
    )
    return render(
        request,
        "plans/action_detail.html",
        {
            "action": action,
            "row": row,
            "updates": action.updates.select_related("author").order_by("-posted_at", "-pk"),
            "sub_actions": selectors.actions_visible_to(user=request.user).filter(parent=action),
            "decisions": selectors.decisions_visible_to(user=request.user).filter(action=action),
            "can_update": selectors.may_update_action(request.user, action),
            "can_edit": selectors.may_edit_plans(request.user),
        },
    )


def my_actions(request):
    """The actions the signed-in user owns or stands in for, worst first."""
    today = timezone.localdate()
    mine = selectors.actions_owned_by(user=request.user)
    rows = selectors.action_rows(user=request.user, today=today, actions=mine)
    rank = {"red": 0, "amber": 1, "grey": 2, "green": 3, None: 4}
    rows.sort(key=lambda row: (rank.get(row.result.rag, 4), row.action.due or today))
    synthetic = any(row.latest and row.latest.synthetic for row in rows)
    return render(request, "plans/my_actions.html", {"rows": rows, "synthetic": synthetic})


def plan_new(request):
    _require_editor(request)
    form = PlanForm(request.POST or None, plans=selectors.plans_visible_to(user=request.user))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in ("title", "type")}
        try:
            plan = services.plan_create(
                by=request.user,
                key=form.key(),
                title=form.cleaned_data["title"],
                type=form.cleaned_data["type"],
                **data,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"Plan created: {plan.title}. It is a draft.")
            return redirect("plans:plan", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": None})


def plan_edit(request, pk: int):
    _require_editor(request)
    plan = found(request, selectors.plans_visible_to(user=request.user), pk)
    form = PlanForm(request.POST or None, instance=plan, plans=selectors.plans_visible_to(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(by=request.user, plan=Plan.objects.get(pk=plan.pk), **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "Plan saved.")
            return redirect("plans:plan", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


def plan_status(request, pk: int):
    _require_editor(request)
    plan = found(request, selectors.plans_visible_to(user=request.user), pk)
    form = StatusForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_status_change(by=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            plan.refresh_from_db()
            messages.success(
                request, f"The plan is now {plan.get_status_display().lower()} (version {plan.version})."
            )
            return redirect("plans:plan", pk=plan.pk)
    return render(request, "plans/plan_status.html", {"form": form, "plan": plan})


def element_new(request, pk: int):
    _require_editor(request)
    plan = found(request, selectors.plans_visible_to(user=request.user), pk)
    form = ElementForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                element = services.element_add(
                    by=request.user,
                    plan=plan,
                    kind=data["kind"],
                    code=data["code"],
                    title=data["title"],
                    parent=data["parent"],
                    description=data["description"],
                    current_position=data["current_position"],
                )
                if data["indicator"] or data["measure_text"]:
                    services.element_measure_link(
                        by=request.user,
                        element=element,
                        indicator=data["indicator"],
                        text=data["measure_text"],
                    )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"Added {element.code} {element.title}.")
            return redirect("plans:plan", pk=plan.pk)
    return render(request, "plans/element_form.html", {"form": form, "plan": plan})


def action_new(request, pk: int):
    _require_editor(request)
    plan = found(request, selectors.plans_visible_to(user=request.user), pk)
    form = ActionForm(request.POST or None, plan=plan, initial={"element": request.GET.get("element")})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        title = data.pop("title")
        try:
            action = services.action_create(by=request.user, plan=plan, title=title, **data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"Action added: {action.title}.")
            return redirect("plans:action", pk=action.pk)
    return render(request, "plans/action_form.html", {"form": form, "plan": plan})


def action_update(request, pk: int):
    """The owner's (or delegate's) update. Anyone else is refused before the form is shown."""
    action = found(request, selectors.actions_visible_to(user=request.user), pk)
    if not selectors.may_update_action(request.user, action):
        raise PermissionDenied("Only the action's owner or their delegate can post an update on it.")
    form = UpdateForm(
        request.POST or None,
        initial={"status": action.status, "percent_complete": action.percent_complete},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update_post(by=request.user, action=action, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "Update posted.")
            return redirect("plans:action", pk=action.pk)
    return render(request, "plans/action_update.html", {"form": form, "action": action})


@login_not_required  # open to all: only what the reader may see is listed
def exception_report(request):
    plans = selectors.plans_visible_to(user=request.user)
    plan = selectors.plan_chosen(user=request.user, value=request.GET.get("plan"))
    rows, blind = selectors.exceptions(user=request.user, today=timezone.localdate(), plan=plan)
    return render(
        request,
        "plans/exceptions.html",
        {
            "rows": rows,
            "blind": blind,
            "plan": plan,
            "plans": sorted(plans, key=by_title),
            "checked": (checked := selectors.exceptions_checked(user=request.user, plan=plan)),
            "none_listed": checked.said(plan),
        },
    )


@login_not_required  # open to all: the selectors decide what each reader sees
def area_baseline(request, pk: int):
    """An area plan's progress against its baseline (seed 001: 'comparing progress against baseline')."""
    from equalchance.plans import baselines

    plan = found(
        request, selectors.plans_visible_to(user=request.user).filter(type=Plan.Type.AREA_ACTION_PLAN), pk
    )
    baseline = plan.baselines.select_related("decision").first()
    today = timezone.localdate()
    rows = selectors.action_rows(user=request.user, plan=plan, today=today)
    return render(
        request,
        "plans/area_baseline.html",
        {
            "plan": plan,
            "baseline": baseline,
            "progress": baselines.progress(baseline.data, baselines.area_measures(plan)) if baseline else [],
            "counts": status.rag_counts([row.result for row in rows]),
            "synthetic": any(row.latest and row.latest.synthetic for row in rows),
            "escalations": plan.actions.filter(escalations__isnull=False).distinct().count(),
        },
    )


@login_not_required  # open to all: the selectors decide each layer for each reader
def area_map(request, pk: int):
    """The area plan's map with its layers, and a table per layer numbered as the map."""
    from equalchance.plans.area_map import LAYERS, map_svg

    plan = found(
        request, selectors.plans_visible_to(user=request.user).filter(type=Plan.Type.AREA_ACTION_PLAN), pk
    )
    asked = [layer for layer in request.GET.getlist("layers") if layer in LAYERS]
    shown = set(asked) if "layers" in request.GET or request.GET.get("chosen") else set(LAYERS)
    area_map = selectors.area_map_for(user=request.user, plan=plan)
    may_see_assets = selectors.may_see_assets(request.user)
    layers = [
        {"key": key, "label": label, "shown": key in shown, "features": area_map.layers.get(key, [])}
        for key, label in LAYERS.items()
        if key != "assets" or may_see_assets
    ]
    return render(
        request,
        "plans/area_map.html",
        {
            "plan": plan,
            "map": map_svg(area_map, title=f"Map of {plan.priority_area.name}", shown=shown),
            "layers": layers,
            "lsoas": area_map.lsoas,
            "shown": shown,
        },
    )


def contribution_new(request, pk: int):
    """Link an element to what it contributes to in another plan (plan editors)."""
    _require_editor(request)
    elements = PlanElement.objects.filter(plan__in=selectors.plans_visible_to(user=request.user).values("pk"))
    element = found(request, elements.select_related("plan"), pk)
    targets = elements.exclude(plan=element.plan).select_related("plan").order_by("plan__title", "order")
    form = ContributionForm(request.POST or None, targets=targets)
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_link(by=request.user, from_element=element, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "Contribution recorded.")
            return redirect("plans:element", pk=element.pk)
    return render(request, "plans/contribution_form.html", {"form": form, "element": element})


def plans_import(request):
    """Plans, elements and actions from a spreadsheet (plan editors); refused whole with reasons."""
    import tempfile
    from pathlib import Path

    from equalchance.common.validated_csv import DataFileError
    from equalchance.plans.forms import PlansImportForm
    from equalchance.plans.importing import import_said
    from equalchance.plans.importing import plans_import as run_import

    _require_editor(request)
    form = PlansImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in (".csv", ".xlsx") or upload.size > 5 * 1024 * 1024:
            form.add_error("file", "Choose a CSV or XLSX file of up to 5 MB")
        else:
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / f"plans{suffix}"
                path.write_bytes(upload.read())
                try:
                    counts = run_import(by=request.user, path=path, file_name=Path(upload.name).name)
                except DataFileError as refused:
                    problems = [str(p) for p in refused.problems[:20]]
                    form.add_error(
                        "file", f"The file was refused: {len(refused.problems)} problem(s); nothing was added"
                    )
                else:
                    as_given, said = import_said(counts)
                    (messages.success if as_given else messages.warning)(request, said)
                    return redirect("plans:list")
    return render(request, "plans/plans_import.html", {"form": form, "problems": problems})


def plan_export(request, pk: int, file_format: str):
    """The plan in the import layout, as CSV or XLSX (what is exported imports back)."""
    from django.http import HttpResponse

    from equalchance.common.spreadsheets import csv_text, row_safe
    from equalchance.plans.importing import plan_rows

    plan = found(request, selectors.plans_visible_to(user=request.user), pk)
    if not (selectors.may_edit_plans(request.user) or user_can(request.user, "plans.view")):
        raise PermissionDenied("Exports of plans are for the partnership's staff.")
    header, *rows = plan_rows(plan, user=request.user)
    if file_format == "csv":
        response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
    else:
        import io

        import xlsxwriter

        buffer = io.BytesIO()
        book = xlsxwriter.Workbook(
            buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        )
        sheet = book.add_worksheet("plan")
        for r, row in enumerate([header, *rows]):
            sheet.write_row(r, 0, row_safe(row))
        book.close()
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{plan.key}.{file_format}"'
    return response
