"""Owners' updates: only the owner or delegate posts them, they are never overwritten, and the owner can
make the RAG worse but not better without an override that carries a reason."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from equalchance.audit.models import AuditEvent
from equalchance.plans import selectors, services
from equalchance.plans.models import Action, ActionUpdate, Body, Escalation

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 30)


def post(action, by, **fields):
    fields.setdefault("status", "in_progress")
    fields.setdefault("progress", "Went to the partnership board.")
    return services.action_update_post(by=by, action=action, today=TODAY, **fields)


def test_someone_elses_action_cannot_be_updated_and_nothing_is_written(action, stranger, planner):
    for who in (stranger, planner):
        with pytest.raises(PermissionDenied):
            post(action, who)
    assert not ActionUpdate.objects.exists()
    assert Action.objects.get(pk=action.pk).status == "not_started"
    assert (
        AuditEvent.objects.filter(action="access.refused", object_id=str(action.pk), refused=True).count()
        == 2
    )


def test_the_delegate_may_post_for_the_owner(action, planner, stranger):
    services.action_edit(by=planner, action=action, delegate=stranger)
    post(action, stranger, percent_complete=95)
    assert Action.objects.get(pk=action.pk).percent_complete == 95


def test_an_update_is_kept_as_posted_and_a_second_one_does_not_overwrite_it(action, owner):
    first = post(action, owner, percent_complete=90, progress="First")
    post(action, owner, percent_complete=95, progress="Second")
    assert list(ActionUpdate.objects.order_by("pk").values_list("progress", flat=True)) == ["First", "Second"]
    first.progress = "Rewritten"
    with pytest.raises(ValueError, match="never overwritten"):
        first.save()
    assert ActionUpdate.objects.get(pk=first.pk).progress == "First"


def test_an_owner_can_make_the_rag_worse_by_saying_why(action, owner):
    # 11 of 12 months gone and 95% done: on schedule, green. The owner says amber.
    post(
        action, owner, percent_complete=95, self_assessed="amber", rag_reason="Partner capacity is stretched."
    )
    row = selectors.action_row(Action.objects.get(pk=action.pk), today=TODAY)
    assert (row.result.computed_rag, row.result.rag, row.result.state) == ("green", "amber", "at_risk")


def test_an_owner_cannot_make_a_red_action_look_green_without_an_override_reason(action, owner):
    # 11 of 12 months gone and 20% done: 22% of the expected 91%, red.
    with pytest.raises(ValidationError) as refused:
        post(action, owner, percent_complete=20, self_assessed="green", rag_reason="All fine.")
    assert "override_reason" in refused.value.message_dict
    assert "red" in refused.value.message_dict["override_reason"][0]
    assert not ActionUpdate.objects.exists()
    assert Action.objects.get(pk=action.pk).percent_complete is None


def test_an_override_with_a_reason_stands_and_is_flagged(action, owner):
    post(
        action,
        owner,
        percent_complete=20,
        self_assessed="green",
        rag_reason="Funding agreed.",
        override_reason="The remaining 80% is one purchase, signed off yesterday.",
    )
    row = selectors.action_row(Action.objects.get(pk=action.pk), today=TODAY)
    assert row.result.rag == "green" and row.result.computed_rag == "red"
    assert "override" in row.result.flags


def test_a_moved_due_date_needs_a_reason_and_shows_as_slippage(action, owner):
    with pytest.raises(ValidationError) as refused:
        post(action, owner, revised_due=date(2027, 3, 31))
    assert "revised_due_reason" in refused.value.message_dict
    post(action, owner, revised_due=date(2027, 3, 31), revised_due_reason="Waiting for the new contract.")
    moved = Action.objects.get(pk=action.pk)
    assert (moved.due, moved.original_due) == (date(2027, 3, 31), date(2026, 12, 31))
    row = selectors.action_row(moved, today=TODAY)
    assert row.result.slippage_days == 90 and "slipped" in row.result.flags


def test_a_blockage_escalated_to_a_board_waits_for_its_next_agenda(action, owner, planner):
    board = services.body_create(by=planner, key="ehb", name="Early Help Board", type="thematic_group")
    post(action, owner, blockers="No venue.", escalate_to=board, escalation_summary="Find a venue.")
    assert [e.action_id for e in selectors.escalations_pending(body=board)] == [action.pk]
    with pytest.raises(ValidationError):
        post(action, owner, escalate_to=board)  # no summary: nothing asked of the board
    assert Escalation.objects.count() == 1


def test_audit_events_of_an_update_hold_no_typed_text(action, owner):
    post(
        action, owner, progress="Met Jo Bloggs at 1 High Street", self_assessed="red", rag_reason="Jo is ill"
    )
    event = AuditEvent.objects.get(action="plans.action_update_post")
    assert "Jo" not in str(event.changes) and "High Street" not in str(event.changes)


def test_a_viewer_cannot_create_or_edit_plans_or_actions(action, owner, plan):
    with pytest.raises(PermissionDenied):
        services.action_edit(by=owner, action=action, title="Mine now")
    with pytest.raises(PermissionDenied):
        services.plan_update(by=owner, plan=plan, title="Mine now")
    assert Action.objects.get(pk=action.pk).title == "Publish the action plan"
    assert not Body.objects.exists()


def test_an_overdue_action_cannot_be_assessed_green_even_with_a_reason_and_nothing_is_written(action, owner):
    # Due 31 December 2026; on 1 February 2027 it is overdue, red whatever the owner says.
    with pytest.raises(ValidationError) as refused:
        services.action_update_post(
            by=owner,
            action=action,
            today=date(2027, 2, 1),
            status="in_progress",
            progress="Nearly there.",
            self_assessed="green",
            rag_reason="Fine",
            override_reason="The board agreed",
        )
    assert "overdue" in refused.value.message_dict["self_assessed"][0]
    assert not ActionUpdate.objects.exists()


def test_the_first_move_of_a_due_date_with_no_baseline_keeps_the_old_date_as_the_baseline(action, owner):
    Action.objects.filter(pk=action.pk).update(original_due=None)
    action.refresh_from_db()
    post(action, owner, revised_due=date(2027, 6, 30), revised_due_reason="Partner capacity")
    moved = Action.objects.get(pk=action.pk)
    assert moved.original_due == date(2026, 12, 31)
    assert selectors.action_row(moved, today=TODAY).result.slippage_days == 181


def test_a_due_date_set_for_the_first_time_is_the_baseline_a_later_move_slips_from(action, owner):
    Action.objects.filter(pk=action.pk).update(due=None, original_due=None)
    action.refresh_from_db()
    post(action, owner, revised_due=date(2027, 3, 31), revised_due_reason="Agreed at the board")
    dated = Action.objects.get(pk=action.pk)
    assert dated.original_due == date(2027, 3, 31)
    assert selectors.action_row(dated, today=TODAY).result.slippage_days == 0
    post(
        dated, owner, progress="Later.", revised_due=date(2027, 6, 30), revised_due_reason="Partner capacity"
    )
    moved = Action.objects.get(pk=action.pk)
    assert moved.original_due == date(2027, 3, 31)
    assert selectors.action_row(moved, today=TODAY).result.slippage_days == 91


def test_the_actions_own_audit_trail_holds_its_updates_and_escalations(action, owner, planner):
    board = services.body_create(by=planner, key="ehb", name="Early Help Board", type="thematic_group")
    update = post(action, owner, blockers="No venue.", escalate_to=board, escalation_summary="Find a venue.")
    trail = AuditEvent.objects.filter(object_type="plans.action", object_id=str(action.pk))
    assert [e.action for e in trail.order_by("pk")] == [
        "plans.action_create",
        "plans.action_update_post",
        "plans.escalation_raise",
    ]
    assert trail.get(action="plans.action_update_post").changes["update"] == update.pk
    assert trail.get(action="plans.escalation_raise").changes["escalation"] == Escalation.objects.get().pk


def test_the_same_update_sent_twice_is_kept_once(action, owner):
    post(action, owner, percent_complete=95)
    with pytest.raises(ValidationError) as refused:
        post(action, owner, percent_complete=95)
    assert "already been posted" in refused.value.message_dict["progress"][0]
    assert ActionUpdate.objects.count() == 1


def test_update_text_is_limited_and_a_long_one_is_refused_with_what_was_typed_kept(client, action, owner):
    from django.urls import reverse

    client.force_login(owner)
    response = client.post(
        reverse("plans:action-update", args=[action.pk]), {"status": "in_progress", "progress": "x" * 5_001}
    )
    assert response.status_code == 200 and "5,000 characters or fewer" in response.content.decode()
    assert not ActionUpdate.objects.exists()


def test_re_baselining_or_closing_an_action_needs_a_decision_and_a_closed_one_leaves_the_exceptions(
    action, owner, planner
):
    with pytest.raises(ValidationError) as refused:
        services.action_rebaseline(
            by=planner, action=action, original_due=date(2027, 6, 30), decision_text="", decided_on=None
        )
    assert set(refused.value.message_dict) == {"decision_text", "decided_on"}
    assert Action.objects.get(pk=action.pk).original_due == date(2026, 12, 31)
    services.action_rebaseline(
        by=planner,
        action=action,
        original_due=date(2027, 6, 30),
        decision_text="Board, minute 9",
        decided_on=TODAY,
    )
    moved = Action.objects.get(pk=action.pk)
    assert (moved.original_due, moved.due) == (date(2027, 6, 30), date(2027, 6, 30))
    post(moved, owner, status="cancelled", progress="Stopped.")
    closed = selectors.action_row(Action.objects.get(pk=action.pk), today=TODAY)
    assert [code for code, _ in closed.exceptions] == ["closed_without_approval"]
    services.action_close(
        by=planner, action=moved, status="cancelled", decision_text="Board, minute 10", decided_on=TODAY
    )
    assert selectors.action_row(Action.objects.get(pk=action.pk), today=TODAY).exceptions == []
    with pytest.raises(PermissionDenied):
        services.action_close(
            by=owner, action=moved, status="deferred", decision_text="Mine", decided_on=TODAY
        )


def test_a_decision_about_a_restricted_action_stays_off_the_plan_page_api_and_reports(
    client, plan, planner, stranger
):
    from django.urls import reverse

    from equalchance.plans.tests.factories import action_make

    quiet = action_make(by=planner, plan=plan, title="Quiet work", visibility="restricted")
    services.action_close(
        by=planner,
        action=quiet,
        status="cancelled",
        decision_text="Stopped the quiet work.",
        decided_on=TODAY,
    )
    client.force_login(stranger)  # reads partnership plans, not restricted actions
    assert "Stopped the quiet work." not in client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
    assert "Stopped the quiet work." not in str(client.get(f"/api/plans/{plan.pk}/").json())
    client.force_login(planner)
    assert "Stopped the quiet work." in client.get(reverse("plans:plan", args=[plan.pk])).content.decode()
