"""The action status rules against cases worked out by hand from issue 11 and guide sections 6.3-6.4.

Unless a row says otherwise: start 1 January 2026, due 11 April 2026 (100 days later, so each day is
1% of the schedule), original due = due, today 20 February 2026 (day 50: 50% of the schedule expected).
"""

import ast
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from equalchance.plans import status as module
from equalchance.plans.status import (
    FORECAST_AMBER_DAYS,
    SCHEDULE_AMBER_FROM,
    SCHEDULE_GREEN_FROM,
    SLIPPAGE_EXCEPTION_DAYS,
    ActionStatusError,
    action_exceptions,
    action_status,
    long_date,
    rag_counts,
    summary_sentence,
)

D = date.fromisoformat
DEFAULTS = {"start": D("2026-01-01"), "due": D("2026-04-11"), "original_due": D("2026-04-11")}
TODAY = D("2026-02-20")


def status_of(**given):
    inputs = {**DEFAULTS, "status": "in_progress", "today": TODAY, **given}
    if "due" in given and "original_due" not in given:
        inputs["original_due"] = given["due"]
    return action_status(**inputs)


def case(sentence, expect, **inputs):
    """expect: (state, rag, computed_rag, slippage_days, completed_late, flags)."""
    return pytest.param(inputs, expect, id=sentence)


NO = frozenset()


def flags(*names):
    return frozenset(names)


