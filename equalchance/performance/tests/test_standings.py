"""Where each measure stands, read from the database (``selectors.standings``): the current period is
the latest whose data is due, values are judged only once approved, and a linked live action keeps a
troubled measure off the "neglected" list. Today is 30 November 2026: Q2 2026/27 (July to September)
is the latest quarter due; Q3 is due at the end of December."""

from datetime import date

import pytest

from equalchance.performance import selectors, services
from equalchance.performance.models import Measure
from equalchance.performance.tests.factories import measure_make, target_make, value_approved_make
from equalchance.plans.tests.factories import action_make, element_make, plan_make

TODAY = date(2026, 11, 30)
Q1 = {"period_start": date(2026, 4, 1), "period_end": date(2026, 6, 30)}
Q2 = {"period_start": date(2026, 7, 1), "period_end": date(2026, 9, 30)}
Q4 = {"period_start": date(2027, 1, 1), "period_end": date(2027, 3, 31)}


def stand(user, measure):
    (found,) = selectors.standings(user=user, today=TODAY, measures=Measure.objects.filter(pk=measure.pk))
    return found.standing


@pytest.fixture
def red(measure, definer, enterer, approver):
    for period, value, target in ((Q1, 100, 100), (Q2, 80, 120)):
        target_make(by=definer, measure=measure, **period, value=target)
        value_approved_make(measure=measure, enterer=enterer, approver=approver, **period, value=value)
    return measure


def test_the_current_period_is_the_latest_whose_data_is_due():
    monthly = Measure(frequency="monthly", calendar="financial", data_lag_days=0)
    assert selectors.current_period(monthly, today=TODAY).label == "October 2026"
    monthly.data_lag_days = 31  # October's data is due on 1 December
    assert selectors.current_period(monthly, today=TODAY).label == "September 2026"
    academic = Measure(frequency="annual", calendar="academic", data_lag_days=0)
    assert selectors.current_period(academic, today=TODAY).label == "2025/26"


def test_a_red_measure_with_no_linked_action_is_red_and_neglected(red, stranger):
    found = stand(stranger, red)
    assert found.current.period.label == "Q2 2026/27" and found.status.state == "red"
    assert [code for code, _ in found.exceptions] == ["red", "neglected"]


def test_a_live_action_on_the_measures_plan_element_keeps_it_off_the_neglected_list(
    red, definer, stranger, user_with_role
):
    editor = user_with_role("plan_editor", username="editor")
    plan = plan_make(by=editor)
    element = element_make(by=editor, plan=plan, kind="objective")
    services.measure_update(by=definer, measure=red, plan_element=element)
    action = action_make(by=editor, plan=plan, element=element)
    assert [code for code, _ in stand(stranger, red).exceptions] == ["red"]
    from equalchance.plans.models import Action

    Action.objects.filter(pk=action.pk).update(status="completed")
    assert "neglected" in [code for code, _ in stand(stranger, red).exceptions]


def test_a_troubled_measure_whose_only_action_is_on_hold_is_neglected(red, definer, stranger, user_with_role):
    """Probe finding: EH-W3 was red with only an action on hold, and not listed as neglected, though the
    report itself counts on-hold work as not on track."""
    from equalchance.plans.models import Action

    editor = user_with_role("plan_editor", username="editor")
    plan = plan_make(by=editor)
    element = element_make(by=editor, plan=plan, kind="objective")
    services.measure_update(by=definer, measure=red, plan_element=element)
    action = action_make(by=editor, plan=plan, element=element)
    Action.objects.filter(pk=action.pk).update(status="on_hold")
    reasons = dict(stand(stranger, red).exceptions)
    assert "an action on hold is not live" in reasons["neglected"]


def test_a_missing_value_for_the_due_quarter_is_no_data_and_overdue(measure, enterer, approver, stranger):
    value_approved_make(measure=measure, enterer=enterer, approver=approver, **Q1, value=10)
    found = stand(stranger, measure)
    assert found.status.state == "no_data" and found.latest.actual == 10
    assert found.exceptions == [
        ("data_overdue", "No approved value for Q2 2026/27: it was due by 30 September 2026.")
    ]


def test_a_submitted_value_is_not_judged_until_it_is_approved(measure, enterer, approver, stranger):
    value_approved_make(measure=measure, enterer=enterer, approver=approver, **Q1, value=10)
    waiting = services.value_enter(by=enterer, measure=measure, **Q2, value=12)
    services.value_submit(by=enterer, value=waiting)
    assert stand(stranger, measure).status.state == "no_data"
    services.value_approve(by=approver, value=waiting)
    assert stand(stranger, measure).status.state == "data_only"  # no target


def test_an_overdue_period_says_what_is_there_when_a_value_is_entered_but_not_approved(
    measure, enterer, approver, stranger
):
    """Probe 6: "No approved value for Q2" read as though nobody had entered one, when a Q2 value was
    waiting for approval (EH-FB1, EH-FB2, EH-M5, EH-M6)."""
    value_approved_make(measure=measure, enterer=enterer, approver=approver, **Q1, value=10)
    entered = services.value_enter(by=enterer, measure=measure, **Q2, value=12)
    due = "No approved value for Q2 2026/27: it was due by 30 September 2026"
    assert dict(stand(stranger, measure).exceptions)["data_overdue"] == (
        f"{due}; a value is entered as a draft, not yet sent for approval."
    )
    services.value_submit(by=enterer, value=entered)
    assert (
        dict(stand(stranger, measure).exceptions)["data_overdue"]
        == f"{due}; a value is waiting for approval."
    )
    services.value_return(by=approver, value=entered, reason="The count looks doubled.")
    assert dict(stand(stranger, measure).exceptions)["data_overdue"] == (
        f"{due}; a value was returned for correction."
    )


