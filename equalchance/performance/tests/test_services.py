"""The performance services: who may define measures, enter, submit, approve and return values, set
targets and declare baselines; each refusal leaves nothing written, and each change is audited with
references only."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from equalchance.audit.models import AuditEvent
from equalchance.performance import services
from equalchance.performance.models import Baseline, Measure, MeasureChange, MeasureValue, Target
from equalchance.performance.tests.factories import measure_make
from equalchance.plans.models import Decision

Q1 = {"period_start": date(2026, 4, 1), "period_end": date(2026, 6, 30)}
Q2 = {"period_start": date(2026, 7, 1), "period_end": date(2026, 9, 30)}


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(2026, 11, 30))


def events(action):
    return list(AuditEvent.objects.filter(action=action, refused=False).order_by("pk"))


def refusals(user):
    return AuditEvent.objects.filter(refused=True, actor=user).count()


def snapshot():
    return (
        list(MeasureValue.objects.order_by("pk").values_list("pk", "value", "status", "entered_by")),
        Target.objects.count(),
        Baseline.objects.count(),
        Measure.objects.count(),
        MeasureChange.objects.count(),
        Decision.objects.count(),
    )


# --- Defining measures ---------------------------------------------------------------------------


def test_a_definer_defines_a_measure_with_a_first_change_log_entry_and_an_audit_event(measure, definer):
    assert measure.quadrant == "quantity_of_effort"
    assert [change.what for change in measure.changes.all()] == ["Defined the measure."]
    (event,) = events("performance.measure_create")
    assert event.actor == definer and event.object_id == str(measure.pk)
    assert event.changes == {"category": "how_much", "form": "number", "visibility": "partnership"}


@pytest.mark.parametrize("role", ["viewer", "provider", "moderator"])
def test_roles_that_do_not_define_measures_are_refused_with_nothing_written(role, user_with_role):
    user = user_with_role(role, username="someone")
    with pytest.raises(PermissionDenied):
        measure_make(by=user)
    assert Measure.objects.count() == 0 and MeasureChange.objects.count() == 0
    assert refusals(user) == 1


def test_a_measure_whose_approver_also_enters_its_values_is_refused(definer, approver):
    with pytest.raises(ValidationError) as error:
        measure_make(by=definer, data_entry=[approver], approver=approver)
    assert "approver" in error.value.message_dict
    assert Measure.objects.count() == 0


def test_a_measure_better_within_a_range_needs_a_bound_and_bounds_in_order(definer):
    with pytest.raises(ValidationError) as error:
        measure_make(by=definer, polarity="in_range")
    assert "range_low" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        measure_make(by=definer, polarity="in_range", range_low=10, range_high=5)
    assert "range_high" in error.value.message_dict
    assert Measure.objects.count() == 0


def test_a_measure_code_is_used_once(measure, definer):
    with pytest.raises(ValidationError) as error:
        measure_make(by=definer, code="EH1", title="Another")
    assert "code" in error.value.message_dict
    assert Measure.objects.count() == 1


def test_changing_a_measure_writes_the_change_log_in_words_and_audits_field_names_only(measure, definer):
    services.measure_update(
        by=definer,
        measure=measure,
        polarity="lower_better",
        tolerance="0.1",
        definition="Families with an open early help plan, counted on the last day.",
        note="Agreed at the March board.",
    )
    change = measure.changes.first()
    assert change.what == (
        "Changed the polarity from Higher is better to Lower is better. "
        "Changed the tolerance from 0.05 to 0.1. "
        "Changed the definition. Agreed at the March board."
    )
    assert change.by == definer
    (event,) = events("performance.measure_update")
    assert event.changes == {"fields": ["definition", "polarity", "tolerance"], "change": change.pk}
    assert "March" not in str(event.changes) and "Families" not in str(event.changes)
    measure.refresh_from_db()
    assert measure.polarity == "lower_better" and measure.tolerance == Decimal("0.1")


def test_a_change_that_changes_nothing_writes_nothing(measure, definer):
    services.measure_update(by=definer, measure=measure, polarity="higher_better", tolerance="0.05")
    assert measure.changes.count() == 1 and events("performance.measure_update") == []


def test_a_viewer_cannot_change_a_measure(measure, stranger):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.measure_update(by=stranger, measure=measure, title="Renamed")
    assert snapshot() == before and refusals(stranger) == 1
    measure.refresh_from_db()
    assert measure.title == "Families supported"


# --- Entering values -----------------------------------------------------------------------------


def test_a_data_entry_person_enters_a_draft_value_audited_without_its_comment(measure, enterer):
    value = services.value_enter(
        by=enterer, measure=measure, **Q1, value="1,204", comment="Late returns", n=30
    )
    assert (value.value, value.status, value.entered_by, value.n) == (Decimal("1204"), "draft", enterer, 30)
    (event,) = events("performance.value_enter")
    assert event.changes == {"measure": measure.pk, "period_start": "2026-04-01", "replaced": False}


@pytest.mark.parametrize("who", ["definer", "approver", "stranger"])
def test_only_the_measures_data_entry_people_enter_values(who, measure, request):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.value_enter(by=user, measure=measure, **Q1, value=5)
    assert MeasureValue.objects.count() == 0 and refusals(user) == 1


def test_a_percentage_is_computed_from_its_numerator_and_denominator(percentage, enterer):
    value = services.value_enter(by=enterer, measure=percentage, **Q1, numerator=45, denominator=60)
    assert value.value == Decimal("75") and (value.numerator, value.denominator) == (45, 60)
    again = services.value_enter(
        by=enterer, measure=percentage, **Q1, numerator=1, denominator=3, value="33.3"
    )
    assert again.pk == value.pk and again.value == Decimal("33.333333")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"numerator": 61, "denominator": 60}, "numerator"),
        ({"numerator": 5, "denominator": 0}, "denominator"),
        ({"numerator": -1, "denominator": 10}, "numerator"),
        ({"numerator": 5}, "denominator"),
        ({"numerator": 1, "denominator": 3, "value": "40"}, "value"),
        ({"value": "101"}, "value"),
        ({"value": 50, "n": -1}, "n"),
        ({"value": 50, "n": "many"}, "n"),
        ({"value": "abc"}, "value"),
        ({"value": "NaN"}, "value"),
        ({"value": float("inf")}, "value"),
        ({"value": "1e15"}, "value"),
        ({}, "value"),
    ],
)
def test_bad_percentage_values_are_refused_naming_the_field_with_nothing_written(
    fields, field, percentage, enterer
):
    with pytest.raises(ValidationError) as error:
        services.value_enter(by=enterer, measure=percentage, **Q1, **fields)
    assert field in error.value.message_dict
    assert MeasureValue.objects.count() == 0 and events("performance.value_enter") == []


def test_a_period_that_is_not_one_of_the_measures_is_refused_naming_the_one_that_fits(measure, enterer):
    with pytest.raises(ValidationError) as error:
        services.value_enter(
            by=enterer, measure=measure, period_start=date(2026, 4, 1), period_end=date(2026, 4, 30), value=5
        )
    assert "Q1 2026/27, 1 April 2026 to 30 June 2026" in error.value.message_dict["period_start"][0]
    assert MeasureValue.objects.count() == 0


def test_a_period_that_has_not_begun_takes_no_value(measure, enterer):
    with pytest.raises(ValidationError) as error:
        services.value_enter(
            by=enterer, measure=measure, period_start=date(2027, 1, 1), period_end=date(2027, 3, 31), value=5
        )
    assert "Q4 2026/27 has not begun" in error.value.message_dict["period_start"][0]
    assert MeasureValue.objects.count() == 0


def test_a_draft_is_replaced_but_a_value_waiting_for_approval_or_approved_is_not(measure, enterer, approver):
    first = services.value_enter(by=enterer, measure=measure, **Q1, value=10)
    second = services.value_enter(by=enterer, measure=measure, **Q1, value=12)
    assert second.pk == first.pk and MeasureValue.objects.get().value == 12
    assert events("performance.value_enter")[-1].changes["replaced"] is True
    services.value_submit(by=enterer, value=second)
    with pytest.raises(ValidationError, match="waits for approval"):
        services.value_enter(by=enterer, measure=measure, **Q1, value=13)
    services.value_approve(by=approver, value=second)
    with pytest.raises(ValidationError, match="is approved"):
        services.value_enter(by=enterer, measure=measure, **Q1, value=14)
    value = MeasureValue.objects.get()
    assert (value.value, value.status) == (12, "approved")


# --- Approval ------------------------------------------------------------------------------------


def test_the_approver_approves_a_submitted_value_and_it_is_recorded(measure, enterer, approver):
    value = services.value_enter(by=enterer, measure=measure, **Q1, value=10)
    services.value_submit(by=enterer, value=value)
    services.value_approve(by=approver, value=value)
    value.refresh_from_db()
    assert (value.status, value.approved_by) == ("approved", approver) and value.approved_at is not None
    assert [e.actor for e in events("performance.value_submit")] == [enterer]
    (event,) = events("performance.value_approve")
    assert event.actor == approver and event.changes == {"measure": measure.pk}


@pytest.mark.parametrize("who", ["enterer", "definer", "stranger"])
def test_only_the_measures_approver_approves_or_returns(who, measure, enterer, request):
    value = services.value_enter(by=enterer, measure=measure, **Q1, value=10)
    services.value_submit(by=enterer, value=value)
    user = request.getfixturevalue(who)
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.value_approve(by=user, value=value)
    with pytest.raises(PermissionDenied):
        services.value_return(by=user, value=value, reason="Wrong")
    assert snapshot() == before and refusals(user) == 2
    assert MeasureValue.objects.get().status == "submitted"


def test_an_approver_never_approves_a_value_they_entered(measure, definer, enterer, user_with_role):
    value = services.value_enter(by=enterer, measure=measure, **Q1, value=10)
    services.value_submit(by=enterer, value=value)
    Measure.objects.filter(pk=measure.pk).update(approver=enterer)  # as a change could make it before
    value.refresh_from_db()
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.value_approve(by=enterer, value=value)
    assert snapshot() == before and refusals(enterer) == 1


def test_someone_who_entered_a_value_waiting_for_approval_cannot_be_made_its_approver(
    measure, definer, enterer, approver, user_with_role
):
    """Probe 9: the change saved, and the value waited for ever: nobody else could approve it, and the
    new approver was reminded to approve what they could not."""
    value = services.value_enter(by=enterer, measure=measure, **Q1, value=10)
    services.value_submit(by=enterer, value=value)
    colleague = user_with_role("viewer", username="colleague")
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.measure_update(by=definer, measure=measure, approver=enterer, data_entry=[colleague])
    assert error.value.message_dict == {
        "approver": [
            "The person chosen entered the value for Q1 2026/27, which waits for approval, and nobody "
            "approves a value they entered: choose someone else, or have that value returned first."
        ]
    }
    assert snapshot() == before and Measure.objects.get(pk=measure.pk).approver == approver
    services.value_return(by=approver, value=value, reason="Check the count.")
    services.measure_update(by=definer, measure=measure, approver=enterer, data_entry=[colleague])
    assert Measure.objects.get(pk=measure.pk).approver == enterer


def test_a_value_is_returned_with_a_reason_kept_out_of_the_audit_trail_then_corrected(
    measure, enterer, approver
):
    value = services.value_enter(by=enterer, measure=measure, **Q1, value=10)
    services.value_submit(by=enterer, value=value)
    with pytest.raises(ValidationError) as error:
        services.value_return(by=approver, value=value, reason="  ")
    assert "reason" in error.value.message_dict and MeasureValue.objects.get().status == "submitted"
    services.value_return(by=approver, value=value, reason="Count excludes the north locality")
    value.refresh_from_db()
    assert (value.status, value.return_reason) == ("returned", "Count excludes the north locality")
    (event,) = events("performance.value_return")
    assert event.changes == {"measure": measure.pk, "from": "submitted"}
    corrected = services.value_enter(by=enterer, measure=measure, **Q1, value=11)
    services.value_submit(by=enterer, value=corrected)
    corrected.refresh_from_db()
    assert (corrected.value, corrected.status, corrected.return_reason) == (11, "submitted", "")
    assert not AuditEvent.objects.filter(changes__icontains="north").exists()


def test_an_approved_value_is_changed_only_after_its_approver_returns_it(measure, enterer, approver):
    value = services.value_enter(by=enterer, measure=measure, **Q1, value=10)
    services.value_submit(by=enterer, value=value)
    services.value_approve(by=approver, value=value)
    services.value_return(by=approver, value=value, reason="Restated by the source")
    value.refresh_from_db()
    assert (value.status, value.approved_by, value.approved_at) == ("returned", None, None)
    assert events("performance.value_return")[0].changes["from"] == "approved"
    assert services.value_enter(by=enterer, measure=measure, **Q1, value=9).value == 9


def test_a_draft_cannot_be_approved_and_an_approved_value_is_not_submitted_again(measure, enterer, approver):
    value = services.value_enter(by=enterer, measure=measure, **Q1, value=10)
    with pytest.raises(ValidationError):
        services.value_approve(by=approver, value=value)
    services.value_submit(by=enterer, value=value)
    with pytest.raises(ValidationError):
        services.value_submit(by=enterer, value=value)
    assert MeasureValue.objects.get().status == "submitted"


def test_a_value_of_a_measure_without_an_approver_is_not_submitted(definer, enterer):
    measure = measure_make(by=definer, code="EH9", data_entry=[enterer])
    value = services.value_enter(by=enterer, measure=measure, **Q1, value=10)
    with pytest.raises(ValidationError, match="no approver"):
        services.value_submit(by=enterer, value=value)
    assert MeasureValue.objects.get().status == "draft" and events("performance.value_submit") == []


# --- Targets and baselines -----------------------------------------------------------------------


def test_a_target_is_set_by_a_decision_recorded_with_its_words_and_date(measure, definer):
    target = services.target_set(
        by=definer,
        measure=measure,
        **Q1,
        value=120,
        decision_text="Board minute 14",
        decided_on=date(2026, 3, 2),
    )
    assert target.value == 120 and target.decision.kind == "set_target"
    assert target.decision.text == "Board minute 14" and target.decision.recorded_by == definer
    (decided,) = events("plans.decision_record")
    (event,) = events("performance.target_set")
    assert decided.changes == {"kind": "set_target"}
    assert event.changes == {
        "measure": measure.pk,
        "period_start": "2026-04-01",
        "decision": target.decision.pk,
        "replaced": False,
    }


def test_a_target_is_set_by_a_decision_already_minuted(measure, definer):
    minuted = Decision.objects.create(kind="other", text="Minute 3", decided_on=date(2026, 3, 2))
    target = services.target_set(by=definer, measure=measure, **Q2, value=130, decision=minuted)
    assert target.decision == minuted and Decision.objects.count() == 1


def test_a_target_without_a_decision_or_with_a_future_one_is_refused_with_nothing_written(measure, definer):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.target_set(by=definer, measure=measure, **Q1, value=120)
    assert {"decision_text", "decided_on"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        services.target_set(
            by=definer, measure=measure, **Q1, value=120, decision_text="Minute", decided_on=date(2027, 1, 1)
        )
    assert "decided_on" in error.value.message_dict
    assert snapshot() == before


def test_targets_are_set_only_by_definers_and_never_for_data_only_measures(measure, definer, stranger):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.target_set(
            by=stranger, measure=measure, **Q1, value=1, decision_text="Minute", decided_on=date(2026, 3, 2)
        )
    assert snapshot() == before and refusals(stranger) == 1
    services.measure_update(by=definer, measure=measure, data_only=True)
    with pytest.raises(ValidationError, match="data only"):
        services.target_set(
            by=definer, measure=measure, **Q1, value=1, decision_text="Minute", decided_on=date(2026, 3, 2)
        )
    assert Target.objects.count() == 0 and Decision.objects.count() == 0


def test_changing_a_target_takes_a_new_decision(measure, definer):
    services.target_set(
        by=definer, measure=measure, **Q1, value=120, decision_text="M1", decided_on=date(2026, 3, 2)
    )
    target = services.target_set(
        by=definer, measure=measure, **Q1, value=110, decision_text="M2", decided_on=date(2026, 6, 1)
    )
    assert (
        Target.objects.get().value == 110 and target.decision.text == "M2" and Decision.objects.count() == 2
    )
    assert events("performance.target_set")[-1].changes["replaced"] is True


def test_a_baseline_is_declared_and_redeclared_by_definers_only(measure, definer, enterer):
    baseline = services.baseline_declare(
        by=definer, measure=measure, **Q1, value="98.5", comment="First full quarter"
    )
    assert (baseline.value, baseline.comment) == (Decimal("98.5"), "First full quarter")
    services.baseline_declare(by=definer, measure=measure, **Q2, value=100)
    assert Baseline.objects.get().period_start == date(2026, 7, 1)
    assert [e.changes["replaced"] for e in events("performance.baseline_declare")] == [False, True]
    before = snapshot()
    with pytest.raises(PermissionDenied):
        services.baseline_declare(by=enterer, measure=measure, **Q1, value=1)
    assert snapshot() == before and refusals(enterer) == 1
    with pytest.raises(ValidationError) as error:
        services.baseline_declare(
            by=definer, measure=measure, period_start=date(2026, 4, 1), period_end=date(2026, 5, 31), value=1
        )
    assert "period_start" in error.value.message_dict


def test_a_percentage_baseline_is_read_as_its_values_are_from_0_to_100_with_or_without_the_sign(
    percentage, definer
):
    """Outside probe: a baseline of 150% or -5% was kept, while "83.2%" was refused."""
    before = snapshot()
    for typed in ("150", "-5", "100.1"):
        with pytest.raises(ValidationError) as refused:
            services.baseline_declare(by=definer, measure=percentage, **Q1, value=typed)
        assert refused.value.message_dict["value"] == ["A percentage must be between 0 and 100."]
    assert snapshot() == before
    baseline = services.baseline_declare(by=definer, measure=percentage, **Q1, value="83.2%")
    assert baseline.value == Decimal("83.2")


def test_the_same_first_value_posted_twice_at_once_is_refused_in_words_and_kept_once(
    measure, enterer, monkeypatch
):
    """Two posts at once: both find no value for the period, and the second insert meets the first."""
    first = services.value_enter(by=enterer, measure=measure, **Q1, value=10)
    monkeypatch.setattr(services, "_value_held", lambda measure, period: None)  # as the second post saw it
    with pytest.raises(ValidationError) as refused:
        services.value_enter(by=enterer, measure=measure, **Q1, value=11)
    assert "entered at the same moment" in str(refused.value.message_dict["value"])
    assert list(MeasureValue.objects.values_list("pk", "value")) == [(first.pk, 10)]
    assert len(events("performance.value_enter")) == 1


def test_the_same_definition_posted_twice_at_once_is_refused_in_words_and_kept_once(definer, monkeypatch):
    """Both posts pass the check for the code before either is saved; the second save meets the first."""
    measure_make(by=definer, code="EH-X")
    monkeypatch.setattr(services, "_measure_check", lambda measure: None)  # as the second post saw it
    with pytest.raises(ValidationError) as refused:
        measure_make(by=definer, code="EH-X", title="Twice")
    assert refused.value.message_dict["code"] == ["Another measure has this code: choose another."]
    assert Measure.objects.filter(code="EH-X").count() == 1 and len(events("performance.measure_create")) == 1


@pytest.mark.parametrize(
    "comment",
    ["Ring Jo on 07700 900123", "jo@example.com asked", "Lives at B91 3QB", "NHS 943 476 5919"],
)
def test_a_value_comment_holding_personal_details_is_refused_and_nothing_written(measure, enterer, comment):
    """Probe finding: a value's comment was shown to the public as typed, phone number and all."""
    with pytest.raises(ValidationError) as error:
        services.value_enter(by=enterer, measure=measure, **Q1, value=10, comment=comment)
    assert "personal details" in error.value.message_dict["comment"][0]
    assert MeasureValue.objects.count() == 0
    assert services.value_enter(by=enterer, measure=measure, **Q1, value=10, comment="Two centres closed").pk