CASES = [
    # Rule 1: complete, with completed late measured against the original due date.
    case(
        "a completed action finished on its original due date is complete and not late",
        ("complete", None, None, 0, False, NO),
        status="completed",
        completed=D("2026-04-11"),
    ),
    case(
        "a completed action finished one day after its original due date is complete and late",
        ("complete", None, None, 0, True, flags("completed_late")),
        status="completed",
        completed=D("2026-04-12"),
    ),
    case(
        "finishing before a slipped due date is still late against the original due date",
        # original 12 March, due 11 April: slipped 19 + 11 = 30 days, which is not over 30
        ("complete", None, None, 30, True, flags("slipped", "completed_late")),
        status="completed",
        original_due=D("2026-03-12"),
        completed=D("2026-04-01"),
    ),
    case(
        "without an original due date the due date is the baseline for completed late",
        ("complete", None, None, 0, True, flags("completed_late")),
        status="completed",
        original_due=None,
        completed=D("2026-04-12"),
    ),
    case(
        "a completed action takes no self-assessment and has no colour",
        ("complete", None, None, 0, False, NO),
        status="completed",
        completed=D("2026-02-10"),
        self_assessed="red",
        override_reason="Benefits not yet realised",
    ),
    # Rule 2: closed, not delivered.
    case(
        "a cancelled action is closed not delivered and grey",
        ("closed_not_delivered", "grey", "grey", 0, False, NO),
        status="cancelled",
    ),
    case(
        "a deferred action past its due date is closed not delivered, not overdue",
        ("closed_not_delivered", "grey", "grey", 0, False, NO),
        status="deferred",
        due=D("2026-02-01"),
    ),
    # Rule 3: on hold.
    case(
        "an action on hold past its due date is on hold and grey, not overdue, whatever its owner says",
        ("on_hold", "grey", "grey", 0, False, NO),
        status="on_hold",
        due=D("2026-02-01"),
        self_assessed="red",
    ),
    # Rule 4: ongoing business as usual.
    case(
        "ongoing work with no self-assessment has no RAG",
        ("ongoing", None, None, 0, False, NO),
        status="ongoing",
        start=None,
        due=None,
        original_due=None,
    ),
    case(
        "ongoing work takes its owner's amber",
        ("ongoing", "amber", None, 0, False, NO),
        status="ongoing",
        due=None,
        original_due=None,
        self_assessed="amber",
    ),
    case(
        "ongoing work past a due date takes its owner's green rather than being overdue",
        ("ongoing", "green", None, 0, False, NO),
        status="ongoing",
        due=D("2026-02-01"),
        self_assessed="green",
    ),
    # Rule 5: not yet due, and a not-started action whose start has come is in progress.
    case(
        "a not started action starting tomorrow is not yet due and grey",
        ("not_yet_due", "grey", "grey", 0, False, NO),
        status="not_started",
        start=D("2026-02-21"),
    ),
    case(
        "a self-assessment on a not yet due action is ignored, reason or not",
        ("not_yet_due", "grey", "grey", 0, False, NO),
        status="not_started",
        start=D("2026-02-21"),
        self_assessed="red",
        override_reason="Funding uncertain",
    ),
    case(
        "a not started action starting today is treated as in progress and on track",
        ("on_track", "green", "green", 0, False, NO),
        status="not_started",
        start=TODAY,
    ),
    case(
        "a not started action starting today at 0 percent has nothing expected yet so is green",
        ("on_track", "green", "green", 0, False, NO),
        status="not_started",
        start=TODAY,
        percent_complete=0,
    ),
    case(
        "a not started action that started yesterday is judged on its schedule",
        # 19 Feb to 1 Mar is 10 days; one day gone: 10% expected; 8% done is 80% of schedule: amber
        ("at_risk", "amber", "amber", 0, False, NO),
        status="not_started",
        start=D("2026-02-19"),
        due=D("2026-03-01"),
        percent_complete=8,
    ),
    case(
        "a not started action whose due date has passed is overdue",
        ("overdue", "red", "red", 0, False, NO),
        status="not_started",
        start=D("2026-02-01"),
        due=D("2026-02-19"),
    ),
    case(
        "a not started action with no start date is treated as in progress and flagged",
        ("on_track", "green", "green", 0, False, flags("no_start_date")),
        status="not_started",
        start=None,
    ),
    case(
        "a future start after its due date is not yet due and flagged as bad dates",
        # rule 5 comes before rule 6, so bad dates do not make it overdue
        ("not_yet_due", "grey", "grey", 0, False, flags("due_before_start")),
        status="not_started",
        start=D("2026-02-21"),
        due=D("2026-02-15"),
    ),
    # Rule 6: overdue.
    case(
        "an action whose due date passed by one day is overdue and red even at 99 percent",
        ("overdue", "red", "red", 0, False, NO),
        due=D("2026-02-19"),
        percent_complete=99,
    ),
    case(
        "an action due today is not overdue",
        # 21 Jan to 20 Feb is 30 days, all gone: 100% expected, 100% done: green
        ("on_track", "green", "green", 0, False, NO),
        start=D("2026-01-21"),
        due=TODAY,
        percent_complete=100,
    ),
    case(
        "an owner's green with a reason does not lift an overdue action",
        ("overdue", "red", "red", 0, False, NO),
        due=D("2026-02-19"),
        self_assessed="green",
        override_reason="Nearly there",
    ),
    # Rule 7: the schedule (Camms) when % complete is recorded. 50% expected by today.
    case(
        "exactly 90 percent of schedule is green",
        ("on_track", "green", "green", 0, False, NO),
        percent_complete=45,
    ),
    case(
        "89.9 percent of schedule is amber",
        ("at_risk", "amber", "amber", 0, False, NO),
        percent_complete=44.95,
    ),
    case(
        "exactly 70 percent of schedule is amber",
        ("at_risk", "amber", "amber", 0, False, NO),
        percent_complete=35,
    ),
    case(
        "69.9 percent of schedule is red",
        ("off_track", "red", "red", 0, False, NO),
        percent_complete=34.95,
    ),
    case(
        "13 of 18 days gone and 65 percent done is exactly 90 percent of schedule and green",
        # expected 100 x 13 / 18 = 72.2...%; 65 / 72.2... = 90% exactly, which floats make 89.99999999999999
        ("on_track", "green", "green", 0, False, NO),
        due=D("2026-01-19"),
        today=D("2026-01-14"),
        percent_complete=65,
    ),
    case(
        "37.8 percent done against 42 percent expected is exactly 90 percent of schedule and green",
        # 21 of 50 days: 42% expected; 37.8 / 42 = 90% as typed, though the float 37.8 is a hair below
        ("on_track", "green", "green", 0, False, NO),
        due=D("2026-02-20"),
        today=D("2026-01-22"),
        percent_complete=37.8,
    ),
    case(
        "an action in progress before its start has nothing expected yet so is green",
        ("on_track", "green", "green", 0, False, NO),
        start=D("2026-03-01"),
        percent_complete=0,
    ),
    case(
        "a one-day action due on its start date before that day has nothing expected so is green",
        ("on_track", "green", "green", 0, False, NO),
        start=D("2026-03-01"),
        due=D("2026-03-01"),
        percent_complete=0,
    ),
    case(
        "a one-day action due today expects all of it so half done is red",
        ("off_track", "red", "red", 0, False, NO),
        start=TODAY,
        due=TODAY,
        percent_complete=50,
    ),
    case(
        "ahead of schedule is green",
        ("on_track", "green", "green", 0, False, NO),
        percent_complete=100,
    ),
    case(
        "percent complete takes precedence over a late forecast",
        ("on_track", "green", "green", 0, False, NO),
        percent_complete=45,
        forecast_completion=D("2026-06-30"),
    ),
    case(
        "percent complete without a start date falls back to the forecast and is flagged",
        # forecast 12 May is 31 days after 11 April: red
        ("off_track", "red", "red", 0, False, flags("no_start_date")),
        start=None,
        percent_complete=10,
        forecast_completion=D("2026-05-12"),
    ),
    # Rule 8: the forecast completion date.
    case(
        "a forecast before the due date is green",
        ("on_track", "green", "green", 0, False, NO),
        forecast_completion=D("2026-03-01"),
    ),
    case(
        "a forecast on the due date is green",
        ("on_track", "green", "green", 0, False, NO),
        forecast_completion=D("2026-04-11"),
    ),
    case(
        "a forecast one day late is amber",
        ("at_risk", "amber", "amber", 0, False, NO),
        forecast_completion=D("2026-04-12"),
    ),
    case(
        "a forecast exactly 30 days late is amber",
        ("at_risk", "amber", "amber", 0, False, NO),
        forecast_completion=D("2026-05-11"),
    ),
    case(
        "a forecast 31 days late is red",
        ("off_track", "red", "red", 0, False, NO),
        forecast_completion=D("2026-05-12"),
    ),
    # Rule 9: nothing to judge by.
    case(
        "with neither percent complete nor a forecast an action not overdue is on track",
        ("on_track", "green", "green", 0, False, NO),
    ),
    case(
        "an action with no due date is on track and flagged, not a crash",
        ("on_track", "green", "green", 0, False, flags("no_due_date")),
        due=None,
        original_due=None,
        percent_complete=10,
    ),
    # The owner's self-assessment.
    case(
        "an owner's amber on a computed green makes it amber",
        ("at_risk", "amber", "green", 0, False, NO),
        percent_complete=45,
        self_assessed="amber",
    ),
    case(
        "an owner's red on a computed amber makes it red",
        ("off_track", "red", "amber", 0, False, NO),
        percent_complete=35,
        self_assessed="red",
    ),
    case(
        "an owner's green agreeing with a computed green changes nothing",
        ("on_track", "green", "green", 0, False, NO),
        percent_complete=45,
        self_assessed="green",
    ),
    case(
        "an owner's green on a computed red with a reason stands as an override",
        # 20% done against 50% expected is 40% of schedule: red
        ("on_track", "green", "red", 0, False, flags("override")),
        percent_complete=20,
        self_assessed="green",
        override_reason="Contract signed; the remaining work is a single delivery in March",
    ),
    case(
        "an owner's amber on a computed red with a reason stands as an override",
        ("at_risk", "amber", "red", 0, False, flags("override")),
        forecast_completion=D("2026-06-30"),
        self_assessed="amber",
        override_reason="Board agreed the later date",
    ),
    case(
        "an owner's green on a computed red without a reason is refused",
        ("off_track", "red", "red", 0, False, flags("override_refused")),
        percent_complete=20,
        self_assessed="green",
    ),
    case(
        "an owner's green on a computed red with a blank reason is refused",
        ("off_track", "red", "red", 0, False, flags("override_refused")),
        percent_complete=20,
        self_assessed="green",
        override_reason="   ",
    ),
    case(
        "an owner's green on a computed amber with an empty reason is refused",
        ("at_risk", "amber", "amber", 0, False, flags("override_refused")),
        forecast_completion=D("2026-04-20"),
        self_assessed="green",
        override_reason="",
    ),
    case(
        "a reason does not make an owner's worse rating an override",
        ("off_track", "red", "green", 0, False, NO),
        self_assessed="red",
        override_reason="Key officer leaving",
    ),
    # Slippage.
    case(
        "a due date brought forward gives negative slippage and no slipped flag",
        # original 30 April, due 11 April: 19 days earlier
        ("on_track", "green", "green", -19, False, NO),
        original_due=D("2026-04-30"),
    ),
    case(
        "a due date moved 30 days later has slipped but not by over 30 days",
        ("on_track", "green", "green", 30, False, flags("slipped")),
        original_due=D("2026-03-12"),
    ),
    case(
        "a due date moved 31 days later has slipped over 30 days",
        ("on_track", "green", "green", 31, False, flags("slipped", "slipped_over_30")),
        original_due=D("2026-03-11"),
    ),
    case(
        "an action with no original due date has no slippage",
        ("on_track", "green", "green", 0, False, NO),
        original_due=None,
    ),
    case(
        "slippage is shown on an action on hold too",
        # 1 March to 11 April: 30 + 11 = 41 days
        ("on_hold", "grey", "grey", 41, False, flags("slipped", "slipped_over_30")),
        status="on_hold",
        original_due=D("2026-03-01"),
    ),
]


