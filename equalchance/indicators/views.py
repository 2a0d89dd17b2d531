"""Pages for the indicator catalogue and data imports."""

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from equalchance.accounts.permissions import user_can
from equalchance.common.validated_csv import DataFileError
from equalchance.frontend import area_maps, charts
from equalchance.frontend.templatetags.numbers import measure_of
from equalchance.indicators import across_areas, numbers, selectors, services
from equalchance.indicators.forms import EDITABLE, ImportForm, IndicatorForm
from equalchance.indicators.models import ImportBatch, Indicator
from equalchance.indicators.synthetic import SYNTHETIC_NOTE
from equalchance.indicators.values import method_name
from equalchance.places import selectors as places
from equalchance.places.models import Area, AreaLevel
from equalchance.stats import comparison_wording


def _require(request, capability: str, refusal: str = "Your role cannot open this page.") -> None:
    if not user_can(request.user, capability):
        raise PermissionDenied(refusal)


def indicator_list(request):
    _require(request, "indicators.view")
    return render(
        request,
        "indicators/indicator_list.html",
        {
            "themes": selectors.indicators_by_theme(),
            "can_import": user_can(request.user, "indicators.import"),
        },
    )


def indicator_detail(request, code: str):
    _require(request, "indicators.view")
    indicator = get_object_or_404(Indicator, code=code)
    areas = selectors.headline_areas()
    rows = selectors.observations_for(indicator=indicator, area_codes=areas)
    names = dict(Area.objects.filter(code__in=areas).values_list("code", "name"))
    periods = sorted({(r.observation.period_start, r.observation.period_label) for r in rows}, reverse=True)
    table = {(r.observation.period_label, r.observation.area_id): r for r in rows}
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "indicator": indicator,
            "method": method_name(indicator),
            "areas": [(code, names.get(code, code)) for code in areas],
            "periods": [(label, [table.get((label, code)) for code in areas]) for _, label in periods],
            "can_edit": user_can(request.user, "indicators.edit"),
            "districts": [(code, names.get(code, code)) for code in areas if code != selectors.ENGLAND],
        },
    )


CONFIDENCE = {"95": 0.95, "99.8": 0.998}


def indicator_across_areas(request, code: str, district: str):
    """Fingertips' "compare areas" for one district's wards: a chart with intervals, a map and the table."""
    _require(request, "indicators.view")
    indicator = get_object_or_404(Indicator, code=code)
    place = get_object_or_404(Area, code=district, level=AreaLevel.DISTRICT)
    confidence_key = request.GET.get("confidence", "95")
    confidence_key = confidence_key if confidence_key in CONFIDENCE else "95"
    asked = request.GET.get("period", "")
    compared = across_areas.wards_compared(
        indicator, district=place, period=asked, confidence=CONFIDENCE[confidence_key]
    )
    measure = measure_of(indicator)
    rows = [(row, row.value.estimate) for row in compared.wards]
    district_value, england_value = (
        compared.district_value.estimate.value,
        compared.england_value.estimate.value,
    )
    benchmarks = [
        (f"{place.name}: {numbers.value(district_value, measure)}", district_value),
        (f"England: {numbers.value(england_value, measure)}", england_value),
    ]
    chart = charts.compare_chart(
        [charts.Bar(row.name, e.value, e.lower, e.upper, str(row.against_district)) for row, e in rows],
        title=f"{indicator.name}, {compared.period}: {place.name}'s wards with {confidence_key}% intervals, "
        f"against {place.name} (solid line) and England (dashed line)",
        benchmarks=benchmarks,
        x_label=indicator.unit or "value",
    )
    boundaries = across_areas.boundaries_of([row.code for row in compared.wards], compared.geography)
    area_map = area_maps.choropleth_svg(
        [
            area_maps.MapArea(
                row.code,
                row.name,
                boundaries[row.code],
                str(row.against_district),
                f"{numbers.value(e.value, measure)}, {comparison_wording(row.against_district, place.name)}",
            )
            for row, e in rows
            if row.code in boundaries
        ],
        title=f"Map of {place.name}'s wards coloured by {indicator.name} against {place.name}, "
        f"{compared.period}",
    )
    return render(
        request,
        "indicators/indicator_across_areas.html",
        {
            "indicator": indicator,
            "district": place,
            "compared": compared,
            "asked_not_held": bool(asked) and asked != compared.period,
            # Ward rows open the ward's profile in the newest release of the same geography.
            "profile_release": next(
                (r.year for r in reversed(places.releases()) if r.geography == compared.geography), None
            ),
            "asked": asked,
            "chart": chart,
            "map": area_map,
            "confidence": confidence_key,
            "confidence_levels": list(CONFIDENCE),
            "synthetic_note": SYNTHETIC_NOTE,
        },
    )


def indicator_edit(request, code: str):
    _require(request, "indicators.edit", "Only analysts and administrators can edit indicator definitions.")
    indicator = get_object_or_404(Indicator, code=code)
    form = IndicatorForm(request.POST or None, instance=Indicator.objects.get(pk=indicator.pk))
    if request.method == "POST" and form.is_valid():
        services.indicator_update(
            indicator=indicator, by=request.user, **{name: form.cleaned_data[name] for name in EDITABLE}
        )
        messages.success(request, f"{indicator.name} saved")
        return redirect("indicators:detail", code=indicator.code)
    return render(request, "indicators/indicator_form.html", {"indicator": indicator, "form": form})


def import_list(request):
    _require(request, "indicators.view")
    return render(
        request,
        "indicators/import_list.html",
        {
            "batches": selectors.import_batches()[:200],
            "can_import": user_can(request.user, "indicators.import"),
        },
    )


def import_create(request):
    _require(request, "indicators.import", "Only analysts and administrators can import data.")
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
            handle.flush()
            try:
                batch = services.import_batch_run(
                    path=Path(handle.name),
                    file_format=form.cleaned_data["file_format"],
                    source=form.cleaned_data["source"],
                    by=request.user,
                    file_name=upload.name,
                )
            except DataFileError as error:
                problems = error.problems[:50]
                form.add_error(
                    "file", f"The file was not imported: {len(error.problems)} problem(s), listed below"
                )
            else:
                messages.success(
                    request, f"Imported {batch.rows} observations from {upload.name} (import #{batch.pk})"
                )
                return redirect("indicators:imports")
    return render(request, "indicators/import_form.html", {"form": form, "problems": problems})


@require_POST
def import_roll_back(request, pk: int):
    _require(request, "indicators.import", "Only analysts and administrators can roll back imports.")
    batch = get_object_or_404(ImportBatch, pk=pk)
    try:
        services.import_batch_roll_back(batch=batch, by=request.user)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Import #{batch.pk} ({batch.file_name}) rolled back")
    return redirect("indicators:imports")
