"""A measure linked to a feedback question gets, per period, the percentage positive of its programme's
answers with n, through the normal draft -> approval: counted by hand here."""

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from equalchance.performance import feedback_selectors, feedback_services, selectors, services
from equalchance.performance.models import FeedbackMeasureLink, FeedbackQuestion, MeasureValue
from equalchance.performance.tests.factories import programme_make


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(2026, 11, 30))


def receive(form, day, satisfaction, **others):
    return feedback_services.feedback_response_receive(
        form=form, answers={"govuk_satisfaction": satisfaction, **others}, received_on=day
    )


# Hand count. Q1 2026/27 (April-June): 12 answers, 7 positive (very satisfied or satisfied), "neither"
# counted in the denominator -> 58.3%, low base. Q2 (July-September): 3 answers -> suppressed. Q3
# (October-November): 31 answers, 25 positive -> 80.6%, not low base.
Q1 = [
    ("very_satisfied", 3),
    ("satisfied", 4),
    ("neither_satisfied", 3),
    ("dissatisfied", 1),
    ("very_dissatisfied", 1),
]
Q2 = [("satisfied", 2), ("dissatisfied", 1)]
Q3 = [("very_satisfied", 20), ("satisfied", 5), ("neither_satisfied", 4), ("very_dissatisfied", 2)]


@pytest.fixture
def answered(feedback_form, satisfaction):
    for day, counts in ((date(2026, 5, 10), Q1), (date(2026, 8, 1), Q2), (date(2026, 11, 2), Q3)):
        for answer, times in counts:
            for _ in range(times):
                receive(feedback_form, day, answer)
    return feedback_form


def test_percent_positive_per_period_matches_a_hand_count_with_suppression_and_low_base(
    answered, satisfaction, system
):
    report = {
        c.period.label: c for c in feedback_services.feedback_measure_refresh(by=system, measure=satisfaction)
    }
    assert [(c.positive, c.total) for c in report.values()] == [(7, 12), (2, 3), (25, 31)]
    assert report["Q2 2026/27"].written == "suppressed" and report["Q2 2026/27"].result.value is None
    values = {v.period_start: v for v in MeasureValue.objects.filter(measure=satisfaction)}
    assert set(values) == {date(2026, 4, 1), date(2026, 10, 1)}  # the suppressed quarter has no value
    q1, q3 = values[date(2026, 4, 1)], values[date(2026, 10, 1)]
    assert (q1.numerator, q1.denominator, q1.n) == (7, 12, 12) and round(float(q1.value), 1) == 58.3
    assert "low base" in q1.comment
    # Probe finding: the public comment named the question by its code ("govuk_satisfaction").
    assert "govuk_satisfaction" not in q1.comment and "Overall, how did you feel" in q1.comment
    assert (q3.numerator, q3.denominator, q3.n) == (25, 31, 31) and round(float(q3.value), 1) == 80.6
    assert "low base" not in q3.comment
    assert {v.status for v in values.values()} == {"draft"}


def test_only_the_measures_programme_counts_and_the_measures_question(
    answered, satisfaction, definer, system, enterer
):
    elsewhere = programme_make(by=definer, name="Youth Service", team=[enterer])
    other_form = feedback_services.feedback_form_create(
        by=definer,
        programme=elsewhere,
        title="Youth",
        audience="children_young_people",
        questions=["govuk_satisfaction"],
    )
    for _ in range(9):
        receive(other_form, date(2026, 5, 10), "very_dissatisfied")
    counts = feedback_selectors.feedback_counts(measure=satisfaction)
    assert [(c.positive, c.total) for c in counts] == [(7, 12), (2, 3), (25, 31)]


def test_a_submitted_or_approved_value_is_never_changed_by_new_feedback(
    answered, satisfaction, enterer, approver, feedback_form
):
    value = MeasureValue.objects.get(measure=satisfaction, period_start=date(2026, 4, 1))
    services.value_submit(by=enterer, value=value)
    services.value_approve(by=approver, value=value)
    receive(feedback_form, date(2026, 5, 11), "very_dissatisfied")
    value.refresh_from_db()
    assert (value.numerator, value.denominator, value.status) == (7, 12, "approved")
    counts = feedback_services.feedback_measure_refresh(by=enterer, measure=satisfaction)
    assert counts[0].written == "kept: approved" and (counts[0].positive, counts[0].total) == (7, 13)


