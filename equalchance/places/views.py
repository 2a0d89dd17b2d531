"""Pages for places and deprivation. Thin: they read the request, call selectors/services, render."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from equalchance.accounts.permissions import user_can
from equalchance.places import change, maps, profiles, selectors, services
from equalchance.places.domains import (
    DECILE_COLOURS,
    DOMAIN_LABELS,
    MEASURE_HELP,
    MEASURE_LABELS,
    SUMMARY_MEASURES,
)
from equalchance.places.exports import (
    SUMMARY_COLUMNS,
    csv_response,
    summaries_json,
    summary_csv_rows,
    summary_source,
)
from equalchance.places.forms import PriorityAreaCreateForm, PriorityAreaVersionForm, partnership_districts
from equalchance.places.models import Area, AreaLevel, PriorityArea


def _require(request, capability: str) -> None:
    if not user_can(request.user, capability):
        raise PermissionDenied("Your role cannot open this page.")


def _require_view(request) -> None:
    """places.view for every page; places.export as well for a download (?format=csv or json)."""
    _require(request, "places.view")
    if request.GET.get("format") in {"csv", "json"}:
        _require(request, "places.export")


def _choice(request, name: str, allowed, default):
    value = request.GET.get(name, default)
    allowed = [str(a) for a in allowed]
    return value if value in allowed else str(default)


# IoD2025 is the current release: every page opens on it unless another is asked for.
DEFAULT_RELEASE = 2025


def _release(request, default: int = DEFAULT_RELEASE) -> int:
    years = [r.year for r in selectors.releases()]
    if not years:
        raise Http404("No deprivation data is loaded. Run `equalchance load-open-data`.")
    return int(_choice(request, "release", years, default if default in years else years[-1]))


def _district(code: str) -> Area:
    try:
        return selectors.district_get(code)
    except Area.DoesNotExist:
        raise Http404(f"No district has the code {code}") from None


def _summary_table(rows, missing=()):
    """[(domain, label, [measure rows])] in File 10's order. `missing` (computed summaries only): the
    measures that cannot be computed, shown as rows that say why rather than left out silently."""
    table = {}
    for row in rows:
        table.setdefault(row.domain, {})[row.measure] = {
            "measure": row.measure,
            "label": MEASURE_LABELS[row.measure],
            "help": MEASURE_HELP[row.measure],
            "value": row.display,
            "rank": row.rank,
            "of": row.ranked_among,
        }
    for gap in missing:
        if gap.domain in table:
            table[gap.domain][gap.measure] = {
                "measure": gap.measure,
                "label": MEASURE_LABELS[gap.measure],
                "help": MEASURE_HELP[gap.measure],
                "missing": gap.why,
            }
    return [
        (
            domain,
            DOMAIN_LABELS[domain],
            [table[domain][m] for m in SUMMARY_MEASURES[domain] if m in table[domain]],
        )
        for domain in SUMMARY_MEASURES
        if domain in table
    ]


def _release_context(release: int) -> dict:
    """What every page showing a release says about it."""
    chosen = selectors.release_get(release)
    return {"release": release, "release_obj": chosen, "releases": selectors.releases()}


def district_list(request):
    _require_view(request)
    release = _release(request)
    rows = selectors.deprivation_summaries(release=release, level=AreaLevel.DISTRICT)
    if request.GET.get("format") == "csv":
        return csv_response(f"district-summaries-iod{release}.csv", SUMMARY_COLUMNS, summary_csv_rows(rows))
    if request.GET.get("format") == "json":
        return JsonResponse(summaries_json(rows, release=selectors.release_get(release)))
    imd = {}
    for row in rows:
        if row.domain == "imd":
            imd.setdefault(row.area_code, {"code": row.area_code, "name": row.area_name})[row.measure] = row
    measures = [m for m in SUMMARY_MEASURES["imd"] if any(m in d for d in imd.values())]
    sort = _choice(request, "sort", ["name", *measures], measures[0] if measures else "name")
    districts = sorted(imd.values(), key=lambda d: d["name"] if sort == "name" else (d[sort].rank, d["name"]))
    return render(
        request,
        "places/district_list.html",
        {
            **_release_context(release),
            "districts": [{**d, "cells": [(d[m].display, d[m].rank) for m in measures]} for d in districts],
            "measures": [(m, MEASURE_LABELS[m]) for m in measures],
            "sort": sort,
            "published": selectors.summaries_are_published(release=release, level=AreaLevel.DISTRICT),
            "ranked_among": rows[0].ranked_among if rows else 0,
            "domains": [DOMAIN_LABELS[d] for d in SUMMARY_MEASURES if any(r.domain == d for r in rows)],
        },
    )


def district_profile(request, code: str):
    _require_view(request)
    district = _district(code)
    release = _release(request)
    rows = selectors.area_summaries(release=release, level=AreaLevel.DISTRICT, code=code)
    if request.GET.get("format") == "csv":
        return csv_response(f"{code}-summaries-iod{release}.csv", SUMMARY_COLUMNS, summary_csv_rows(rows))
    if request.GET.get("format") == "json":
        return JsonResponse(summaries_json(rows, release=selectors.release_get(release)))
    lsoas = selectors.lsoas_in_district(release=release, district=code)
    deciles = [0] * 10
    for lsoa in lsoas:
        if lsoa.deciles.get("imd"):
            deciles[lsoa.deciles["imd"] - 1] += 1
    population = sum(lsoa.population for lsoa in lsoas) if lsoas and lsoas[0].population is not None else None
    published = selectors.summaries_are_published(release=release, level=AreaLevel.DISTRICT)
    return render(
        request,
        "places/district_profile.html",
        {
            "district": district,
            **_release_context(release),
            "published": published,
            "summary": _summary_table(rows, () if published else selectors.measures_not_computed(release)),
            "lsoa_count": len(lsoas),
            "population": population,
            "decile_counts": [(i + 1, n, DECILE_COLOURS[i]) for i, n in enumerate(deciles)],
            "max_decile_count": max(deciles) or 1,
            "most_deprived": lsoas[:10],
            "priority_areas": selectors.priority_areas_for(districts=[code]),
            "can_manage": user_can(request.user, "priority_areas.manage"),
        },
    )


def area_profile(request, code: str):
    """A neighbourhood's (LSOA's) or a ward's deprivation profile in one release."""
    _require_view(request)
    area = get_object_or_404(Area, code=code, level__in=[AreaLevel.LSOA, AreaLevel.WARD, AreaLevel.DISTRICT])
    if area.level == AreaLevel.DISTRICT:
        return redirect("places:district-profile", code=code)
    release = _release(request)
    context = {"area": area, **_release_context(release)}
    if area.level == AreaLevel.LSOA:
        lsoa = selectors.lsoa_in_release(release=release, code=code)
        context.update(
            lsoa=lsoa,
            domain_rows=[
                (DOMAIN_LABELS.get(domain, domain), rank, lsoa.deciles.get(domain))
                for domain, rank in (lsoa.ranks.items() if lsoa else [])
                if rank
            ],
            of=selectors.lsoa_frame(release).codes.size,
            held_in=selectors.releases_holding(code),
        )
    else:
        lsoas = selectors.lsoas_in_ward(release=release, ward=code)
        rows = selectors.area_summaries(release=release, level=AreaLevel.WARD, code=code)
        context.update(
            lsoas=lsoas,
            summary=_summary_table(rows, selectors.measures_not_computed(release)) if rows else None,
        )
    return render(request, "places/area_profile.html", context)


