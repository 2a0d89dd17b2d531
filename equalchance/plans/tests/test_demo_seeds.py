"""The demo's plans are the seed documents' own, loaded once, citing their documents; only progress is
synthetic and labelled so; Rotherham's eleven neighbourhoods are an approximation computed from the
shipped deprivation data, and said to be one."""

import csv
import gzip
import json
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from equalchance.plans import demo
from equalchance.plans.models import Action, ActionUpdate, Body, ElementMeasure, Plan, PlanElement

pytestmark = pytest.mark.django_db
DATA = Path(demo.__file__).parent / "data"


def counted(key: str) -> int:
    def walk(elements):
        return sum(1 + walk(e.get("children") or []) for e in elements)

    total = 0
    for path in DATA.glob("seed-*.json"):
        for spec in json.loads(path.read_text())["plans"]:
            total += walk(spec.get("elements") or []) if key == "elements" else len(spec.get(key) or [])
    return total


def test_every_plan_element_and_action_of_the_seed_files_is_loaded_once(system):
    first = demo.seeds_load(by=system)
    again = demo.seeds_load(by=system)
    assert first["plans"] == counted_plans() and again["plans"] == 0
    assert Plan.objects.count() == counted_plans()
    assert PlanElement.objects.count() == counted("elements")
    assert Action.objects.count() == counted("actions")


def counted_plans() -> int:
    return sum(len(json.loads(p.read_text())["plans"]) for p in DATA.glob("seed-*.json"))


def test_the_community_strategy_themes_are_measured_by_the_scorecard_indicators(system):
    demo.seeds_load(by=system)
    strategy = Plan.objects.get(key="solihull-community-strategy-2014-18")
    themes = strategy.elements.filter(kind__key="theme").order_by("order")
    assert [t.title for t in themes][:1] == ["Education & Skills"]
    education = themes[0]
    assert list(education.measures.values_list("indicator__code", flat=True)) == [
        "gld",
        "neet-years-12-14",
        "claimants-18-24",
    ]
    assert ElementMeasure.objects.filter(element__plan=strategy, indicator__isnull=False).count() == 11
    assert "seed 000" in strategy.source and strategy.status == "active"
    assert strategy.decisions.get().kind == "approve_plan"


def test_bodies_report_to_the_bodies_the_documents_say(system):
    demo.seeds_load(by=system)
    group = Body.objects.get(key="rotherham-disadvantaged-area-01-group")
    assert group.reports_to.key == "rotherham-cabinet"
    assert Body.objects.filter(type="thematic_group").exists()


def test_rotherhams_eleven_neighbourhoods_are_its_most_deprived_msoas_computed_independently(system):
    """Recomputed here from the shipped MHCLG file: LSOAs grouped by their MSOA name, population-weighted
    IMD 2019 score, the eleven highest."""
    path = Path(demo.__file__).parents[1] / "places" / "data" / "iod2019_lsoa11_england.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    code_col, name_col, district_col, score_col, pop_col = (
        "lsoa11cd",
        "lsoa11nm",
        "lad19cd",
        "imd_score",
        "pop_total_mid2015",
    )
    groups = defaultdict(list)
    for row in rows:
        if row[district_col] == demo.ROTHERHAM:
            groups[row[name_col][:-1].strip()].append(row)

    def weighted(members):
        people = sum(float(m[pop_col]) for m in members)
        return sum(float(m[score_col]) * float(m[pop_col]) for m in members) / people

    expected = sorted(groups, key=lambda name: (-weighted(groups[name]), name))[:11]
    areas = demo.rotherham_neighbourhoods(system)
    assert [a.name.split(" (")[0] for a in areas] == expected
    first = areas[0].versions.get()
    assert sorted(first.members.values_list("area_id", flat=True)) == sorted(
        r[code_col] for r in groups[expected[0]]
    )
    assert all(a.description.startswith("Approximation") for a in areas)


def test_rotherhams_area_plans_are_attached_to_the_neighbourhoods(system):
    demo.seeds_load(by=system)
    area_plans = Plan.objects.filter(type="area_action_plan", key__startswith="rotherham")
    assert area_plans.count() == 11
    assert area_plans.filter(priority_area__isnull=True).count() == 0
    assert len({p.priority_area_id for p in area_plans}) == 11


def test_synthetic_progress_is_labelled_and_owned_by_the_demo_owners(system, user_with_role):
    demo.seeds_load(by=system)
    owners = [user_with_role("viewer", username="viewer"), user_with_role("analyst", username="analyst")]
    posted = demo.progress_generate(owners=owners, today=date(2026, 11, 30))
    assert posted == ActionUpdate.objects.count() > 0
    assert not ActionUpdate.objects.filter(synthetic=False).exists()
    # The flag labels it wherever it shows; its words do not say it again (probe 7: "(synthetic):
    # Synthetic: made up for the demo.").
    assert not ActionUpdate.objects.filter(progress__icontains="synthetic").exists()
    assert set(ActionUpdate.objects.values_list("author__username", flat=True)) == {"viewer", "analyst"}
    assert not Action.objects.filter(owner__isnull=True).exists()
    assert demo.progress_generate(owners=owners, today=date(2026, 11, 30)) == 0  # once


def test_each_area_map_has_synthetic_community_assets_inside_its_area_labelled_so(
    system, client, user_with_role
):
    from equalchance.plans import selectors
    from equalchance.plans.models import CommunityAsset

    demo.seeds_load(by=system)
    added = demo.assets_generate()
    area_plans = Plan.objects.filter(type="area_action_plan")
    assert added == 3 * area_plans.count() and demo.assets_generate() == 0
    assert not CommunityAsset.objects.filter(synthetic=False).exists()
    planner = user_with_role("plan_editor", username="planner")
    for plan in area_plans:
        features = selectors.area_map_for(user=planner, plan=plan).layers["assets"]
        assert len(features) == 3 and all(f.name.endswith("(synthetic)") for f in features)
    for asset in CommunityAsset.objects.all():  # each inside the area whose map it is made for
        assert any(asset.lsoa_id in selectors.plan_area_codes(p) for p in area_plans)
    client.force_login(planner)
    register = client.get("/plans/assets/").content.decode()
    assert register.count('govuk-tag--yellow">Synthetic') == CommunityAsset.objects.count()


def test_synthetic_progress_keeps_the_date_first_agreed_and_leaves_no_ended_plan_running_years_on(
    system, user_with_role
):
    from datetime import timedelta

    from equalchance.plans import selectors

    demo.seeds_load(by=system)
    owners = [user_with_role("viewer", username="viewer")]
    today = date(2026, 11, 30)
    demo.progress_generate(owners=owners, today=today)
    moved = Action.objects.filter(updates__revised_due__isnull=False).distinct()
    assert moved.exists() and not moved.filter(original_due__isnull=True).exists()
    for action in moved:  # a moved date shows as slippage
        assert (
            selectors.action_row(action, today=today).result.slippage_days
            == (action.due - action.original_due).days
            != 0
        )
    # A plan long ended is not re-planned into next year: its moved dates move by a year at most (its
    # own published dates stand as published).
    ended = moved.filter(plan__period_end__lt=today - timedelta(days=365))
    assert ended.exists()
    for action in ended:
        assert action.due <= action.original_due + timedelta(days=366), action.title
