"""An area action plan's baseline (seed 001: "a clear understanding of the area; a baseline"): the
priority area's deprivation profile and its scorecard values, frozen on the day the plan is approved,
and the same measures now, so progress is read against what was known then."""

from equalchance.places.domains import DOMAIN_LABELS, MEASURE_LABELS
from equalchance.places.profiles import priority_area_profile

RELEASE = 2025  # the current Indices of Deprivation (the places pages' default)
# The summary measures an area's baseline keeps: the ones a board reads.
KEPT = {("imd", "average_score"), ("imd", "proportion_most_deprived_10pc"), ("income", "average_score")}


def area_measures(plan, *, release: int = RELEASE) -> dict:
    """The area's measures as they stand: JSON, as a baseline keeps them."""
    area = plan.priority_area
    version = area.versions.order_by("-pk").first() if area else None
    if version is None:
        return {"area": area.name if area else None, "release": release, "deprivation": [], "scorecard": []}
    profile = priority_area_profile(priority_area=area, version=version, release=release)
    rows = []
    decile = profile.decile_profile[0]
    rows.append(
        {
            "key": "imd-decile-1",
            "label": f"Share of {'people' if profile.by_population else 'LSOAs'} in England's most deprived "
            "10% (Index of Multiple Deprivation)",
            "value": round(100 * decile.shares[0], 1),
            "unit": "%",
            "worse_when": "higher",
        }
    )
    for _, summaries in profile.summaries[:1]:  # the area itself
        for row in summaries:
            if (row.domain, row.measure) in KEPT:
                share = row.measure == "proportion_most_deprived_10pc"  # MHCLG gives it as 0 to 1
                rows.append(
                    {
                        "key": f"{row.domain}-{row.measure}",
                        "label": f"{DOMAIN_LABELS.get(row.domain, row.domain)}: "
                        f"{MEASURE_LABELS[row.measure].lower()}",
                        "value": round(100 * row.value, 1) if share else row.value,
                        "unit": "%" if share else "",
                        "worse_when": "higher",
                    }
                )
    return {
        "area": area.name,
        "version": version.pk,
        "lsoas": decile.lsoas,
        "population": decile.population,
        "release": release,
        "deprivation": rows,
        "scorecard": _scorecard_lines(plan),
    }


def _scorecard_lines(plan) -> list[dict]:
    """The scorecard whose target is the plan's area, if there is one: each line's value in the area
    and its gap with the rest of the district, as measured."""
    from equalchance.scorecards.compute import partnership_scorecards
    from equalchance.scorecards.selectors import scorecard_results

    card = partnership_scorecards().filter(target=plan.priority_area).order_by("pk").first()
    if card is None:
        return []
    lines = []
    for theme in scorecard_results(scorecard=card):
        for line in theme.lines:
            target = line.values.target.estimate.value if line.values else None
            gap = line.differences.get("rest")
            lines.append(
                {
                    "key": line.indicator.code,
                    "label": line.indicator.name,
                    "period": line.period_label,
                    "value": target,
                    "gap": gap.value if gap else None,
                    "unit": line.indicator.unit or "",
                    "synthetic": line.synthetic,
                }
            )
    return lines


def progress(baseline: dict, now: dict) -> list[dict]:
    """Each measure at baseline and now, with the change; a measure missing on either side says so."""
    rows = []
    for part in ("deprivation", "scorecard"):
        current = {row["key"]: row for row in now.get(part, [])}
        for row in baseline.get(part, []):
            later = current.get(row["key"])
            before, after = row.get("value"), (later or {}).get("value")
            change = None if before is None or after is None else round(after - before, 3)
            rows.append(
                {
                    "part": part,
                    "label": row["label"],
                    "unit": row.get("unit", ""),
                    "before": before,
                    "after": after,
                    "before_period": row.get("period") or f"IoD{baseline.get('release')}",
                    "after_period": (later or {}).get("period") or f"IoD{now.get('release')}",
                    "change": change,
                    "same_data": (later or {}).get("period", now.get("release"))
                    == row.get("period", baseline.get("release")),
                    "synthetic": row.get("synthetic") or (later or {}).get("synthetic", False),
                }
            )
    return rows
