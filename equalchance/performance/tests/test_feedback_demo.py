"""The demo's feedback: two synthetic forms (parents and carers; young people, easy read) on demo
programmes, about 150 synthetic responses over the demo's quarters, each form feeding a measure whose
quarters go through approval; labelled synthetic wherever they show; loaded once."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from equalchance.performance import demo
from equalchance.performance.models import FeedbackForm, FeedbackResponse, Measure, MeasureValue

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 30)


@pytest.fixture
def people(user_with_role, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)
    return {
        "owner": user_with_role("plan_editor", username="planner"),
        "enterer": user_with_role("viewer", username="viewer"),
        "approver": user_with_role("analyst", username="analyst"),
    }


@pytest.fixture
def loaded(people):
    demo.measures_load(by=people["owner"], **people, today=TODAY)
    return demo.feedback_load(by=people["owner"], **people, today=TODAY)


def test_two_synthetic_forms_with_about_150_synthetic_responses_over_the_demos_quarters(loaded):
    assert loaded["forms"] == 2 and 120 <= loaded["responses"] <= 190
    forms = FeedbackForm.objects.order_by("title")
    assert [(f.audience, f.easy_read, f.synthetic) for f in forms] == [
        ("children_young_people", True, True),
        ("parents_carers", False, True),
    ]
    assert FeedbackResponse.objects.count() == loaded["responses"]
    assert not FeedbackResponse.objects.filter(synthetic=False).exists()
    days = FeedbackResponse.objects.values_list("received_on", flat=True)
    assert min(days) >= date(2024, 7, 1) and max(days) <= TODAY


def test_each_form_feeds_a_synthetic_measure_whose_quarters_are_approved_but_the_latest(loaded, people):
    for code in ("EH-FB1", "EH-FB2"):
        measure = Measure.objects.get(code=code)
        values = list(MeasureValue.objects.filter(measure=measure).order_by("period_start"))
        assert measure.synthetic and values and all(v.synthetic for v in values)
        assert [v.status for v in values] == ["approved"] * (len(values) - 1) + ["submitted"]
        assert all(v.n >= 5 for v in values)  # suppressed quarters have no value


def test_the_demo_team_sees_the_synthetic_label_on_the_form_and_the_public_link_says_so(
    client, loaded, people
):
    client.force_login(people["enterer"])
    form = FeedbackForm.objects.get(easy_read=True)
    page = client.get(reverse("feedback:form", kwargs={"pk": form.pk})).content.decode()
    assert "Synthetic" in page and "made up, for the demo" in page
    client.logout()
    public = client.get(reverse("feedback:answer", kwargs={"token": form.token})).content.decode()
    assert "Synthetic" in public and "How did you feel" not in public  # its own easy-read questions
    assert "Things are better for me now" in public


def test_loading_again_adds_nothing_and_the_command_says_what_it_added(people):
    out = io.StringIO()
    call_command("performance", "load-demo", stdout=out)
    assert "Feedback forms added: 2" in out.getvalue() and "labelled synthetic" in out.getvalue()
    again = io.StringIO()
    call_command("performance", "load-demo", stdout=again)
    assert "Feedback forms added: 0 (responses: 0" in again.getvalue()
