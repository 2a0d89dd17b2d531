"""Scorecard pages."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from equalchance.accounts.permissions import user_can
from equalchance.frontend.charts import Point, Series, line_chart
from equalchance.scorecards import (
    compute,
    exports,
    params,
    pdf,
    publishing,
    selectors,
    services,
    snapshots,
    sparklines,
)
from equalchance.scorecards.forms import LineForm, PublishForm, ScorecardForm
from equalchance.scorecards.models import Line, Scorecard, Snapshot

DIRECTION_TAGS = {
    "narrowing": "govuk-tag--green",
    "gap closed": "govuk-tag--turquoise",
    "widening": "govuk-tag--red",
    "reversed": "govuk-tag--purple",
    "crossed over": "govuk-tag--purple",
    "no significant change": "govuk-tag--grey",
    "cannot be calculated": "govuk-tag--grey",
}


CONFIDENCE_LEVELS = {"95": 0.95, "99.8": 0.998}


def _confidence(request) -> tuple[float, str]:
    """The interval level asked for (?confidence=99.8), 95% unless said."""
    key = request.GET.get("confidence", "95")
    key = key if key in CONFIDENCE_LEVELS else "95"
    return CONFIDENCE_LEVELS[key], key


def _require(request, capability: str) -> None:
    if not user_can(request.user, capability):
        raise PermissionDenied("Your role cannot open this page.")


def _scorecard_for(request, pk: int) -> Scorecard:
    """One of the partnership's scorecards, for a role that reads scorecards (403 otherwise, before
    looking, so a refusal says nothing about which ids exist)."""
    _require(request, "scorecards.view")
    return get_object_or_404(selectors.scorecards_visible_to(user=request.user), pk=pk)


def _snapshots_for(request, ids: list[int], *, purpose: str, scorecard=None) -> list[Snapshot]:
    """Snapshots in full through the one selector that refuses, audits and reads them."""
    try:
        return selectors.snapshots_get_for(user=request.user, ids=ids, scorecard=scorecard, purpose=purpose)
    except Snapshot.DoesNotExist:
        raise Http404("No such published scorecard") from None


def _bad_request(request, problem: str, *, back=None):
    """A clear page for a query that cannot be used (a mistyped address), rather than a server error."""
    return render(request, "scorecards/bad_request.html", {"problem": problem, "back": back}, status=400)


def scorecard_list(request):
    _require(request, "scorecards.view")
    return render(
        request,
        "scorecards/scorecard_list.html",
        {
            "scorecards": selectors.scorecards_visible_to(user=request.user),
            "can_define": user_can(request.user, "scorecards.define"),
        },
    )


def _require_define(request, pk: int | None = None) -> Scorecard | None:
    """Refuse roles that cannot define scorecards (before looking the scorecard up); then the one asked
    for, if any."""
    if not user_can(request.user, "scorecards.define"):
        raise PermissionDenied("Only analysts and administrators can define scorecards.")
    return None if pk is None else get_object_or_404(compute.partnership_scorecards(), pk=pk)


def scorecard_new(request):
    _require_define(request)
    form = ScorecardForm(request.POST or None, creating=True)
    if request.method == "POST" and form.is_valid():
        scorecard = services.scorecard_define(by=request.user, **form.cleaned_data)
        messages.success(request, f"Created {scorecard.name}")
        return redirect("scorecards:edit", pk=scorecard.pk)
    return render(request, "scorecards/scorecard_new.html", {"form": form})


def scorecard_edit(request, pk: int, line_form: LineForm | None = None):
    scorecard = _require_define(request, pk)
    # The form works on its own copy, so the service can see what changed.
    form = ScorecardForm(request.POST or None, instance=Scorecard.objects.get(pk=pk))
    if request.method == "POST" and line_form is None and form.is_valid():
        services.scorecard_update(scorecard=scorecard, by=request.user, **form.cleaned_data)
        messages.success(request, f"Saved {scorecard.name}")
        return redirect("scorecards:edit", pk=scorecard.pk)
    return render(
        request,
        "scorecards/scorecard_edit.html",
        {
            "scorecard": scorecard,
            "form": form if line_form is None else ScorecardForm(instance=scorecard),
            "line_form": line_form or LineForm(scorecard=scorecard),
            "themes": scorecard.themes.prefetch_related("lines__indicator"),
        },
    )


def line_add(request, pk: int):
    scorecard = _require_define(request, pk)
    if request.method != "POST":
        return redirect("scorecards:edit", pk=pk)
    form = LineForm(request.POST, scorecard=scorecard)
    if not form.is_valid():
        request.method = "GET"  # show the edit page with this form's errors and what was typed
        return scorecard_edit(request, pk, line_form=form)
    theme = scorecard.themes.filter(pk=form.cleaned_data["theme"] or 0).first()
    try:
        line = services.line_add(
            scorecard=scorecard,
            by=request.user,
            indicator=form.cleaned_data["indicator"],
            theme=theme,
            new_theme=form.cleaned_data["new_theme"].strip(),
            polarity=form.cleaned_data["polarity"],
        )
    except ValidationError as error:  # the same measure added by a post sent at the same moment
        form.add_error("indicator", error)
        request.method = "GET"
        return scorecard_edit(request, pk, line_form=form)
    messages.success(request, f"Added {line.indicator.name} under {line.theme.name}")
    return redirect("scorecards:edit", pk=pk)


def line_remove(request, pk: int, line_pk: int):
    scorecard = _require_define(request, pk)
    line = get_object_or_404(
        Line.objects.select_related("indicator", "theme"), pk=line_pk, theme__scorecard=scorecard
    )
    if request.method == "POST":
        services.line_remove(line=line, by=request.user)
        messages.success(request, f"Removed {line.indicator.name}")
    return redirect("scorecards:edit", pk=pk)


def scorecard_detail(request, pk: int):
    scorecard = _scorecard_for(request, pk)
    years = list(range(date.today().year, 2012, -1))
    try:
        year = params.year(request.GET.get("as_at"))
    except params.BadParameter as problem:
        return _bad_request(request, str(problem), back=scorecard)
    as_at = date(year, 12, 31) if year else None
    confidence, confidence_key = _confidence(request)
    themes = selectors.scorecard_results(scorecard=scorecard, as_at=as_at, confidence=confidence)
    for theme in themes:
        for line in theme.lines:
            line.sparkline = sparklines.gap_sparkline(line.difference_series)
            line.direction_tag = DIRECTION_TAGS.get(
                line.from_previous.words if line.from_previous else "", ""
            )
    return render(
        request,
        "scorecards/scorecard_detail.html",
        {
            "scorecard": scorecard,
            "themes": themes,
            "years": years,
            "as_at": as_at.year if as_at else "",
            "confidence": confidence_key,
            "confidence_levels": list(CONFIDENCE_LEVELS),
            "synthetic": any(line.synthetic for theme in themes for line in theme.lines),
            "tags": DIRECTION_TAGS,
            "can_publish": user_can(request.user, "scorecards.publish"),
            "can_define": user_can(request.user, "scorecards.define"),
        },
    )


def line_detail(request, pk: int, line_pk: int):
    scorecard = _scorecard_for(request, pk)
    line = get_object_or_404(
        Line.objects.select_related("indicator", "theme"), pk=line_pk, theme__scorecard=scorecard
    )
    confidence, confidence_key = _confidence(request)
    history = compute.line_history(scorecard, line, confidence=confidence)
    names = ["target", "rest", "district", "england", "comparators"]
    labels = {
        "target": scorecard.target.name,
        "rest": f"Rest of {scorecard.district.name}",
        "district": scorecard.district.name,
        "england": "England",
        "comparators": str(scorecard.comparator_group or "Comparators"),
    }
    series = [
        Series(
            labels[name],
            [
                Point(
                    period,
                    getattr(v, name).estimate.value,
                    getattr(v, name).estimate.lower,
                    getattr(v, name).estimate.upper,
                )
                for period, v in zip(history.periods, history.values)
            ],
        )
        for name in names
    ]
    series = [s for s in series if any(p.value is not None for p in s.points)]
    unit = line.indicator.unit or "value"
    gap_series = [
        Series(
            f"{scorecard.target.name} minus the rest of {scorecard.district.name}",
            [
                Point(period, d.value, d.lower, d.upper)
                for period, d in zip(history.periods, history.differences)
            ],
        )
    ]
    return render(
        request,
        "scorecards/line_detail.html",
        {
            "scorecard": scorecard,
            "line": line,
            "result": history.result,
            "values_chart": line_chart(
                series,
                title=f"{line.indicator.name} over time, with {confidence_key}% intervals",
                y_label=unit,
            ),
            "gap_chart": line_chart(
                gap_series,
                title="The target minus the rest of the district over time (above zero: target "
                f"higher), with its {confidence_key}% interval",
                y_label=f"difference ({unit})",
                zero_line=True,
                band=True,
            ),
            "rows": list(zip(history.periods, history.values, history.differences)),
            "series_names": [labels[n] for n in names],
            "confidence": confidence_key,
        },
    )


def publish(request, pk: int):
    if not user_can(request.user, "scorecards.publish"):
        raise PermissionDenied("Only analysts and administrators can publish scorecards.")
    scorecard = get_object_or_404(compute.partnership_scorecards(), pk=pk)
    themes = list(scorecard.themes.values_list("name", flat=True))
    form = PublishForm(request.POST or None, themes=themes)
    if request.method == "POST" and form.is_valid():
        snapshot = publishing.snapshot_publish(
            scorecard=scorecard,
            title=form.cleaned_data["title"],
            as_at=date(form.cleaned_data["as_at"], 12, 31),
            commentary=form.commentary(),
            public=form.cleaned_data["public"],
            by=request.user,
        )
        messages.success(request, f"Published {snapshot.title}")
        return redirect("scorecards:snapshot", snapshot_pk=snapshot.pk)
    return render(request, "scorecards/publish.html", {"scorecard": scorecard, "form": form})


def snapshot_list(request, pk: int):
    scorecard = _scorecard_for(request, pk)
    chosen = list(selectors.snapshots_visible_to(user=request.user).filter(scorecard=scorecard))
    for snapshot in chosen:
        snapshot.data_up_to = selectors.snapshot_data_up_to(snapshot)
    return render(request, "scorecards/snapshot_list.html", {"scorecard": scorecard, "snapshots": chosen})


def snapshot_detail(request, snapshot_pk: int):
    [snapshot] = _snapshots_for(request, [snapshot_pk], purpose="page")
    return _render_snapshot(request, snapshot, snapshot.data, public_view=False)


@login_not_required
def public_snapshot(request, snapshot_pk: int):
    """Published scorecards the partnership has made public, with small numbers suppressed."""
    snapshot = get_object_or_404(selectors.public_snapshots(), pk=snapshot_pk)
    return _render_snapshot(request, snapshot, snapshots.suppressed(snapshot.data), public_view=True)


def _render_snapshot(request, snapshot, data, *, public_view: bool):
    data = snapshots.worded(data)
    commentary = {c.theme: c.text for c in snapshot.commentary.all()}
    return render(
        request,
        "scorecards/snapshot_detail.html",
        {
            "snapshot": snapshot,
            "scorecard": snapshot.scorecard,
            "themes": [
                {**theme, "commentary": commentary.get(theme["name"], "")} for theme in data["themes"]
            ],
            "synthetic": any(line["synthetic"] for theme in data["themes"] for line in theme["lines"]),
            "public_view": public_view,
            "tags": DIRECTION_TAGS,
            "data_up_to": selectors.snapshot_data_up_to(snapshot),
        },
    )


def snapshot_compare(request, pk: int):
    ids, problem = [], ""
    for key, which in (("a", "earlier"), ("b", "later")):
        try:
            ids.append(
                params.record_id(request.GET.get(key), name=key, what=f"the {which} published scorecard")
            )
        except params.BadParameter as error:
            problem = problem or str(error)
    if not user_can(request.user, "scorecards.view"):
        _snapshots_for(request, ids, purpose="compare")  # refuses, recording the private ones asked for
    scorecard = _scorecard_for(request, pk)
    if problem:
        return _bad_request(request, problem, back=scorecard)
    chosen = _snapshots_for(request, ids, scorecard=scorecard, purpose="compare")
    rows = []
    for theme_a, theme_b in zip(
        snapshots.worded(chosen[0].data)["themes"], snapshots.worded(chosen[1].data)["themes"]
    ):
        by_code = {line["indicator"]: line for line in theme_b["lines"]}
        for line in theme_a["lines"]:
            rows.append((theme_a["name"], line, by_code.get(line["indicator"], {})))
    return render(
        request,
        "scorecards/snapshot_compare.html",
        {"scorecard": scorecard, "a": chosen[0], "b": chosen[1], "rows": rows},
    )


def _path_id(value: str) -> int:
    """An id from an address matched by a regular expression (text, possibly too large for a key)."""
    try:
        return params.record_id(value, name="id", what="a record")
    except params.BadParameter:
        raise Http404("No such record") from None


def scorecard_export(request, pk: str, file_format: str):
    scorecard = _scorecard_for(request, _path_id(pk))
    try:
        year = params.year(request.GET.get("as_at"))
    except params.BadParameter as problem:
        return _bad_request(request, str(problem), back=scorecard)
    as_at = date(year, 12, 31) if year else date.today()
    data = snapshots.freeze(selectors.scorecard_results(scorecard=scorecard, as_at=as_at), as_at=as_at)
    return _export(
        data,
        title=scorecard.name,
        filename=exports.file_name(scorecard.name, district=scorecard.district.name, day=as_at),
        file_format=file_format,
        scorecard=scorecard,
    )


def snapshot_export(request, snapshot_pk: str, file_format: str):
    [snapshot] = _snapshots_for(request, [_path_id(snapshot_pk)], purpose=file_format)
    return _export(
        snapshot.data,
        title=snapshot.title,
        filename=exports.file_name(
            snapshot.title,
            district=snapshot.scorecard.district.name,
            day=timezone.localdate(snapshot.published_at),
        ),
        file_format=file_format,
        scorecard=snapshot.scorecard,
        commentary={c.theme: c.text for c in snapshot.commentary.all()},
        data_up_to=selectors.snapshot_data_up_to(snapshot),
    )


def _export(
    data: dict,
    *,
    title: str,
    filename: str,
    file_format: str,
    scorecard=None,
    commentary=None,
    data_up_to=None,
):
    data = snapshots.worded(data)
    data_up_to = data_up_to or snapshots.data_up_to(data)
    if file_format == "pdf":
        response = HttpResponse(
            pdf.scorecard_pdf(
                data, title=title, scorecard=scorecard, commentary=commentary, data_up_to=data_up_to
            ),
            content_type="application/pdf",
        )
    elif file_format == "xlsx":
        response = HttpResponse(
            exports.as_xlsx(data, title=title, data_up_to=data_up_to),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(exports.as_csv(data), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{file_format}"'
    return response