def test_the_measure_page_says_when_answers_since_approval_give_another_result(
    client, answered, satisfaction, enterer, approver, feedback_form, stranger
):
    """Probe 8: a late answer made the form's page say one result and the approved value another, and
    nothing said so."""
    value = MeasureValue.objects.get(measure=satisfaction, period_start=date(2026, 4, 1))
    services.value_submit(by=enterer, value=value)
    services.value_approve(by=approver, value=value)
    url = reverse("performance:measure", args=[satisfaction.pk])
    client.force_login(approver)
    assert 'data-testid="behind"' not in client.get(url).content.decode()
    receive(feedback_form, date(2026, 5, 11), "very_dissatisfied")
    (behind,) = feedback_selectors.values_behind(measure=satisfaction)
    assert (
        behind.period.label == "Q1 2026/27" and behind.now.label == "53.8% positive of 13 responses, low base"
    )
    page = client.get(url).content.decode()
    warning = re.search(r'data-testid="behind".*?</div>', page, re.S).group(0)
    assert (
        "Q1 2026/27: 58.3% kept (approved, n = 12), 53.8% positive of 13 responses, low base now" in warning
    )
    client.force_login(stranger)  # a reader who does not see values before approval is not told
    assert 'data-testid="behind"' not in client.get(url).content.decode()


def test_the_system_actor_enters_and_a_data_entry_person_submits_and_the_approver_approves(
    answered, satisfaction, enterer, approver, system
):
    value = MeasureValue.objects.get(measure=satisfaction, period_start=date(2026, 10, 1))
    assert value.entered_by == system
    services.value_submit(by=enterer, value=value)
    assert services.value_approve(by=approver, value=value).status == "approved"


def test_only_definers_link_measures_and_only_percentage_measures_of_a_programme(
    percentage, measure, stranger, definer
):
    question = FeedbackQuestion.objects.get(code="nhs_fft")
    with pytest.raises(PermissionDenied):
        feedback_services.feedback_measure_link(by=stranger, measure=percentage, question=question)
    with pytest.raises(ValidationError, match="percentage"):
        feedback_services.feedback_measure_link(by=definer, measure=measure, question=question)
    with pytest.raises(ValidationError, match="no positive answers"):
        feedback_services.feedback_measure_link(
            by=definer, measure=percentage, question=FeedbackQuestion.objects.get(code="improve_comment")
        )
    assert not FeedbackMeasureLink.objects.exists()


def test_the_measure_page_says_it_is_fed_by_feedback_and_which_periods_are_suppressed(
    client, answered, satisfaction
):
    satisfaction.visibility = "public"
    satisfaction.save()
    satisfaction.programme.visibility = "public"
    satisfaction.programme.save()
    page = client.get(f"/performance/measures/{satisfaction.pk}/").content.decode()
    assert "Fed by what service users say" in page
    assert "Not shown, fewer than 5 responses: Q2 2026/27." in page
    assert "Shorter waits" not in page  # nor any comment or individual answer
    # Its row says so too, not "None yet" beside the note (outside probe), as does its report card.
    card = client.get(f"/performance/measures/{satisfaction.pk}/card/").content.decode()
    for shown in (page, card):
        row = re.search(r"<tr[^>]*>\s*<th[^>]*>Q2 2026/27</th>.*?</tr>", shown, re.S).group(0)
        assert selectors.WITHHELD_SAID in row and "Not shown" in row and "None yet" not in row


def test_a_feedback_measure_never_takes_a_result_of_fewer_than_5_responses_however_it_is_entered(
    satisfaction, enterer, approver, tmp_path
):
    """Probe finding: an import of "100%, n = 2" was approved and shown publicly beside the page's own
    "not shown, fewer than 5 responses"."""
    from equalchance.common.validated_csv import DataFileError
    from equalchance.performance.importing import values_import

    q1 = {"period_start": date(2026, 4, 1), "period_end": date(2026, 6, 30)}
    for n in (None, 2, 4):
        with pytest.raises(ValidationError) as refused:
            services.value_enter(by=enterer, measure=satisfaction, **q1, numerator=2, denominator=2, n=n)
        assert "5 or more" in str(refused.value.message_dict["n"])
    upload = tmp_path / "values.csv"
    upload.write_text(
        f"measure_code,period,value,numerator,denominator,n\n{satisfaction.code},Q1 2026/27,,2,2,2\n"
    )
    with pytest.raises(DataFileError) as refused:
        values_import(by=enterer, path=upload, submit=True)
    assert "column n" in str(refused.value) and "5 or more" in str(refused.value)
    # One already waiting (from before the rule) is not approved.
    waiting = MeasureValue.objects.create(
        measure=satisfaction, **q1, value=100, n=2, status="submitted", entered_by=enterer
    )
    with pytest.raises(ValidationError):
        services.value_approve(by=approver, value=waiting)
    waiting.refresh_from_db()
    assert waiting.status == "submitted" and not MeasureValue.objects.filter(status="approved").exists()
    ok = services.value_enter(
        by=enterer,
        measure=satisfaction,
        **{**q1, "period_start": date(2026, 7, 1), "period_end": date(2026, 9, 30)},
        numerator=4,
        denominator=5,
        n=5,
    )
    assert ok.value == 80


