"""Scorecard pages."""

from datetime import date

from django.shortcuts import get_object_or_404, render

from equalchance.frontend.charts import Point, Series, line_chart
from equalchance.scorecards import compute, sparklines
from equalchance.scorecards.models import Line

DIRECTION_TAGS = {
    "narrowing": "govuk-tag--green",
    "gap closed": "govuk-tag--turquoise",
    "widening": "govuk-tag--red",
    "reversed": "govuk-tag--purple",
    "no significant change": "govuk-tag--grey",
    "cannot be calculated": "govuk-tag--grey",
}


def scorecard_list(request):
    return render(request, "scorecards/scorecard_list.html", {"scorecards": compute.partnership_scorecards()})


def scorecard_detail(request, pk: int):
    scorecard = get_object_or_404(compute.partnership_scorecards(), pk=pk)
    years = list(range(date.today().year, 2012, -1))
    year = request.GET.get("as_at", "")
    as_at = date(int(year), 12, 31) if year.isdigit() and int(year) in years else None
    themes = compute.scorecard_compute(scorecard, as_at=as_at)
    for theme in themes:
        for line in theme.lines:
            line.sparkline = sparklines.gap_sparkline(line.gap_series)
            line.direction_tag = DIRECTION_TAGS.get(
                line.from_previous.direction if line.from_previous else "", ""
            )
    return render(
        request,
        "scorecards/scorecard_detail.html",
        {
            "scorecard": scorecard,
            "themes": themes,
            "years": years,
            "as_at": as_at.year if as_at else "",
            "synthetic": any(line.synthetic for theme in themes for line in theme.lines),
            "tags": DIRECTION_TAGS,
        },
    )


def line_detail(request, pk: int, line_pk: int):
    scorecard = get_object_or_404(compute.partnership_scorecards(), pk=pk)
    line = get_object_or_404(
        Line.objects.select_related("indicator", "theme"), pk=line_pk, theme__scorecard=scorecard
    )
    history = compute.line_history(scorecard, line)
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
            f"Gap with the rest of {scorecard.district.name}",
            [Point(period, g.value, g.lower, g.upper) for period, g in zip(history.periods, history.gaps)],
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
                series, title=f"{line.indicator.name} over time, with 95% intervals", y_label=unit
            ),
            "gap_chart": line_chart(
                gap_series,
                title="The gap with the rest of the district over time (positive: "
                "target worse), with its 95% interval",
                y_label=f"gap ({unit})",
                zero_line=True,
                band=True,
            ),
            "rows": list(zip(history.periods, history.values, history.gaps)),
            "series_names": [labels[n] for n in names],
        },
    )
