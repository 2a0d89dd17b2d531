"""The board-ready PDF of a scorecard: a cover, a summary of the directions of travel, and one section
per theme with its commentary, table and gap sparklines. Drawn by WeasyPrint from HTML as a tagged
PDF (PDF/UA-1), with its language and title (`frontend.pdf.tagged_pdf`, as every PDF the product makes)."""

from collections import Counter

from django.template.loader import render_to_string

from equalchance.frontend.pdf import tagged_pdf
from equalchance.indicators.synthetic import SYNTHETIC_NOTE
from equalchance.scorecards.snapshots import data_up_to as data_up_to_of
from equalchance.scorecards.snapshots import worded
from equalchance.scorecards.sparklines import gap_sparkline
from equalchance.stats import Estimate

ORDER = [
    "narrowing",
    "gap closed",
    "no significant change",
    "widening",
    "reversed",
    "crossed over",
    "cannot be calculated",
]


def report_context(
    data: dict, *, title: str, scorecard, commentary: dict[str, str] | None = None, data_up_to=None
) -> dict:
    data = worded(data)  # the board pack shows differences and words as every page does
    themes = []
    directions = Counter()
    for theme in data["themes"]:
        lines = []
        for line in theme["lines"]:
            series = [
                (label, Estimate(g["value"], g["lower"], g["upper"]) if g else Estimate(None, None, None))
                for label, g in line.get("difference_series") or []
            ]
            direction = (line.get("from_previous") or {}).get(
                "direction", "no earlier period" if line.get("areas") else "no data"
            )
            directions[direction] += 1
            lines.append({**line, "sparkline": gap_sparkline(series), "direction": direction})
        themes.append(
            {"name": theme["name"], "lines": lines, "commentary": (commentary or {}).get(theme["name"], "")}
        )
    summary = sorted(
        directions.items(), key=lambda item: ORDER.index(item[0]) if item[0] in ORDER else len(ORDER)
    )
    return {
        "title": title,
        "scorecard": scorecard,
        "data_up_to": data_up_to or data_up_to_of(data),
        "themes": themes,
        "summary": summary,
        "synthetic": any(line.get("synthetic") for theme in data["themes"] for line in theme["lines"]),
        "synthetic_note": SYNTHETIC_NOTE,
    }


def scorecard_pdf(
    data: dict, *, title: str, scorecard, commentary: dict[str, str] | None = None, data_up_to=None
) -> bytes:
    html = render_to_string(
        "scorecards/report.html",
        report_context(data, title=title, scorecard=scorecard, commentary=commentary, data_up_to=data_up_to),
    )
    return tagged_pdf(html)