def district_areas(request, code: str):
    _require_view(request)
    district = _district(code)
    release = _release(request)
    domains = selectors.domains_in_release(release)
    level = _choice(request, "level", [AreaLevel.LSOA, AreaLevel.WARD], AreaLevel.LSOA)
    domain = _choice(request, "domain", domains, "imd")
    max_decile = int(_choice(request, "max_decile", range(1, 11), 10))
    ward_filter = request.GET.get("ward", "")
    notice = ""
    if level == AreaLevel.WARD and not selectors.ward_ranking_available(release=release, domain=domain):
        if selectors.release_has_population(release):
            notice = (
                "Wards are ranked on the population-weighted average rank of a domain, as MHCLG summarises "
                f"districts; MHCLG gives no such summary of {DOMAIN_LABELS[domain]}, so LSOAs are shown "
                "instead."
            )
        else:
            notice = (
                "Wards are ranked on the population-weighted average rank, which needs population "
                f"denominators. IoD{release} as held here has none (MHCLG's LSOA populations are in open "
                "data here only for IoD2019), so LSOAs are shown instead. Each ward's share of LSOAs in the "
                "most deprived 10% is on the command line (equalchance deprivation summaries --level ward)."
            )
        level = AreaLevel.LSOA
    areas = selectors.ranked_areas(release=release, district=code, level=level, domain=domain)
    ward_options = sorted(
        {(a.get("ward_code"), a["ward_name"]) for a in areas if a.get("ward_code")}, key=lambda w: w[1]
    )
    areas = [a for a in areas if (a["decile"] or 11) <= max_decile]
    if ward_filter and level == AreaLevel.LSOA:
        areas = [a for a in areas if a.get("ward_code") == ward_filter]
    sort = _choice(request, "sort", ["rank", "name", "code"], "rank")
    areas.sort(key=lambda a: (a[sort] if a[sort] is not None else 10**9, a["code"]))
    if request.GET.get("format") == "csv":
        header = [
            "area_code",
            "area_name",
            "level",
            "domain",
            "national_rank",
            "ranked_among",
            "national_decile",
            "score",
            "ward_name",
            "population",
        ]
        return csv_response(
            f"{code}-{level}s-{domain}-iod{release}.csv",
            header,
            (
                [
                    a["code"],
                    a["name"],
                    level,
                    domain,
                    a["rank"],
                    a["of"],
                    a["decile"],
                    a["score"],
                    a["ward_name"],
                    a["population"] if a["population"] is not None else "",
                ]
                for a in areas
            ),
        )
    query = request.GET.copy()
    query["format"] = "csv"
    return render(
        request,
        "places/district_areas.html",
        {
            "district": district,
            **_release_context(release),
            "level": level,
            "domain": domain,
            "domain_label": DOMAIN_LABELS[domain],
            "domains": [(d, DOMAIN_LABELS[d]) for d in domains],
            "max_decile": max_decile,
            "ward_filter": ward_filter,
            "ward_options": ward_options,
            "sort": sort,
            "areas": areas,
            "features": maps.choropleth_geojson(areas, selectors.release_get(release).geography),
            "legend": maps.legend(),
            "csv_query": query.urlencode(),
            "notice": notice,
        },
    )