@pytest.mark.parametrize(("inputs", "expect"), CASES)
def test_worked_case(inputs, expect):
    result = status_of(**inputs)
    got = (
        result.state,
        result.rag,
        result.computed_rag,
        result.slippage_days,
        result.completed_late,
        result.flags,
    )
    assert got == expect, result.reason


def test_the_table_covers_every_state_and_at_least_thirty_cases():
    states = {status_of(**inputs).state for inputs, _ in (c.values for c in CASES)}
    assert len(CASES) >= 30
    assert states == {
        "complete",
        "closed_not_delivered",
        "on_hold",
        "ongoing",
        "not_yet_due",
        "overdue",
        "on_track",
        "at_risk",
        "off_track",
    }


def test_the_thresholds_are_the_camms_and_bromsgrove_defaults():
    assert (SCHEDULE_GREEN_FROM, SCHEDULE_AMBER_FROM, FORECAST_AMBER_DAYS, SLIPPAGE_EXCEPTION_DAYS) == (
        90,
        70,
        30,
        30,
    )


# --- The reason, in words ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inputs", "reason"),
    [
        pytest.param(
            {"due": D("2026-02-19")},
            "Due 19 February 2026 and not complete: overdue.",
            id="an overdue action says when it was due",
        ),
        pytest.param(
            # 75 of 100 days gone: 75% expected; 42 / 75 = 56%
            {"today": D("2026-03-17"), "percent_complete": 42},
            "42% complete against 75% expected by now (56% of the progress expected): off track.",
            id="a schedule rating says what was done against what was expected",
        ),
        pytest.param(
            # 44.99 / 50 = 89.98%: shown rounded down so that it never reads as 90 next to at risk
            {"percent_complete": 44.99},
            "45% complete against 50% expected by now (89.9% of the progress expected): at risk.",
            id="a performance just under a threshold is never shown as reaching it",
        ),
        pytest.param(
            {"percent_complete": 45, "self_assessed": "amber"},
            "Owner says amber: worse than the computed green, so amber.",
            id="a worse self-assessment says it overrules the computed rating",
        ),
        pytest.param(
            {"percent_complete": 20, "self_assessed": "green"},
            "Owner says green, better than the computed red but with no reason for an override, so red.",
            id="a refused override says why it was refused",
        ),
        pytest.param(
            {"percent_complete": 20, "self_assessed": "green", "override_reason": "Signed"},
            "Owner says green, better than the computed red, with a reason for the override, "
            "so green (override).",
            id="an override says it is one",
        ),
        pytest.param(
            {"forecast_completion": D("2026-04-26")},
            "Forecast to finish 26 April 2026, 15 days after the due date of 11 April 2026: at risk.",
            id="a forecast rating says how late the forecast is",
        ),
        pytest.param(
            {"status": "not_started", "start": D("2026-03-02")},
            "Not started, and not due to start until 2 March 2026: not yet due.",
            id="a not yet due action says when it starts",
        ),
        pytest.param(
            {"status": "completed", "original_due": D("2026-03-31"), "completed": D("2026-04-03")},
            "Completed 3 April 2026, 3 days after the original due date of 31 March 2026: complete, late.",
            id="a late completion says how late against the original due date",
        ),
        pytest.param(
            {"status": "deferred"},
            "Deferred: closed, not delivered.",
            id="a deferred action says it was deferred",
        ),
    ],
)
def test_reason_sentence(inputs, reason):
    assert status_of(**inputs).reason == reason


