"""The demo's measures: the Early Help Strategy's examples as definitions, one per quadrant of RBA at
least, with synthetic values labelled synthetic, entered, approved and queued by the people the demo
names; loaded once."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from equalchance.performance import demo, selectors
from equalchance.performance.models import Measure, MeasureValue, Programme, Result

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 30)


@pytest.fixture
def people(user_with_role):
    return {
        "owner": user_with_role("plan_editor", username="planner"),
        "enterer": user_with_role("viewer", username="viewer"),
        "approver": user_with_role("analyst", username="analyst"),
    }


def specs() -> list[dict]:
    return [json.loads(path.read_text()) for path in demo.DATA_FILES]


def test_the_seeds_measures_load_once_with_synthetic_values_in_every_quadrant(people):
    added = demo.measures_load(by=people["owner"], **people, today=TODAY)
    seeds = specs()
    assert added["measures"] == sum(len(s["measures"]) for s in seeds) == Measure.objects.count() == 22
    assert Result.objects.count() == 3 + 1 and Programme.objects.count() == 6 + 4
    assert {m.quadrant for m in Measure.objects.all()} == set(Measure.Quadrant)
    assert Measure.objects.filter(category="better_off").count() == 4 + 1
    assert not Measure.objects.filter(synthetic=False).exists()
    assert not MeasureValue.objects.filter(synthetic=False).exists()
    # Eight quarters of the Early Help Strategy's, the latest due by today (Q2 2026/27 ends 30 September,
    # due 30 October); twelve months of the Children & Skills plan's, the latest October 2026.
    early_help = MeasureValue.objects.filter(measure__code__startswith="EH-")
    assert early_help.order_by("-period_start").first().period_start == date(2026, 7, 1)
    assert early_help.count() == 8 * 14
    children_skills = MeasureValue.objects.filter(measure__code__startswith="CS-")
    assert children_skills.order_by("-period_start").first().period_start == date(2026, 9, 1)
    assert children_skills.order_by("period_start").first().period_start == date(2025, 10, 1)
    assert children_skills.count() == 12 * 8 and added["values"] == 8 * 14 + 12 * 8
    # All approved by the approver but the latest of two measures, which waits in the queue.
    queue = selectors.approvals_waiting_for(user=people["approver"])
    assert sorted(v.measure.code for v in queue) == list(demo.QUEUED) == ["EH-M5", "EH-M6"]
    assert {v.period_start for v in queue} == {date(2026, 7, 1)}
    assert not MeasureValue.objects.filter(status="approved").exclude(approved_by=people["approver"]).exists()
    assert demo.measures_load(by=people["owner"], **people, today=TODAY) == {
        "results": 0,
        "programmes": 0,
        "measures": 0,
        "values": 0,
    }


def test_the_public_list_shows_the_demo_measures_with_their_synthetic_label_and_statuses(client, people):
    demo.measures_load(by=people["owner"], **people, today=TODAY)
    page = client.get(reverse("performance:list")).content.decode()
    assert "Customer satisfaction rates with: Parenting programmes" in page
    assert "have made-up values, for the demo" in page and page.count("Synthetic") >= 14
    assert any(
        words in page for words in ("Green: on or better than target", "Amber:", "Red: worse than target")
    )
    # The year's last quarter has its target, so the year-end forecast of a measure with targets is judged.
    w1 = Measure.objects.get(code="EH-W1")
    assert w1.targets.filter(period_start=date(2027, 1, 1), value=90).exists()
    assert "in Q4 2026/27" in page  # a quarterly level, not a year's total (probe finding)
    # One measure's report card tells the turn-the-curve talk, cleared, labelled synthetic.
    card = client.get(
        reverse("performance:card", args=[Measure.objects.get(code="EH-W2").pk])
    ).content.decode()
    assert (
        "Synthetic, for the demo. Satisfaction stays well below the target of 90%" in card
        and "This entry is made up, for the demo." in card
    )


def test_the_command_loads_the_measures_and_says_so_and_refuses_nothing_without_its_people(people):
    out = io.StringIO()
    call_command("performance", "load-demo", stdout=out)
    assert "Measures added: 22" in out.getvalue() and "labelled synthetic" in out.getvalue()


def test_without_the_demo_people_the_command_adds_nothing():
    out = io.StringIO()
    call_command("performance", "load-demo", stdout=out)
    assert "no measures loaded" in out.getvalue() and not Measure.objects.exists()


def test_the_children_and_skills_measures_are_monthly_and_attach_to_the_plan_the_plans_demo_loaded(people):
    from equalchance.accounts.services import system_actor
    from equalchance.plans.demo import seeds_load

    seeds_load(by=system_actor())
    demo.measures_load(by=people["owner"], **people, today=TODAY)
    send = Measure.objects.get(code="CS-S1")
    assert (send.frequency, send.plan_element.code) == ("monthly", "1.c")
    assert send.plan_element.plan.title == "Children & Skills Business Plan 2014-17 (refresh August 2015)"
    assert "Convert all SEN statements" in send.definition and "synthetic" in send.source
    assert send.targets.filter(decision__text__startswith="Synthetic").count() >= 12
    sickness = Measure.objects.get(code="CS-W3")
    assert (sickness.polarity, sickness.unit, sickness.decimal_places) == ("lower_better", "days", 2)
    assert all(5 <= v <= 14 for v in sickness.values.values_list("value", flat=True))
    assert Programme.objects.get(name="SEND 0 to 25 service").plan_elements.get().code == "1.c"
    assert not Measure.objects.filter(plan_element=None).exclude(code__startswith="EH-FB").exists()


def test_the_exception_report_narrowed_to_the_early_help_strategy_lists_its_measures(client, people):
    """Probe finding: narrowed to the strategy it said no measure needed attention, and listed goal 4 as
    measured by nothing, because the demo's measures were attached to no part of a plan."""
    from equalchance.accounts.services import system_actor
    from equalchance.plans.demo import seeds_load
    from equalchance.plans.models import Plan

    seeds_load(by=system_actor())
    demo.measures_load(by=people["owner"], **people, today=TODAY)
    strategy = Plan.objects.get(title="Solihull's Early Help Strategy 2014 – 2016")
    assert Measure.objects.get(code="EH-M4").plan_element.code == "4"
    listed = [
        row
        for row in selectors.standings(
            user=people["owner"], today=TODAY, measures=Measure.objects.filter(plan_element__plan=strategy)
        )
        if row.standing.exceptions
    ]
    page = client.get(reverse("performance:exceptions"), {"plan": strategy.pk}).content.decode()
    assert listed and all(row.measure.code.startswith("EH-") for row in listed)
    assert f"Measures ({len(listed)})" in page and "No measure needs attention" not in page
    not_measured = page[page.index("Not measured (") :]
    assert "Strengthen community peer support and volunteering" not in not_measured


def test_the_demo_programmes_serve_the_partnerships_district_when_its_area_is_loaded(people, settings):
    """Probe 8: every demo programme said "Area: Not recorded", though the seeds are the district's."""
    from equalchance.places.models import Area

    district, _ = Area.objects.get_or_create(
        code=settings.EQUALCHANCE_DISTRICTS[0], defaults={"name": "Solihull", "level": "district"}
    )
    assert district.level == "district"
    demo.measures_load(by=people["owner"], **people, today=TODAY)
    assert set(Programme.objects.values_list("area", flat=True)) == {district.code}