def test_the_year_end_forecast_uses_the_target_set_for_the_years_last_quarter(red, definer, stranger):
    # Q1 100, Q2 80: the line falls 20 a quarter, so 40 at Q4, against Q4's target of 130: red.
    target_make(by=definer, measure=red, **Q4, value=130)
    found = stand(stranger, red)
    assert found.year == "2026/27" and found.year_target == 130 and found.year_forecast == 40
    assert found.forecast_status.state == "red"


def test_the_public_is_given_no_standing_for_a_partnership_measure(red, client):
    from django.contrib.auth.models import AnonymousUser

    assert selectors.standings(user=AnonymousUser(), today=TODAY) == []


def test_standings_take_a_fixed_number_of_queries_however_many_measures(
    red, definer, stranger, django_assert_max_num_queries
):
    for code in ("EH5", "EH6", "EH7"):
        measure_make(by=definer, code=code)
    # Measures; values, targets, forecasts; feedback links; live actions; then, for the measures found,
    # their programmes, plan parts, owners and approvers.
    with django_assert_max_num_queries(10):
        assert len(selectors.standings(user=stranger, today=TODAY)) == 4


@pytest.mark.parametrize(
    "frequency, values, targets",
    [
        ("quarterly", [(Q1, 100), (Q2, 80)], [(Q2, 120), (Q4, 130)]),  # a target ahead of the current period
        ("quarterly", [(Q1, 100)], [(Q1, 90)]),  # the current period has no value: overdue
        ("quarterly", [], []),
        ("monthly", [({"period_start": date(2026, 9, 1), "period_end": date(2026, 9, 30)}, 5)], []),
    ],
)
def test_the_last_three_points_the_exception_report_reads_first_are_the_last_three_of_the_full_series(
    frequency, values, targets, definer, enterer, approver, programme
):
    measure = measure_make(
        by=definer,
        code="EH9",
        programme=programme,
        data_entry=[enterer],
        approver=approver,
        frequency=frequency,
    )
    for period, value in values:
        value_approved_make(measure=measure, enterer=enterer, approver=approver, **period, value=value)
    for period, value in targets:
        target_make(by=definer, measure=measure, **period, value=value)
    approved = [(v.period_start, v.value) for v in measure.values.order_by("period_start")]
    aims = [(t.period_start, t.value) for t in measure.targets.order_by("period_start")]
    points, _ = selectors._series(measure, approved, aims, [], today=TODAY)
    current, before, earliest = selectors._latest_three(measure, approved, aims, [], today=TODAY)
    assert current == points[-1]
    for point, back in ((before, 2), (earliest, 3)):
        if len(points) >= back:
            assert point == points[-back]
        else:  # the series starts later: nothing there to compare with
            assert point.actual is None and point.period < current.period
    assert earliest.period < before.period < current.period


def test_a_value_off_the_measures_periods_leaves_the_measure_to_be_judged_in_full(definer, programme):
    """A quarterly measure with a value for 1 June or 1 March (entered when it was monthly, say): its last
    three points are in doubt, so the exception report does not pass over it on them."""
    measure = measure_make(by=definer, code="EH9", programme=programme, frequency="quarterly")
    for day in (date(2026, 6, 1), date(2026, 3, 1)):
        assert selectors._latest_three(measure, [(day, 5)], [], [], today=TODAY) is None


def test_a_provisional_value_for_the_running_quarter_is_judged_against_nothing_until_it_ends(
    measure, definer, enterer, approver, stranger, monkeypatch
):
    """Probe 8: a count so far for the unfinished Q3 became "Status now", read as "Worsening" against
    the whole of Q2 and pulled the year-end forecast down, though the page says "Status now" judges the
    latest period whose due date has passed."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)
    for period, value in ((Q1, 20), (Q2, 30)):
        value_approved_make(measure=measure, enterer=enterer, approver=approver, **period, value=value)
    before = stand(stranger, measure)
    q3 = {"period_start": date(2026, 10, 1), "period_end": date(2026, 12, 31)}
    value_approved_make(measure=measure, enterer=enterer, approver=approver, **q3, value=5, provisional=True)
    after = stand(stranger, measure)
    assert after.current.period.label == "Q2 2026/27" and after.current.actual == 30
    assert (after.direction, after.year_forecast, after.trend) == (
        before.direction,
        before.year_forecast,
        before.trend,
    )
    assert str(after.direction) == "improving"
    # "Draw the trend" runs its line through Q1 and Q2 only: 20, 30, then 40 and 50 by hand.
    drawn = selectors.forecast_trend(measure=measure, today=TODAY)
    assert [p.label for p in drawn.periods] == ["Q3 2026/27", "Q4 2026/27"]
    assert [float(v) for v in drawn.values] == [40.0, 50.0]