def test_an_overridden_result_keeps_the_computed_reason_beside_the_final_one():
    result = status_of(percent_complete=20, self_assessed="green", override_reason="Signed")
    assert result.computed_reason == (
        "20% complete against 50% expected by now (40% of the progress expected): off track."
    )
    assert result.expected_percent == 50 and result.performance == 40


def test_a_tiny_share_of_a_long_schedule_is_not_shown_as_nothing_expected():
    result = status_of(start=D("2000-01-01"), due=D("2030-01-01"), today=D("2000-01-02"), percent_complete=1)
    assert result.reason.startswith("1% complete against under 0.1% expected by now")


def test_dates_are_written_as_people_write_them():
    assert long_date(D("2026-03-01")) == "1 March 2026"
    assert long_date(D("2026-11-29")) == "29 November 2026"


def test_percent_complete_may_be_a_decimal_from_the_database():
    assert status_of(percent_complete=Decimal("34.95")).state == "off_track"
    assert status_of(percent_complete=Decimal("35.00")).state == "at_risk"


# --- Bad input: a clear message naming what is wrong ----------------------------------------------


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        pytest.param({"status": "done"}, "Unknown action status 'done'", id="an unknown status is named"),
        pytest.param({"status": None}, "Unknown action status None", id="a missing status is named"),
        pytest.param({"today": None}, "today must be a date", id="today is required"),
        pytest.param(
            {"due": datetime(2026, 4, 11, 9, 0)},
            "due must be a date",
            id="a datetime is not taken for a date",
        ),
        pytest.param({"start": "2026-01-01"}, "start must be a date", id="a date as text is refused"),
        pytest.param(
            {"percent_complete": 101},
            "percent_complete must be a number from 0 to 100",
            id="over 100 is refused",
        ),
        pytest.param(
            {"percent_complete": -1},
            "percent_complete must be a number from 0 to 100",
            id="below 0 is refused",
        ),
        pytest.param(
            {"percent_complete": float("nan")},
            "percent_complete must be a number from 0 to 100",
            id="not a number is refused",
        ),
        pytest.param(
            {"percent_complete": Decimal("sNaN")},
            "percent_complete must be a number from 0 to 100",
            id="a signalling not-a-number decimal is refused",
        ),
        pytest.param(
            {"percent_complete": True}, "percent_complete must be a number", id="a true or false is refused"
        ),
        pytest.param(
            {"self_assessed": "grey"},
            "Unknown self-assessed RAG 'grey'",
            id="an owner cannot self-assess grey",
        ),
        pytest.param(
            {"self_assessed": "green", "override_reason": 5},
            "override_reason must be text",
            id="an override reason must be text",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_it(inputs, message):
    with pytest.raises(ValueError, match=message) as raised:
        status_of(**inputs)
    assert isinstance(raised.value, ActionStatusError)


# --- Exceptions (guide 6.4, item 7) ----------------------------------------------------------------


def exceptions_of(result, *, has_owner=True, has_due=True, closed_with_decision=False, update_missing=False):
    return action_exceptions(
        result=result,
        has_owner=has_owner,
        has_due=has_due,
        closed_with_decision=closed_with_decision,
        update_missing=update_missing,
    )


def codes(pairs):
    return [code for code, _ in pairs]


def test_an_action_on_track_with_an_owner_and_its_update_is_not_an_exception():
    assert exceptions_of(status_of(percent_complete=45)) == []


def test_a_red_action_is_listed_with_the_reason_it_is_red():
    pairs = exceptions_of(status_of(percent_complete=20))
    assert pairs == [
        ("red", "Red. 20% complete against 50% expected by now (40% of the progress expected): off track."),
    ]


def test_an_owners_red_is_listed_as_red():
    assert codes(exceptions_of(status_of(self_assessed="red"))) == ["red"]


def test_an_overdue_action_is_listed_once_as_overdue_not_also_as_red():
    pairs = exceptions_of(status_of(due=D("2026-02-19")))
    assert pairs == [
        ("overdue", "Due 19 February 2026 and not complete: overdue."),
    ]
    # Probe finding: beside "■ Red: overdue" the row said "overdue" three times.
    assert pairs[0][1].lower().count("overdue") == 1


def test_an_amber_action_is_not_listed_for_its_colour():
    assert exceptions_of(status_of(percent_complete=35)) == []


def test_slippage_is_listed_only_when_over_30_days():
    assert exceptions_of(status_of(original_due=D("2026-03-12"))) == []
    pairs = exceptions_of(status_of(original_due=D("2026-03-11")))
    assert pairs == [
        ("slipped_over_30", "The due date has moved 31 days later than first agreed (more than 30)."),
    ]


def test_an_action_on_hold_is_listed_as_not_on_track():
    pairs = exceptions_of(status_of(status="on_hold"))
    assert codes(pairs) == ["on_hold"]
    assert "not on track" in pairs[0][1]


def test_a_cancelled_action_without_a_decision_is_closed_without_approval():
    pairs = exceptions_of(status_of(status="cancelled"), update_missing=True, has_owner=False)
    assert pairs == [
        (
            "closed_without_approval",
            "Cancelled without a recorded decision approving it, so it was closed without approval.",
        )
    ]


def test_a_deferred_action_with_a_decision_is_not_an_exception():
    assert exceptions_of(status_of(status="deferred"), closed_with_decision=True) == []
    assert exceptions_of(status_of(status="deferred"))[0][1].startswith(
        "Deferred without a recorded decision"
    )


def test_no_owner_no_due_date_and_a_missing_update_are_each_listed_with_why():
    result = status_of(due=None, original_due=None)
    pairs = exceptions_of(result, has_owner=False, has_due=False, update_missing=True)
    assert pairs == [
        ("no_owner", "No owner is named, so no one is accountable for delivering it."),
        (
            "no_due_date",
            "No due date is set: it shows green only because there is no date to judge it against.",
        ),
        (
            "update_missing",
            "The owner's update for this reporting cycle was not received by the date it was due.",
        ),
    ]
    assert result.rag == "green"
    # Probe finding: "Green: on track" stood beside "progress cannot be judged"; an owner's amber is
    # not said to be green for want of a date.
    amber = status_of(due=None, original_due=None, self_assessed="amber")
    assert dict(exceptions_of(amber, has_due=False))["no_due_date"] == (
        "No due date is set, so progress cannot be judged against time."
    )


def test_a_completed_action_is_never_an_exception():
    result = status_of(status="completed", completed=D("2026-05-30"), original_due=D("2026-03-01"))
    assert result.completed_late and "slipped_over_30" in result.flags
    assert exceptions_of(result, has_owner=False, has_due=False, update_missing=True) == []


def test_ongoing_work_has_no_due_date_exception_but_is_listed_when_red():
    result = status_of(status="ongoing", due=None, original_due=None, self_assessed="red")
    assert codes(exceptions_of(result, has_due=False)) == ["red"]


def test_every_reason_is_listed_in_order_for_an_action_with_all_of_them():
    result = status_of(due=D("2026-02-19"), original_due=D("2026-01-10"))  # overdue, slipped 40 days
    pairs = exceptions_of(result, has_owner=False, update_missing=True)
    assert codes(pairs) == ["overdue", "slipped_over_30", "no_owner", "update_missing"]
    assert all(sentence.endswith(".") and sentence[0].isupper() for _, sentence in pairs)


# --- Roll-up counts --------------------------------------------------------------------------------


def many(count, **inputs):
    return [status_of(**inputs)] * count


def test_counts_read_as_councils_publish_them():
    results = (
        many(21, percent_complete=45)  # green
        + many(20, percent_complete=35)  # amber
        + many(1, status="ongoing", self_assessed="amber")  # ongoing work is counted by its owner's RAG
        + many(6, percent_complete=20)  # red
        + many(1, due=D("2026-02-19"))  # overdue is red
        + many(64, status="completed", completed=D("2026-02-01"))
    )
    counts = rag_counts(results)
    assert (counts.green, counts.amber, counts.red, counts.in_progress, counts.complete) == (
        21,
        21,
        7,
        49,
        64,
    )
    assert summary_sentence(counts) == "21 green, 21 amber, 7 red of 49 in progress; 64 complete"
    assert counts.summary_sentence() == summary_sentence(counts)
    assert counts.by_state["overdue"] == 1 and counts.by_state["off_track"] == 6
    assert counts.total == 113


def test_on_hold_counts_as_not_on_track():
    counts = rag_counts(many(3, percent_complete=45) + many(2, status="on_hold"))
    assert (counts.green, counts.on_hold, counts.in_progress, counts.not_on_track) == (3, 2, 5, 2)
    assert counts.percent_of_in_progress(counts.green) == 60
    assert (
        summary_sentence(counts)
        == "3 green, 0 amber, 0 red and 2 on hold, of 5 in progress or on hold; 0 complete"
    )


def test_not_yet_due_closed_and_unrated_work_are_named_only_when_present():
    counts = rag_counts(
        many(1, percent_complete=45)
        + many(2, status="ongoing")
        + many(4, status="not_started", start=D("2026-03-01"))
        + many(1, status="cancelled")
    )
    assert summary_sentence(counts) == (
        "1 green, 0 amber, 0 red and 2 with no RAG, of 3 in progress; 0 complete; 4 not yet due; "
        "1 closed, not delivered"
    )


def test_no_actions_say_so():
    counts = rag_counts([])
    assert summary_sentence(counts) == "No actions."
    assert counts.percent_of_in_progress(0) is None
    assert set(counts.by_state.values()) == {0}


def test_the_rules_module_imports_the_standard_library_only():
    tree = ast.parse(Path(module.__file__).read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported and {name.split(".")[0] for name in imported} <= sys.stdlib_module_names


def test_a_long_slip_is_said_with_a_thousands_separator_and_in_years():
    """Probe 7: "moved 3438 days later" was hard to read aloud."""
    from equalchance.plans.status import _plural

    assert (_plural(1), _plural(45), _plural(3438)) == ("1 day", "45 days", "3,438 days (about 9 years)")
