"""Properties of the action status rules that hold for any input (Hypothesis)."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from equalchance.plans.status import action_exceptions, action_status, rag_counts

SEVERITY = {"green": 0, "amber": 1, "red": 2}
# The issue's mapping, written out again here rather than imported; ongoing is checked on its own.
RAG_OF_STATE = {
    "complete": None,
    "closed_not_delivered": "grey",
    "on_hold": "grey",
    "not_yet_due": "grey",
    "overdue": "red",
    "on_track": "green",
    "at_risk": "amber",
    "off_track": "red",
}
# In progress twice as likely: most rules (schedule, forecast, self-assessment) apply to it alone.
STATUSES = [
    "not_started",
    "in_progress",
    "in_progress",
    "on_hold",
    "completed",
    "deferred",
    "cancelled",
    "ongoing",
]

# Dates within a year of each other, so that the boundaries (due today, 30 days late) come up often.
days = st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 12, 31))
maybe_day = st.none() | days
percent = st.none() | st.integers(0, 100) | st.floats(0, 100, allow_nan=False)
self_assessment = st.none() | st.sampled_from(["green", "amber", "red"])
reason = st.none() | st.sampled_from(["", "   ", "Contract signed", "Board agreed the later date"])


@st.composite
def inputs(draw, **fixed):
    drawn = {
        "status": draw(st.sampled_from(STATUSES)),
        "start": draw(maybe_day),
        "due": draw(maybe_day),
        "original_due": draw(maybe_day),
        "today": draw(days),
        "completed": draw(maybe_day),
        "percent_complete": draw(percent),
        "forecast_completion": draw(maybe_day),
        "self_assessed": draw(self_assessment),
        "override_reason": draw(reason),
    }
    return {**drawn, **{name: draw(strategy) for name, strategy in fixed.items()}}


@settings(max_examples=400)
@given(inputs())
def test_the_final_rag_is_never_better_than_the_computed_one_unless_overridden(given_inputs):
    result = action_status(**given_inputs)
    if result.computed_rag in SEVERITY and result.rag in SEVERITY:
        better = SEVERITY[result.rag] < SEVERITY[result.computed_rag]
        assert better == ("override" in result.flags)


@settings(max_examples=400)
@given(inputs())
def test_an_override_needs_a_reason_that_is_not_blank(given_inputs):
    result = action_status(**given_inputs)
    if "override" in result.flags:
        assert given_inputs["override_reason"] and given_inputs["override_reason"].strip()
        assert given_inputs["self_assessed"] == result.rag
    assert not {"override", "override_refused"} <= result.flags


@settings(max_examples=400)
@given(inputs(), days)
def test_slippage_is_zero_when_due_equals_original_due(given_inputs, day):
    result = action_status(**{**given_inputs, "due": day, "original_due": day})
    assert result.slippage_days == 0
    assert not {"slipped", "slipped_over_30"} & result.flags


@settings(max_examples=400)
@given(inputs())
def test_slippage_is_due_minus_original_due_and_flagged_when_positive(given_inputs):
    result = action_status(**given_inputs)
    due, original = given_inputs["due"], given_inputs["original_due"]
    expected = (due - original).days if due and original else 0
    assert result.slippage_days == expected
    assert ("slipped" in result.flags) == (expected > 0)
    assert ("slipped_over_30" in result.flags) == (expected > 30)


@settings(max_examples=400)
@given(inputs(due=days), st.integers(-60, 60))
def test_slippage_counts_the_days_the_due_date_moved(given_inputs, moved):
    due = given_inputs["due"]
    original = date.fromordinal(due.toordinal() - moved)
    result = action_status(**{**given_inputs, "original_due": original})
    assert result.slippage_days == moved
    assert ("slipped" in result.flags) == (moved > 0)
    assert ("slipped_over_30" in result.flags) == (moved > 30)


@settings(max_examples=400)
@given(inputs())
def test_the_state_is_always_one_of_the_nine_and_its_rag_follows_the_issues_mapping(given_inputs):
    result = action_status(**given_inputs)
    if result.state == "ongoing":
        assert result.rag == given_inputs["self_assessed"]
    else:
        assert result.state in RAG_OF_STATE
        assert result.rag == RAG_OF_STATE[result.state]
    assert result.reason.endswith(".") and not result.reason[0].islower()


@settings(max_examples=400)
@given(inputs(status=st.just("completed")))
def test_a_completed_action_is_complete_with_no_rag(given_inputs):
    result = action_status(**given_inputs)
    assert (result.state, result.rag, result.computed_rag) == ("complete", None, None)
    baseline = given_inputs["original_due"] or given_inputs["due"]
    completed = given_inputs["completed"]
    assert result.completed_late == bool(completed and baseline and completed > baseline)


@settings(max_examples=400)
@given(inputs())
def test_the_result_is_deterministic(given_inputs):
    assert action_status(**given_inputs) == action_status(**given_inputs)


@settings(max_examples=400)
@given(inputs())
def test_a_self_assessment_changes_only_the_on_track_at_risk_off_track_and_ongoing_states(given_inputs):
    without = action_status(**{**given_inputs, "self_assessed": None, "override_reason": None})
    result = action_status(**given_inputs)
    assert result.computed_rag == without.computed_rag
    if without.state not in ("on_track", "at_risk", "off_track", "ongoing"):
        assert (result.state, result.rag) == (without.state, without.rag)


@settings(max_examples=400)
@given(inputs(percent_complete=st.integers(0, 99), self_assessed=st.none()), st.integers(1, 100))
def test_more_work_done_never_makes_the_rag_worse(given_inputs, more):
    less_done = action_status(**given_inputs)
    more_done = action_status(
        **{**given_inputs, "percent_complete": min(100, given_inputs["percent_complete"] + more)}
    )
    if less_done.rag in SEVERITY:
        assert SEVERITY[more_done.rag] <= SEVERITY[less_done.rag]


@settings(max_examples=400)
@given(
    inputs(percent_complete=st.none(), self_assessed=st.none(), forecast_completion=days), st.integers(1, 90)
)
def test_a_later_forecast_never_makes_the_rag_better(given_inputs, later_by):
    early = action_status(**given_inputs)
    forecast = given_inputs["forecast_completion"]
    late = action_status(
        **{**given_inputs, "forecast_completion": date.fromordinal(forecast.toordinal() + later_by)}
    )
    if early.rag in SEVERITY:
        assert SEVERITY[late.rag] >= SEVERITY[early.rag]


@settings(max_examples=400)
@given(inputs(), st.booleans(), st.booleans(), st.booleans(), st.booleans())
def test_red_and_overdue_actions_are_always_exceptions_and_complete_ones_never(
    given_inputs, has_owner, has_due, closed_with_decision, update_missing
):
    result = action_status(**given_inputs)
    pairs = action_exceptions(
        result=result,
        has_owner=has_owner,
        has_due=has_due,
        closed_with_decision=closed_with_decision,
        update_missing=update_missing,
    )
    codes = [code for code, _ in pairs]
    assert len(codes) == len(set(codes))
    if result.state == "complete":
        assert pairs == []
    elif result.state == "overdue":
        assert "overdue" in codes and "red" not in codes
    elif result.rag == "red":
        assert "red" in codes
    assert all(sentence.endswith(".") for _, sentence in pairs)


@settings(max_examples=400)
@given(st.lists(inputs(), max_size=30))
def test_the_counts_add_up_to_the_number_of_actions(many_inputs):
    results = [action_status(**i) for i in many_inputs]
    counts = rag_counts(results)
    assert counts.total == len(results) == sum(counts.by_state.values())
    assert counts.in_progress == counts.green + counts.amber + counts.red + counts.on_hold + counts.no_rag
    assert counts.green == sum(1 for r in results if r.rag == "green")
    assert counts.complete == sum(1 for r in results if r.state == "complete")