def test_a_quarter_withheld_for_too_few_responses_is_said_so_and_not_listed_as_overdue(
    client, answered, satisfaction, system, stranger
):
    from django.urls import reverse

    from equalchance.performance import selectors

    feedback_services.feedback_measure_refresh(by=system, measure=satisfaction)
    (row,) = [
        r for r in selectors.standings(user=stranger, today=date(2026, 11, 30)) if r.measure == satisfaction
    ]
    assert row.standing.current.period.label == "Q2 2026/27" and row.standing.current.suppressed
    assert "data_overdue" not in [code for code, _ in row.standing.exceptions]
    client.force_login(stranger)
    page = client.get(reverse("performance:measure", args=[satisfaction.pk])).content.decode()
    assert "Not shown: fewer than 5 responses in Q2 2026/27." in page


def test_a_feedback_measure_calls_a_change_improving_or_worsening_only_when_it_is_significant(
    client, satisfaction, enterer, approver, stranger
):
    """Probe finding: the measure page said "Worsening" where the form's summary (Wilson intervals) said
    "No significant change" for the same quarters. One rule now: status.feedback_direction."""
    from django.urls import reverse

    from equalchance.performance import selectors
    from equalchance.performance.tests.factories import value_approved_make

    quarters = [
        (date(2026, 1, 1), date(2026, 3, 31), 9, 10),  # 90% of 10
        (date(2026, 4, 1), date(2026, 6, 30), 6, 10),  # 60% of 10: intervals overlap
        (date(2026, 7, 1), date(2026, 9, 30), 10, 100),  # 10% of 100: clearly below
    ]
    for start, end, positive, total in quarters:
        value_approved_make(
            measure=satisfaction,
            enterer=enterer,
            approver=approver,
            period_start=start,
            period_end=end,
            numerator=positive,
            denominator=total,
            n=total,
            value=None,
        )
    rows = {
        r.period.label: r.direction
        for r in selectors.value_rows(user=stranger, measure=satisfaction, today=date(2026, 11, 30))
    }
    assert rows["Q1 2026/27"] == "no_significant_change"  # 90% to 60%, 10 answers each
    assert rows["Q2 2026/27"] == "worsening"  # 60% of 10 to 10% of 100
    (where,) = [
        r.standing
        for r in selectors.standings(user=stranger, today=date(2026, 11, 30))
        if r.measure == satisfaction
    ]
    assert where.direction == "worsening" and where.trajectory is None
    client.force_login(stranger)
    assert (
        "No significant change"
        in client.get(reverse("performance:measure", args=[satisfaction.pk])).content.decode()
    )


def test_low_base_is_said_wherever_a_feedback_result_is_shown(
    client, satisfaction, enterer, approver, stranger
):
    """Probe finding: "low base" showed only in the values table's comments."""
    from django.urls import reverse

    from equalchance.performance.tests.factories import value_approved_make

    value_approved_make(
        measure=satisfaction,
        enterer=enterer,
        approver=approver,
        period_start=date(2026, 7, 1),
        period_end=date(2026, 9, 30),
        numerator=6,
        denominator=14,
        n=14,
        value=None,
    )
    client.force_login(stranger)
    for url in (
        reverse("performance:list"),
        reverse("performance:measure", args=[satisfaction.pk]),
        reverse("performance:card", args=[satisfaction.pk]),
    ):
        assert "Low base: 14 responses" in client.get(url).content.decode(), url


