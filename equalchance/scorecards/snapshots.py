"""Freezing a computed scorecard as plain data, and the public version with small numbers suppressed.

Suppression: a count (numerator) below the indicator's disclosure minimum is not shown in public
outputs. Because the district's count is published, the target's count could be worked out from the
rest of the district's (and the other way round), so when either is suppressed both are, with the gap
and direction that would reveal them (secondary suppression).
"""

from datetime import date

from equalchance import stats
from equalchance.scorecards.compute import LineResult, ThemeResult

SUPPRESSED = "suppressed"


def _estimate(e: stats.Estimate | None) -> dict | None:
    if e is None or e.value is None:
        return None
    return {"value": e.value, "lower": e.lower, "upper": e.upper, "method": e.method}


def _area(value) -> dict:
    return {
        "name": value.name,
        "estimate": _estimate(value.estimate),
        "numerator": value.numerator,
        "denominator": value.denominator,
        "synthetic": value.synthetic,
        "note": value.note,
    }


def _change(change) -> dict | None:
    if change is None:
        return None
    return {
        "since": change.period_label,
        "change": _estimate(change.change),
        "direction": str(change.direction),
    }


def line_data(result: LineResult) -> dict:
    indicator = result.indicator
    data = {
        "indicator": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "decimal_places": indicator.decimal_places,
        "polarity": result.polarity,
        "source": indicator.source,
        "disclosure_minimum": indicator.disclosure_minimum,
        "period": result.period_label,
        "synthetic": result.synthetic,
        "note": result.note,
    }
    if result.values is None:
        return data
    v = result.values
    data.update(
        {
            "areas": {
                key: _area(getattr(v, key))
                for key in ("target", "rest", "district", "england", "comparators")
            },
            "comparator_mean": v.comparator_mean,
            "gaps": {key: _estimate(gap) for key, gap in result.gaps.items()},
            "status": str(result.status),
            "from_previous": _change(result.from_previous),
            "from_baseline": _change(result.from_baseline),
            "trend": str(result.trend),
            "against_england": str(result.against_england),
            "gap_series": [[label, _estimate(gap)] for label, gap in result.gap_series],
        }
    )
    return data


def freeze(themes: list[ThemeResult], *, as_at: date) -> dict:
    return {
        "as_at": as_at.isoformat(),
        "themes": [
            {"name": theme.name, "lines": [line_data(line) for line in theme.lines]} for theme in themes
        ],
    }


def _small(area: dict | None, minimum: int) -> bool:
    return area is not None and area["numerator"] is not None and area["numerator"] < minimum


def suppressed(data: dict) -> dict:
    """The public version: small counts hidden, with the figures that would reveal them."""
    public = {"as_at": data["as_at"], "themes": []}
    for theme in data["themes"]:
        lines = []
        for line in theme["lines"]:
            line = {**line}
            areas = line.get("areas")
            if areas:
                areas = {
                    key: {**value, "numerator": None, "denominator": None} for key, value in areas.items()
                }
                minimum = line["disclosure_minimum"]
                if _small(line["areas"]["target"], minimum) or _small(line["areas"]["rest"], minimum):
                    for key in ("target", "rest"):
                        areas[key] = {**areas[key], "estimate": None, "note": SUPPRESSED}
                    line.update(
                        gaps={},
                        status=SUPPRESSED,
                        from_previous=None,
                        from_baseline=None,
                        gap_series=[],
                        trend=SUPPRESSED,
                        against_england=SUPPRESSED,
                    )
                line["areas"] = areas
            lines.append(line)
        public["themes"].append({"name": theme["name"], "lines": lines})
    return public
