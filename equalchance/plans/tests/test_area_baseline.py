"""An area action plan's approval freezes its area's measures (its baseline); the progress page reads
later measures against it. Values are checked against the shipped MHCLG file, computed here apart."""

import csv
import gzip
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from equalchance.places import services as places_services
from equalchance.places.models import Area
from equalchance.plans import baselines, services
from equalchance.plans.models import PlanBaseline
from equalchance.plans.tests.factories import plan_make

pytestmark = pytest.mark.django_db
IOD2019 = Path(baselines.__file__).parents[1] / "places" / "data" / "iod2019_lsoa11_england.csv.gz"


def solihull_rows():
    with gzip.open(IOD2019, "rt", encoding="utf-8-sig") as handle:
        return [row for row in csv.DictReader(handle) if row["lad19cd"] == "E08000029"]


@pytest.fixture
def area_plan(planner, system):
    rows = sorted(solihull_rows(), key=lambda r: int(r["imd_rank"]))[:12]  # Solihull's 12 most deprived
    area = places_services.priority_area_create(
        name="North Solihull test area",
        district=Area.objects.get(code="E08000029"),
        description="",
        method="lsoas",
        codes=[r["lsoa11cd"] for r in rows],
        by=system,
    )
    return plan_make(by=planner, title="North area plan", type="area_action_plan", priority_area=area), rows


def test_the_share_of_people_in_the_most_deprived_decile_matches_the_published_file(area_plan):
    plan, rows = area_plan
    people = sum(float(r["pop_total_mid2015"]) for r in rows)
    in_decile_1 = sum(float(r["pop_total_mid2015"]) for r in rows if r["imd_decile"] == "1")
    measures = baselines.area_measures(plan, release=2019)
    (share,) = [m for m in measures["deprivation"] if m["key"] == "imd-decile-1"]
    assert share["value"] == round(100 * in_decile_1 / people, 1)
    assert measures["lsoas"] == 12


def test_approving_an_area_plan_freezes_its_baseline_and_later_approval_keeps_the_first(area_plan, planner):
    plan, _ = area_plan
    assert not PlanBaseline.objects.exists()
    services.plan_status_change(
        by=planner,
        plan=plan,
        status="approved",
        decision_text="Cabinet, minute 7",
        decided_on=date(2026, 6, 20),
    )
    first = plan.baselines.get()
    assert first.frozen_on == date(2026, 6, 20) and first.decision.kind == "approve_plan"
    assert {m["key"] for m in first.data["deprivation"]} >= {
        "imd-decile-1",
        "imd-proportion_most_deprived_10pc",
    }
    services.plan_status_change(by=planner, plan=plan, status="under_review")
    services.plan_status_change(
        by=planner, plan=plan, status="approved", decision_text="Refreshed", decided_on=date(2026, 11, 1)
    )
    assert plan.baselines.count() == 2 and plan.baselines.first().decision.kind == "rebaseline_plan"
    assert PlanBaseline.objects.get(pk=first.pk).data == first.data  # the first is kept as it was


def test_the_progress_page_reads_now_against_the_frozen_baseline(client, area_plan, planner):
    plan, _ = area_plan
    services.plan_status_change(
        by=planner,
        plan=plan,
        status="approved",
        decision_text="Cabinet, minute 7",
        decided_on=date(2026, 6, 20),
    )
    baseline = plan.baselines.get()
    baseline.data["deprivation"][0]["value"] = 99.0  # as if the area had been worse when frozen
    baseline.save()
    client.force_login(planner)
    page = client.get(reverse("plans:area-baseline", args=[plan.pk])).content.decode()
    assert "20 June 2026" in page and "99.0%" in page
    assert "No newer data yet" in page  # the same release then and now: no change is claimed


def test_a_plan_not_for_an_area_has_no_baseline_page(client, plan, planner):
    client.force_login(planner)
    assert client.get(reverse("plans:area-baseline", args=[plan.pk])).status_code == 404