@pytest.mark.parametrize("value", ["-5", "6.5", -1, 2.25])
def test_a_count_is_a_whole_number_of_0_or_more(measure, enterer, value):
    """Probe finding: a count took -5 and 6.5, and the page showed 6.5 as 6."""
    assert measure.value_type == "count"
    with pytest.raises(ValidationError, match="is a count: a whole number, 0 or more"):
        services.value_enter(by=enterer, measure=measure, **Q1, value=value)
    assert MeasureValue.objects.count() == 0
    assert services.value_enter(by=enterer, measure=measure, **Q1, value="7.0").value == 7


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("1,250", 1250), ("1,250.5", Decimal("1250.5")), ("12", 12), (".5", Decimal("0.5")), ("1.2E+01", 12)],
)
def test_a_typed_value_takes_commas_only_between_groups_of_three_digits(typed, kept, measure, enterer):
    measure.value_type = "mean"
    measure.save()
    assert services.value_enter(by=enterer, measure=measure, **Q1, value=typed).value == kept


@pytest.mark.parametrize("typed", ["1,5", "5,0,0", "1_000", "١٢٣", "1e-999", "12,34.5", "1e999"])
def test_a_value_typed_in_a_way_that_could_be_misread_is_refused_not_guessed(typed, percentage, enterer):
    """Probe 8: "1,5" was kept as 15, "1_000" as 1000, Arabic-Indic digits as 123 and 1e-999 as 0."""
    with pytest.raises(ValidationError) as error:
        services.value_enter(by=enterer, measure=percentage, **Q1, value=typed)
    assert "value" in error.value.message_dict
    assert MeasureValue.objects.count() == 0