def district_change(request, code: str):
    _require_view(request)
    district = _district(code)
    pairs = [("2015", "2019"), ("2019", "2025")]
    pair = _choice(request, "compare", ["-".join(p) for p in pairs], "2019-2025").split("-")
    before, after = int(pair[0]), int(pair[1])
    lsoas = selectors.lsoas_in_district(release=2019, district=code)
    names = {lsoa.code: (lsoa.name, lsoa.ward_code, lsoa.ward_name) for lsoa in lsoas}
    changes = change.lsoa_changes(lsoa_codes=[lsoa.code for lsoa in lsoas], before=before, after=after)
    wards = change.changes_by_group(changes, group_of={code: ward for code, (_, _, ward) in names.items()})
    district_total = change.group_change(name=district.name, changes=changes)
    if request.GET.get("format") == "csv":
        header = [
            "lsoa11_code",
            "lsoa_name",
            "ward_name",
            f"rank_{before}",
            f"decile_{before}",
            "successor_codes",
            f"rank_{after}",
            f"decile_{after}",
            "change_in_lookup",
            "one_to_one",
            "decile_change",
        ]
        return csv_response(
            f"{code}-change-iod{before}-iod{after}.csv",
            header,
            (
                [
                    c.code,
                    names[c.code][0],
                    names[c.code][2],
                    c.before.rank,
                    c.before.decile,
                    " ".join(p.code for p in c.after),
                    " ".join(str(p.rank) for p in c.after),
                    " ".join(str(p.decile) for p in c.after),
                    c.change_type or "same LSOA",
                    c.one_to_one,
                    "" if c.decile_change is None else c.decile_change,
                ]
                for c in changes
            ),
        )
    return render(
        request,
        "places/district_change.html",
        {
            "district": district,
            "before": before,
            "after": after,
            "pairs": pairs,
            "compare": f"{before}-{after}",
            "rows": [(c, *names[c.code]) for c in sorted(changes, key=lambda c: c.before.rank)],
            "wards": wards,
            "district_total": district_total,
            "cross_geography": (before, after) == (2019, 2025),
        },
    )


# ---------------------------------------------------------------------------------------------------
# Priority areas


