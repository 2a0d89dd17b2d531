"""Pages to add, change and remove population results and programmes (with their team). Thin:
`selectors` decide who sees what, and the services (`result_create`, `programme_create`, their
`_update`s and `_delete`s) check and make every change. Only those who define measures add, change or
remove either."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse

from equalchance.common.form_fields import answered, form_errors
from equalchance.performance import selectors, services
from equalchance.performance.forms import ProgrammeForm, ResultForm
from equalchance.performance.models import Programme, Result
from equalchance.performance.views import _definer, found
from equalchance.plans import selectors as plan_selectors
from equalchance.plans.models import PlanElement

RESULT_FIELDS = ("title", "population", "area", "indicators", "plan_elements")
PROGRAMME_FIELDS = (
    "name",
    "description",
    "customers",
    "area",
    "visibility",
    "providers",
    "results",
    "plan_elements",
    "team",
)


def _plan_elements(request):
    """The parts of plans the person may see: the only ones offered."""
    visible = plan_selectors.plans_visible_to(user=request.user).values("pk")
    return PlanElement.objects.filter(plan__in=visible).order_by("plan__title", "order", "pk")


def _page(request, template: str, context: dict, form):
    return render(request, template, {"form": form, **context}, status=answered(form))


@login_not_required  # open to all: the selector decides which results each reader sees
def result_list(request):
    """Population results: conditions of wellbeing for a population in an area, with the programmes the
    reader may see that contribute to them."""
    seen = Prefetch(
        "programmes",
        queryset=selectors.programmes_visible_to(user=request.user).order_by("name"),
        to_attr="programmes_seen",
    )
    results = selectors.results_visible_to(user=request.user).prefetch_related("indicators", seen)
    rows = [(result, result.programmes_seen) for result in results]  # one query for all, not one each
    may_define = selectors.may_define_measures(request.user)
    # Definers see every result; they are told which the public does not (by the public's own selector).
    public = (
        set(selectors.results_visible_to(user=AnonymousUser()).values_list("pk", flat=True))
        if may_define
        else ()
    )
    return render(
        request,
        "performance/result_list.html",
        {"rows": rows, "may_define": may_define, "public": public},
    )


def result_new(request):
    _definer(request)
    form = ResultForm(request.POST or None, plan_elements=_plan_elements(request))
    if request.method == "POST" and form.is_valid():
        try:
            result = services.result_create(
                by=request.user, **{name: form.cleaned_data[name] for name in RESULT_FIELDS}
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"The population result “{result.title}” is added.")
            return redirect("performance:results")
    return _page(request, "performance/result_form.html", {"result": None}, form)


def result_edit(request, pk: int):
    _definer(request)
    result = found(selectors.results_visible_to(user=request.user), pk)
    form = ResultForm(request.POST or None, plan_elements=_plan_elements(request), instance=result)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.result_update(
                by=request.user, result=result, **{name: form.cleaned_data[name] for name in RESULT_FIELDS}
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"The population result “{result.title}” is saved.")
            return redirect("performance:results")
    return _page(request, "performance/result_form.html", {"result": result}, form)


def programme_new(request):
    _definer(request)
    form = ProgrammeForm(request.POST or None, plan_elements=_plan_elements(request))
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(
                by=request.user, **{name: form.cleaned_data[name] for name in PROGRAMME_FIELDS}
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"The programme “{programme.name}” is added.")
            return redirect("performance:programme-card", pk=programme.pk)
    return _page(request, "performance/programme_form.html", {"programme": None}, form)


def programme_edit(request, pk: int):
    _definer(request)
    programme = found(selectors.programmes_visible_to(user=request.user), pk)
    form = ProgrammeForm(request.POST or None, plan_elements=_plan_elements(request), instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_update(
                by=request.user,
                programme=programme,
                **{name: form.cleaned_data[name] for name in PROGRAMME_FIELDS},
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"The programme “{programme.name}” is saved.")
            return redirect("performance:programme-card", pk=programme.pk)
    return _page(request, "performance/programme_form.html", {"programme": programme}, form)


def _remove_page(
    request,
    *,
    record,
    what: str,
    name: str,
    remove,
    back: str,
    list_url: str,
    list_name: str,
    explanation: str,
):
    """Confirm, then remove by ``remove()`` (the service, which checks and audits). What holds the record
    (`selectors.removal_holds`, the rule the service refuses on) is shown before anyone presses the
    button, and then no button is offered."""
    refused = None
    if request.method == "POST":
        try:
            remove()
        except ValidationError as error:
            refused = error
        else:
            messages.success(request, f"The {what} “{name}” is removed.")
            return redirect(list_url)
    holds = selectors.removal_holds(user=request.user, record=record)
    problem = ""
    if refused is not None:
        # What holds it is listed on the page; any other refusal is said in the service's own words.
        problem = f"The {what} cannot be removed." if holds else " ".join(refused.messages)
    context = {
        "what": what,
        "name": name,
        "back": back,
        "list_url": list_url,
        "list_name": list_name,
        "explanation": explanation,
        "problem": problem,
        "holds": holds,
    }
    return render(request, "performance/remove.html", context, status=400 if problem else 200)


def _removed_already(request, model, pk: int, list_url: str, what: str):
    """A second post of the same removal (two presses, two tabs): said, not "Page not found". Only those
    who define measures come here, and they may see every programme and result, so this tells them
    nothing they could not see."""
    if request.method == "POST" and not model.objects.filter(pk=pk).exists():
        if selectors.was_removed(model=model, pk=pk):
            messages.info(request, f"That {what} has already been removed.")
            return redirect(list_url)
    return None


def result_remove(request, pk: int):
    _definer(request)
    list_url = reverse("performance:results")
    gone = _removed_already(request, Result, pk, list_url, "population result")
    if gone:
        return gone
    result = found(selectors.results_visible_to(user=request.user), pk)
    return _remove_page(
        request,
        record=result,
        what="population result",
        name=result.title,
        remove=lambda: services.result_delete(by=request.user, result=result),
        back=reverse("performance:result-edit", args=[result.pk]),
        list_url=list_url,
        list_name="Population results",
        explanation="Its links to programmes, indicators and parts of plans go with it. The indicators, "
        "programmes and plans themselves stay as they are.",
    )


def programme_remove(request, pk: int):
    _definer(request)
    list_url = reverse("performance:programmes")
    gone = _removed_already(request, Programme, pk, list_url, "programme")
    if gone:
        return gone
    programme = found(selectors.programmes_visible_to(user=request.user), pk)
    return _remove_page(
        request,
        record=programme,
        what="programme",
        name=programme.name,
        remove=lambda: services.programme_delete(by=request.user, programme=programme),
        back=reverse("performance:programme-card", args=[programme.pk]),
        list_url=list_url,
        list_name="Programmes",
        explanation="Only a programme that no measure and no feedback form belongs to can be removed. Its "
        "links to providers, population results, parts of plans and its team go with it.",
    )
