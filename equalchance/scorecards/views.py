"""Scorecard pages."""

from datetime import date

from django.shortcuts import get_object_or_404, render

from equalchance.scorecards import compute, sparklines

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
