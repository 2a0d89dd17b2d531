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
        "direction": change.words or str(change.direction),
    }


def line_data(result: LineResult) -> dict:
    indicator = result.indicator
    data = {
        "indicator": indicator.code,
        "name": indicator.name,
        "unit": indicator.unit,
        "decimal_places": indicator.decimal_places,
        "value_type": indicator.value_type,
        "polarity": result.polarity,
        "source": indicator.source,
        "disclosure_minimum": indicator.disclosure_minimum,
        "period": result.period_label,
        "period_end": result.period_end.isoformat() if result.period_end else None,
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
            "status": result.status_words,
            "orientation": result.orientation,
            "from_previous": _change(result.from_previous),
            "from_baseline": _change(result.from_baseline),
            "trend": str(result.trend),
            "against_england": str(result.against_england),
            "against_rest": str(result.against_rest),
            "gap_series": [[label, _estimate(gap)] for label, gap in result.gap_series],
        }
    )
    return data


def freeze(themes: list[ThemeResult], *, as_at: date) -> dict:
    data = {
        "as_at": as_at.isoformat(),
        "themes": [
            {"name": theme.name, "lines": [line_data(line) for line in theme.lines]} for theme in themes
        ],
    }
    latest = data_up_to(data)
    data["data_up_to"] = latest.isoformat() if latest else None
    return data


def data_up_to(data: dict, *, period_ends: dict[tuple[str, str], date] | None = None) -> date | None:
    """The end of the latest period the data holds: what "data up to" means, never the reporting date
    asked for. Lines frozen before their period's end was kept are looked up in `period_ends`, by
    (indicator code, period label)."""
    ends = []
    for theme in data["themes"]:
        for line in theme["lines"]:
            if not line.get("period"):
                continue
            if line.get("period_end"):
                ends.append(date.fromisoformat(line["period_end"]))
            elif period_ends and (line["indicator"], line["period"]) in period_ends:
                ends.append(period_ends[(line["indicator"], line["period"])])
    return max(ends, default=None)


def _small(area: dict | None, minimum: int) -> bool:
    return area is not None and area["numerator"] is not None and area["numerator"] < minimum


def suppressed(data: dict) -> dict:
    """The public version: small counts hidden, with the figures that would reveal them."""
    public = {**{k: v for k, v in data.items() if k != "themes"}, "themes": []}
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
                        against_rest=SUPPRESSED,
                    )
                line["areas"] = areas
            lines.append(line)
        public["themes"].append({"name": theme["name"], "lines": lines})
    return public


def _orientation(line: dict) -> int:
    """How a line's raw gaps were turned: as frozen, or (snapshots frozen before it was kept) from the
    sign of the target minus the rest against the sign of the gap shown."""
    if line.get("orientation") in (1, -1):
        return line["orientation"]
    areas, gap = line.get("areas") or {}, (line.get("gaps") or {}).get("rest") or {}
    target = ((areas.get("target") or {}).get("estimate") or {}).get("value")
    rest = ((areas.get("rest") or {}).get("estimate") or {}).get("value")
    if target is None or rest is None or not gap.get("value"):
        return 1
    return -1 if (target - rest) * gap["value"] < 0 else 1


def _turned_back(estimate: dict | None, sign: int) -> dict | None:
    if not estimate or sign > 0:
        return estimate

    def minus(key):
        return None if estimate.get(key) is None else -estimate[key]

    return {**estimate, "value": minus("value"), "lower": minus("upper"), "upper": minus("lower")}


def worded(data: dict) -> dict:
    """Frozen data as pages and files show it: `differences` and `difference_series` are the target
    minus each comparator as measured (the frozen gaps turned back by the line's orientation), and
    every status and direction is in the words stats.gap_wording and stats.direction_wording give.
    Snapshots frozen before those words existed called a measure with no judgement "significantly
    worse" or "reversed"; the figures are as published, the words are put right. Words already right
    are left as they are."""
    statuses = {s.value for s in stats.GapStatus}
    themes = []
    for theme in data["themes"]:
        lines = []
        for line in theme["lines"]:
            sign = _orientation(line)
            line = {
                **line,
                "orientation": sign,
                "differences": {k: _turned_back(g, sign) for k, g in (line.get("gaps") or {}).items()},
                "difference_series": [
                    [label, _turned_back(g, sign)] for label, g in line.get("gap_series") or []
                ],
            }
            polarity = line.get("polarity") or stats.Polarity.NO_JUDGEMENT
            if polarity not in {p.value for p in stats.Polarity}:
                lines.append(line)
                continue
            if line.get("status") in statuses:
                status = line["status"]
                line["status"] = stats.gap_wording(status, polarity, sign)
                if "against_rest" not in line:
                    line["against_rest"] = str(stats.gap_comparison(status, polarity, sign))
            for key in ("from_previous", "from_baseline"):
                change = line.get(key)
                if change and change.get("direction") in {d.value for d in stats.Direction}:
                    line[key] = {
                        **change,
                        "direction": stats.direction_wording(change["direction"], polarity),
                    }
            lines.append(line)
        themes.append({**theme, "lines": lines})
    return {**data, "themes": themes}