def priority_area_list(request):
    _require_view(request)
    districts = list(partnership_districts())
    return render(
        request,
        "places/priority_area_list.html",
        {
            "districts": districts,
            "priority_areas": selectors.priority_areas_for(
                districts=[d.code for d in districts]
            ).prefetch_related("versions"),
            "can_manage": user_can(request.user, "priority_areas.manage"),
        },
    )


def _definition_choices(district: Area) -> dict:
    wards = selectors.wards_in_district(release=2019, district=district.code)
    lsoas = selectors.lsoas_in_district(release=2019, district=district.code)
    return {
        "ward_choices": [(w.code, f"{w.name} ({w.code})") for w in sorted(wards, key=lambda w: w.name)],
        "lsoa_choices": [
            (lsoa.code, f"{lsoa.name} ({lsoa.code}), {lsoa.ward_name}, decile {lsoa.deciles['imd']}")
            for lsoa in lsoas
        ],
    }


def priority_area_create(request, code: str):
    if not user_can(request.user, "priority_areas.manage"):
        raise PermissionDenied("Only analysts and administrators can define priority areas.")
    district = _district(code)
    form = PriorityAreaCreateForm(request.POST or None, **_definition_choices(district))
    if request.method == "POST" and form.is_valid():
        try:
            priority_area = services.priority_area_create(
                name=form.cleaned_data["name"],
                district=district,
                description=form.cleaned_data["description"],
                by=request.user,
                **form.definition(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Priority area {priority_area.name} created")
            return redirect("places:priority-area-detail", pk=priority_area.pk)
    return render(
        request, "places/priority_area_form.html", {"form": form, "district": district, "creating": True}
    )


def priority_area_version_create(request, pk: int):
    if not user_can(request.user, "priority_areas.manage"):
        raise PermissionDenied("Only analysts and administrators can change priority areas.")
    priority_area = get_object_or_404(PriorityArea, pk=pk)
    form = PriorityAreaVersionForm(request.POST or None, **_definition_choices(priority_area.district))
    if request.method == "POST" and form.is_valid():
        try:
            version = services.priority_area_version_create(
                priority_area=priority_area,
                by=request.user,
                note=form.cleaned_data["note"],
                **form.definition(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Version {version.number} of {priority_area.name} saved")
            return redirect("places:priority-area-detail", pk=priority_area.pk)
    return render(
        request,
        "places/priority_area_form.html",
        {"form": form, "district": priority_area.district, "priority_area": priority_area, "creating": False},
    )


def priority_area_detail(request, pk: int):
    _require_view(request)
    priority_area = get_object_or_404(PriorityArea.objects.select_related("district"), pk=pk)
    versions = list(priority_area.versions.select_related("created_by"))
    if not versions:  # made outside the services (which always write version 1): nothing to show
        raise Http404("This priority area has no definition")
    number = int(_choice(request, "version", [v.number for v in versions], versions[0].number))
    version = next(v for v in versions if v.number == number)
    release = _release(request)
    profile = profiles.priority_area_profile(priority_area=priority_area, version=version, release=release)
    if request.GET.get("format") == "csv":
        return csv_response(
            f"priority-area-{priority_area.pk}-v{version.number}-iod{release}.csv",
            [
                "area",
                "domain",
                "measure",
                "value",
                "equivalent_rank_among_districts",
                "districts_ranked",
                "source",
            ],
            (
                [name, r.domain, r.measure, Decimal(r.display), r.rank, r.ranked_among, summary_source(r)]
                for name, rows in profile.summaries
                for r in rows
            ),
        )
    return render(
        request,
        "places/priority_area_detail.html",
        {
            "priority_area": priority_area,
            "version": version,
            "versions": versions,
            **_release_context(release),
            "can_manage": user_can(request.user, "priority_areas.manage"),
            "profile": profile,
            "summary_tables": [
                (name, _summary_table(rows, profile.missing)) for name, rows in profile.summaries
            ],
            "version_param": [("version", version.number)],
            "map_domain": f"IMD {release}",
            "legend": maps.legend(),
            "features": maps.choropleth_geojson(
                [
                    {"code": lsoa.code, "name": lsoa.name, "decile": lsoa.deciles.get("imd")}
                    for lsoa in profile.member_rows
                ],
                profile.geography,
            ),
        },
    )
