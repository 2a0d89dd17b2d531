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


def test_the_seeds_measures_load_once_with_synthetic_values_in_every_quadrant(people):
    added = demo.measures_load(by=people["owner"], **people, today=TODAY)
    spec = json.loads(demo.DATA.read_text())
    assert added["measures"] == len(spec["measures"]) == Measure.objects.count()
    assert Result.objects.count() == 3 and Programme.objects.count() == 6
    assert {m.quadrant for m in Measure.objects.all()} >= {"quantity_of_effort", "quality_of_effort"}
    assert Measure.objects.filter(category="better_off").count() == 4
    assert not Measure.objects.filter(synthetic=False).exists()
    assert not MeasureValue.objects.filter(synthetic=False).exists()
    # Eight quarters each, the latest due by today (Q2 2026/27 ends 30 September, due 30 October).
    latest = MeasureValue.objects.order_by("-period_start").first()
    assert latest.period_start == date(2026, 7, 1) and MeasureValue.objects.count() == 8 * added["measures"]
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
        "Synthetic, for the demo. Satisfaction fell" in card
        and "This entry is made up, for the demo." in card
    )


def test_the_command_loads_the_measures_and_says_so_and_refuses_nothing_without_its_people(people):
    out = io.StringIO()
    call_command("performance", "load-demo", stdout=out)
    assert "Measures added: 14" in out.getvalue() and "labelled synthetic" in out.getvalue()


def test_without_the_demo_people_the_command_adds_nothing():
    out = io.StringIO()
    call_command("performance", "load-demo", stdout=out)
    assert "no measures loaded" in out.getvalue() and not Measure.objects.exists()