@pytest.mark.parametrize("n", ["99999999999999999999", "1000000000", "1,5", "١٢", "-1", "2.5"])
def test_n_too_large_or_oddly_typed_is_refused_in_words_never_a_server_error(n, measure, enterer):
    """Probe 8: a 20-digit n overflowed the database (a 500 in the form and in the import)."""
    with pytest.raises(ValidationError) as error:
        services.value_enter(by=enterer, measure=measure, **Q1, value=5, n=n)
    assert error.value.message_dict["n"][0].startswith("The number of people or responses (n) must be")
    assert MeasureValue.objects.count() == 0
    assert services.value_enter(by=enterer, measure=measure, **Q1, value=5, n="1,200").n == 1200


@pytest.mark.parametrize(
    ("fields", "field", "said"),
    [
        ({"data_lag_days": 3_000_000}, "data_lag_days", "Enter a number of days from 0 to 730 (two years)"),
        ({"data_lag_days": 731}, "data_lag_days", "Enter a number of days from 0 to 730 (two years)"),
        ({"tolerance": Decimal("-5")}, "tolerance", "The tolerance must be 0 or more."),
        ({"decimal_places": 7}, "decimal_places", "Show from 0 to 6 decimal places."),
        (
            {"polarity": "in_range", "range_low": 10, "range_high": 5},
            "range_high",
            "The upper bound must be at or above the lower bound.",
        ),
    ],
)
def test_a_measure_s_settings_out_of_bounds_are_refused_in_words_not_the_database_s(
    fields, field, said, definer
):
    """Probe 8: a lag of 3,000,000 days was kept and every performance page then failed with a server
    error; a negative tolerance said 'Constraint "measure_tolerance_not_negative" is violated'."""
    with pytest.raises(ValidationError) as error:
        measure_make(by=definer, **fields)
    assert error.value.message_dict[field] == [said]
    assert not any("Constraint" in m for ms in error.value.message_dict.values() for m in ms)
    assert Measure.objects.count() == 0
    assert measure_make(by=definer, data_lag_days=730).data_lag_days == 730