def test_standings_find_every_feedback_measures_withheld_periods_in_the_same_number_of_queries(
    answered, satisfaction, definer, stranger
):
    """The withheld quarters, as the hand count above gives them (Q2 only), for one feedback measure or
    three: the counts are read for all feedback measures at once, not one query each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from equalchance.performance import selectors
    from equalchance.performance.tests.factories import measure_make

    def judged():
        with CaptureQueriesContext(connection) as queries:
            rows = selectors.standings(user=stranger, today=date(2026, 11, 30))
        return rows, len(queries)

    rows, one = judged()
    counted = feedback_selectors.feedback_counts(measure=satisfaction)
    assert {c.period.start for c in counted if c.result.suppressed} == {date(2026, 7, 1)}
    for code, question, frequency in (
        ("FB2", "govuk_satisfaction", "monthly"),
        ("FB3", "treated_with_respect", "quarterly"),
    ):
        measure = measure_make(
            by=definer,
            code=code,
            form="percentage",
            value_type="percentage",
            programme=satisfaction.programme,
            frequency=frequency,
        )
        feedback_services.feedback_measure_link(
            by=definer, measure=measure, question=FeedbackQuestion.objects.get(code=question)
        )
    rows, three = judged()
    assert three == one
    withheld = selectors.withheld_periods([m.measure.pk for m in rows])
    for row in rows:
        expected = {
            c.period.start
            for c in feedback_selectors.feedback_counts(measure=row.measure)
            if c.result.suppressed
        }
        assert withheld.get(row.measure.pk, frozenset()) == expected
    # August alone had three answers: the monthly measure withholds August, not the quarter.
    assert withheld[rows[[r.measure.code for r in rows].index("FB2")].measure.pk] == {date(2026, 8, 1)}


def test_the_approvers_queue_says_a_feedback_value_was_worked_out_from_answers_not_by_a_person(
    client, answered, satisfaction, enterer, approver
):
    """Probe finding 13: the queue said "Entered by Automated work", the name of the system account."""
    value = MeasureValue.objects.get(measure=satisfaction, period_start=date(2026, 10, 1))
    services.value_submit(by=enterer, value=value)
    client.force_login(approver)
    page = client.get(reverse("performance:approvals")).content.decode()
    assert "Worked out automatically from the feedback form&#x27;s answers" in page
    assert "Automated work" not in page


def test_a_feedback_measure_gets_no_straight_line_forecast_worked_out_or_drawn(
    answered, satisfaction, enterer, approver, definer
):
    """Probe finding: a line through quarters of 5 to 8 answers forecast 12.2% for the year end."""
    from equalchance.performance.models import Measure

    for value in MeasureValue.objects.filter(measure=satisfaction, status="draft"):
        services.value_submit(by=enterer, value=value)
        services.value_approve(by=approver, value=value)
    (row,) = selectors.standings(
        user=definer, today=date(2026, 11, 30), measures=Measure.objects.filter(pk=satisfaction.pk)
    )
    assert row.standing.year_forecast is None
    trend = selectors.forecast_trend(measure=satisfaction, today=date(2026, 11, 30))
    assert trend.problem == selectors.FEEDBACK_NO_TREND and trend.values == []
    with pytest.raises(ValidationError):
        services.forecast_trend_make(by=definer, measure=satisfaction, today=date(2026, 11, 30))


def test_the_approver_of_a_feedback_measure_is_told_of_a_day_with_unusually_many_answers(
    client, feedback_form, satisfaction, approver, stranger
):
    """Probe 9: one address, within its limits, turned a question to 0.0% of 55; only the team's page
    said so, not the measure page its approver judges the value on."""
    for day, times in ((date(2026, 10, 5), 2), (date(2026, 10, 6), 3), (date(2026, 10, 7), 25)):
        for _ in range(times):
            feedback_services.feedback_response_receive(
                form=feedback_form, answers={"govuk_satisfaction": "very_dissatisfied"}, received_on=day
            )
    said = "Unusually many answers came through the feedback form's link on 7 October 2026 (25 answers)"
    url = reverse("performance:measure", args=[satisfaction.pk])
    client.force_login(approver)
    assert said in client.get(url).content.decode()
    client.force_login(stranger)  # sees the measure, not its values waiting, nor this
    page = client.get(url)
    assert page.status_code in (200, 404) and said not in page.content.decode()


def test_unusual_days_are_judged_form_by_form_and_only_for_the_measures_programme(
    django_assert_num_queries, definer, feedback_form, satisfaction, team_member
):
    """Each form's busy day against its own usual days, in one query however many forms there are; a form
    of another programme asking the same question feeds other measures and is not counted."""

    quiet = feedback_services.feedback_form_create(
        by=definer,
        programme=feedback_form.programme,
        title="Tell us again",
        audience="parents_carers",
        questions=["govuk_satisfaction"],
    )
    other = programme_make(by=definer, name="Elsewhere")
    other.team.add(team_member)
    elsewhere = feedback_services.feedback_form_create(
        by=definer,
        programme=other,
        title="Elsewhere",
        audience="parents_carers",
        questions=["govuk_satisfaction"],
    )
    days = (
        (feedback_form, ((date(2026, 10, 5), 2), (date(2026, 10, 6), 3), (date(2026, 10, 7), 25))),
        (quiet, ((date(2026, 10, 5), 3), (date(2026, 10, 6), 3), (date(2026, 10, 8), 20))),
        (elsewhere, ((date(2026, 10, 5), 1), (date(2026, 10, 9), 40))),
    )
    for form, counts in days:
        for day, times in counts:
            for _ in range(times):
                feedback_services.feedback_response_receive(
                    form=form, answers={"govuk_satisfaction": "satisfied"}, received_on=day
                )
    with django_assert_num_queries(2):  # the link, and every form's day counts (its forms a subquery)
        found = feedback_selectors.unusual_days_feeding(measure=satisfaction)
    assert [(day, n) for day, n, _usual in found] == [(date(2026, 10, 7), 25), (date(2026, 10, 8), 20)]
