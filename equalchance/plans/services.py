"""Writes for plans and governance. Each checks who may make the change (asking `selectors`), writes
in one transaction with its audit event, and refuses bad values with a ValidationError that names the
field. Audit events hold references and codes, never typed text."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from equalchance.audit.actions import Action as Audit
from equalchance.audit.services import audit_event_record, audit_refusal_record
from equalchance.plans import selectors, workflow
from equalchance.plans import status as rules
from equalchance.plans.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Body,
    BodyMember,
    Decision,
    ElementKind,
    ElementMeasure,
    Escalation,
    Meeting,
    Plan,
    PlanElement,
)

RAG_ORDER = {"green": 0, "amber": 1, "red": 2}
SELF_ASSESSED_STATES = {"on_track", "at_risk", "off_track", "ongoing"}
REPEAT_WINDOW = timedelta(minutes=10)  # the same post again within this is a repeated submission


def plan_editor_check(by, *, what: str, obj_type: str, obj_id="") -> None:
    if not selectors.may_edit_plans(by):
        audit_refusal_record(
            actor=by, action=Audit.ACCESS_REFUSED, object_type=obj_type, object_id=obj_id, why=what
        )
        raise PermissionDenied(f"Only plan editors and administrators can {what}.")


def _text(value: str | None) -> str:
    return (value or "").strip()


# --- Plans --------------------------------------------------------------------------------------


def _plan_check(plan: Plan) -> None:
    errors = {}
    if plan.period_start and plan.period_end and plan.period_end < plan.period_start:
        errors["period_end"] = "The end of the plan's period must be on or after its start."
    if plan.type == Plan.Type.AREA_ACTION_PLAN and plan.priority_area_id is None:
        errors["priority_area"] = "An area action plan is for a priority area: choose one."
    ancestor, seen = plan.parent, set()
    while ancestor is not None and ancestor.pk not in seen:
        if plan.pk is not None and ancestor.pk == plan.pk:
            errors["parent"] = "A plan cannot sit under itself or one of its own sub-plans."
            break
        seen.add(ancestor.pk)
        ancestor = ancestor.parent
    if errors:
        raise ValidationError(errors)


def plan_create(*, by, key: str, title: str, type: str, **fields) -> Plan:
    plan_editor_check(by, what="create plans", obj_type="plan")
    plan = Plan(key=key, title=_text(title), type=type, created_by=by, **fields)
    _plan_check(plan)
    plan.full_clean()
    with transaction.atomic():
        plan.save()
        audit_event_record(actor=by, action=Audit.PLAN_CREATE, obj=plan, changes={"type": type})
    return plan


PLAN_FIELDS = (
    "title",
    "type",
    "parent",
    "body",
    "lead",
    "lead_role",
    "period_start",
    "period_end",
    "visibility",
    "priority_area",
    "summary",
    "source",
)


def plan_update(*, by, plan: Plan, **fields) -> Plan:
    """Change a plan's description. Its status changes only through `plan_status_change`."""
    plan_editor_check(by, what="change plans", obj_type="plan", obj_id=plan.pk)
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"Not a plan field that can be changed here: {', '.join(sorted(unknown))}")
    changed = sorted(k for k, v in fields.items() if getattr(plan, k) != v)
    for name, value in fields.items():
        setattr(plan, name, value)
    _plan_check(plan)
    plan.full_clean(exclude=["key"])
    with transaction.atomic():
        plan.save()
        audit_event_record(actor=by, action=Audit.PLAN_UPDATE, obj=plan, changes={"fields": changed})
    return plan


def plan_status_change(
    *,
    by,
    plan: Plan,
    status: str,
    decision_text: str = "",
    decided_on: date | None = None,
    body: Body | None = None,
) -> Decision | None:
    """Move a plan along its workflow. Approving, re-approving after review (a new version) and
    closing need a recorded decision: its words, its date and the board that took it."""
    plan_editor_check(by, what="change a plan's status", obj_type="plan", obj_id=plan.pk)
    decision = None
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        try:
            kind = workflow.decision_needed(plan.status, status)
        except workflow.TransitionRefused as refused:
            raise ValidationError({"status": str(refused)}) from None
        if kind:
            errors = {}
            if not _text(decision_text):
                errors["decision_text"] = "Enter the decision as it was recorded (for example the minute)."
            if decided_on is None:
                errors["decided_on"] = "Enter the date of the decision."
            elif decided_on > timezone.localdate():
                errors["decided_on"] = "The date of the decision must be today or in the past."
            elif (
                latest := plan.decisions.order_by("-decided_on").first()
            ) and decided_on < latest.decided_on:
                errors["decided_on"] = (
                    f"The plan's last decision was on {latest.decided_on:%-d %B %Y}: "
                    "this one cannot be earlier."
                )
            if errors:
                raise ValidationError(errors)
            decision = Decision.objects.create(
                kind=kind,
                text=_text(decision_text),
                decided_on=decided_on,
                body=body or plan.body,
                plan=plan,
                recorded_by=by,
            )
            audit_event_record(actor=by, action=Audit.DECISION_RECORD, obj=decision, changes={"kind": kind})
        if status == workflow.APPROVED and plan.type == Plan.Type.AREA_ACTION_PLAN:
            _baseline_freeze(plan=plan, decision=decision, by=by)
        before = plan.status
        plan.version = workflow.version_after(before, status, plan.version)
        plan.status = status
        plan.save(update_fields=["status", "version", "updated_at"])
        audit_event_record(
            actor=by,
            action=Audit.PLAN_STATUS,
            obj=plan,
            changes={
                "from": before,
                "to": status,
                "version": plan.version,
                "decision": getattr(decision, "pk", None),
            },
        )
    return decision


def _baseline_freeze(*, plan: Plan, decision: Decision, by) -> None:
    """An area plan's approval freezes its area's measures as they stand: its baseline."""
    from equalchance.plans.baselines import area_measures
    from equalchance.plans.models import PlanBaseline

    baseline = PlanBaseline.objects.create(
        plan=plan, decision=decision, frozen_on=decision.decided_on, data=area_measures(plan), frozen_by=by
    )
    audit_event_record(actor=by, action=Audit.PLAN_BASELINE, obj=baseline, changes={"plan": plan.pk})


# --- Elements -----------------------------------------------------------------------------------


def element_add(
    *,
    by,
    plan: Plan,
    kind: ElementKind,
    code: str,
    title: str,
    parent: PlanElement | None = None,
    description: str = "",
    current_position: str = "",
    source: str = "",
) -> PlanElement:
    plan_editor_check(by, what="change plans", obj_type="plan", obj_id=plan.pk)
    errors = {}
    if parent is not None and parent.plan_id != plan.pk:
        errors["parent"] = "The element it sits under must belong to the same plan."
    code = _text(code)
    if plan.elements.filter(code=code).exists():
        errors["code"] = f"This plan already has an element coded {code}: choose another code."
    if errors:
        raise ValidationError(errors)
    order = (plan.elements.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    element = PlanElement(
        plan=plan,
        parent=parent,
        kind=kind,
        code=code,
        title=_text(title),
        description=_text(description),
        current_position=_text(current_position),
        order=order,
        source=source,
    )
    element.full_clean()
    with transaction.atomic():
        element.save()
        audit_event_record(
            actor=by, action=Audit.ELEMENT_CREATE, obj=element, changes={"plan": plan.pk, "code": code}
        )
    return element


def element_update(
    *, by, element: PlanElement, title: str, description: str, current_position: str
) -> PlanElement:
    plan_editor_check(by, what="change plans", obj_type="plan_element", obj_id=element.pk)
    element.title, element.description = _text(title), _text(description)
    element.current_position = _text(current_position)
    element.full_clean()
    with transaction.atomic():
        element.save()
        audit_event_record(actor=by, action=Audit.ELEMENT_UPDATE, obj=element)
    return element


def element_measure_link(*, by, element: PlanElement, indicator=None, text: str = "") -> ElementMeasure:
    """'Measured by': an indicator of the scorecard, or a metric named in words."""
    plan_editor_check(by, what="change plans", obj_type="plan_element", obj_id=element.pk)
    if indicator is None and not _text(text):
        raise ValidationError({"indicator": "Choose an indicator, or describe the measure in words."})
    if indicator is not None and element.measures.filter(indicator=indicator).exists():
        raise ValidationError({"indicator": "This element is already measured by that indicator."})
    with transaction.atomic():
        measure = ElementMeasure.objects.create(element=element, indicator=indicator, text=_text(text))
        audit_event_record(
            actor=by,
            action=Audit.ELEMENT_MEASURE_LINK,
            obj=measure,
            changes={"element": element.pk, "indicator": getattr(indicator, "code", None)},
        )
    return measure


def contribution_link(
    *, by, to_element: PlanElement, strength: str = "strong", from_element=None, from_action=None, source=""
):
    """Say that an element or an action contributes (strongly or weakly) to an element of another plan."""
    from equalchance.plans.models import Contribution

    plan_editor_check(by, what="change plans", obj_type="plan_element", obj_id=to_element.pk)
    errors = {}
    if (from_element is None) == (from_action is None):
        errors["from_element"] = "Choose one element or one action that contributes."
    origin_plan = (from_element or from_action).plan_id if (from_element or from_action) else None
    if origin_plan == to_element.plan_id:
        errors["to_element"] = "A contribution links to an element of another plan (the one it delivers)."
    if strength not in Contribution.Strength.values:
        errors["strength"] = "Choose strong or weak."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        link, _ = Contribution.objects.update_or_create(
            from_element=from_element,
            from_action=from_action,
            to_element=to_element,
            defaults={"strength": strength, "source": source[:300]},
        )
        audit_event_record(actor=by, action=Audit.CONTRIBUTION_LINK, obj=link, changes={"strength": strength})
    return link


# --- Actions ------------------------------------------------------------------------------------


def _action_check(action: Action) -> None:
    errors = {}
    if action.element_id and action.element.plan_id != action.plan_id:
        errors["element"] = "The element must belong to the action's plan."
    if action.parent_id and action.parent.plan_id != action.plan_id:
        errors["parent"] = "A sub-action must belong to the same plan as its parent."
    if action.start and action.due and action.due < action.start:
        errors["due"] = "The due date must be on or after the start date."
    if action.area_id and action.area_id not in selectors.plan_area_codes(action.plan):
        errors["area"] = "Choose an LSOA in the plan's priority area."
    if action.percent_complete is not None and not 0 <= action.percent_complete <= 100:
        errors["percent_complete"] = "Per cent complete must be a whole number from 0 to 100."
    if errors:
        raise ValidationError(errors)


def action_create(*, by, plan: Plan, title: str, **fields) -> Action:
    """A new action; its original due date is the due date it starts with (re-baselining it later
    needs a decision)."""
    plan_editor_check(by, what="add actions", obj_type="plan", obj_id=plan.pk)
    action = Action(plan=plan, title=_text(title), **fields)
    if action.original_due is None:
        action.original_due = action.due
    _action_check(action)
    action.order = (plan.actions.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    action.full_clean()
    with transaction.atomic():
        action.save()
        audit_event_record(actor=by, action=Audit.ACTION_CREATE, obj=action, changes={"plan": plan.pk})
    return action


ACTION_FIELDS = (
    "title",
    "description",
    "element",
    "parent",
    "type",
    "category",
    "owner",
    "delegate",
    "lead_organisation",
    "lead_text",
    "body",
    "area",
    "start",
    "visibility",
)


def action_edit(*, by, action: Action, **fields) -> Action:
    """Plan editors change an action's description and who owns it. Its dates and status move by
    updates (the owner's) and decisions (re-baselining, closing), never here."""
    plan_editor_check(by, what="change actions", obj_type="action", obj_id=action.pk)
    unknown = set(fields) - set(ACTION_FIELDS)
    if unknown:
        raise ValueError(f"Not an action field that can be changed here: {', '.join(sorted(unknown))}")
    changed = sorted(k for k, v in fields.items() if getattr(action, k) != v)
    for name, value in fields.items():
        setattr(action, name, value)
    _action_check(action)
    action.full_clean()
    with transaction.atomic():
        action.save()
        audit_event_record(actor=by, action=Audit.ACTION_UPDATE, obj=action, changes={"fields": changed})
    return action


def _action_decision(
    *, by, action: Action, kind: str, decision_text: str, decided_on: date | None, body
) -> Decision:
    """The decision that re-baselines or closes an action: its words and its date, today or earlier."""
    errors = {}
    if not _text(decision_text):
        errors["decision_text"] = "Enter the decision as it was recorded (for example the minute)."
    if decided_on is None or decided_on > timezone.localdate():
        errors["decided_on"] = "Enter the date of the decision, today or in the past."
    if errors:
        raise ValidationError(errors)
    return Decision.objects.create(
        kind=kind,
        text=_text(decision_text),
        decided_on=decided_on,
        body=body or action.body or action.plan.body,
        plan=action.plan,
        action=action,
        recorded_by=by,
    )


def action_rebaseline(
    *, by, action: Action, original_due: date, decision_text: str, decided_on: date, body=None
):
    """Move the baseline (original due date): only by a recorded decision."""
    plan_editor_check(by, what="re-baseline actions", obj_type="action", obj_id=action.pk)
    with transaction.atomic():
        decision = _action_decision(
            by=by,
            action=action,
            kind=Decision.Kind.REBASELINE_ACTION,
            decision_text=decision_text,
            decided_on=decided_on,
            body=body,
        )
        before = action.original_due
        action.original_due = original_due
        if action.due is None or action.due < original_due:
            action.due = original_due
        action.save(update_fields=["original_due", "due"])
        audit_event_record(
            actor=by,
            action=Audit.ACTION_REBASELINE,
            obj=action,
            changes={"from": str(before), "to": str(original_due), "decision": decision.pk},
        )
    return decision


def action_close(
    *, by, action: Action, status: str, decision_text: str, decided_on: date, body=None
) -> Decision:
    """Cancel or defer an action by a recorded decision (without one it is flagged 'closed without
    approval')."""
    plan_editor_check(by, what="close actions", obj_type="action", obj_id=action.pk)
    if status not in (Action.Status.CANCELLED, Action.Status.DEFERRED):
        raise ValidationError({"status": "An action is closed as cancelled or deferred."})
    with transaction.atomic():
        decision = _action_decision(
            by=by,
            action=action,
            kind=Decision.Kind.CLOSE_ACTION,
            decision_text=decision_text,
            decided_on=decided_on,
            body=body,
        )
        action.status = status
        action.save(update_fields=["status"])
        audit_event_record(
            actor=by,
            action=Audit.ACTION_CLOSE,
            obj=action,
            changes={"status": status, "decision": decision.pk},
        )
    return decision


def action_update_post(
    *,
    by,
    action: Action,
    status: str,
    progress: str,
    today: date | None = None,
    next_steps: str = "",
    blockers: str = "",
    percent_complete: int | None = None,
    forecast_completion: date | None = None,
    completed: date | None = None,
    self_assessed: str = "",
    rag_reason: str = "",
    override_reason: str = "",
    revised_due: date | None = None,
    revised_due_reason: str = "",
    escalate_to: Body | None = None,
    escalation_summary: str = "",
    synthetic: bool = False,
) -> ActionUpdate:
    """The owner's (or delegate's) check-in. It is kept as posted, never overwritten; the action's
    current status, % complete, due and completed dates follow it. The owner can make the RAG worse
    by self-assessment, never better, unless they say why (an override, shown in every report)."""
    if not selectors.may_update_action(by, action):
        audit_refusal_record(
            actor=by, action=Audit.ACCESS_REFUSED, object_type="action", object_id=action.pk, why="not owner"
        )
        raise PermissionDenied("Only the action's owner or their delegate can post an update on it.")
    today = today or timezone.localdate()
    errors = {}
    if status not in Action.Status.values:
        errors["status"] = "Choose the action's status."
    if not _text(progress):
        errors["progress"] = "Say what progress has been made since the last update."
    if percent_complete is not None and not 0 <= percent_complete <= 100:
        errors["percent_complete"] = "Per cent complete must be a whole number from 0 to 100."
    if self_assessed and self_assessed not in RAG_ORDER:
        errors["self_assessed"] = "Choose green, amber or red."
    if self_assessed and not _text(rag_reason):
        errors["rag_reason"] = "Say why you assess it as this colour."
    if revised_due is not None and revised_due != action.due and not _text(revised_due_reason):
        errors["revised_due_reason"] = "Say why the due date has moved."
    if revised_due is not None and action.start and revised_due < action.start:
        errors["revised_due"] = "The revised due date must be on or after the start date."
    if status == Action.Status.COMPLETED and completed is None:
        errors["completed"] = "Enter the date the action was completed."
    if completed is not None and completed > today:
        errors["completed"] = "The completion date must be today or in the past."
    if escalate_to is not None and not _text(escalation_summary):
        errors["escalation_summary"] = "Say what the board is asked to unblock."
    if errors:
        raise ValidationError(errors)
    due = revised_due or action.due
    pc = percent_complete if percent_complete is not None else action.percent_complete
    computed = rules.action_status(
        status=status,
        start=action.start,
        due=due,
        original_due=action.original_due or action.due,
        today=today,
        completed=completed,
        percent_complete=pc,
        forecast_completion=forecast_completion,
    )
    if (
        self_assessed
        and computed.state not in SELF_ASSESSED_STATES
        and computed.rag in RAG_ORDER
        and RAG_ORDER[self_assessed] < RAG_ORDER[computed.rag]
    ):
        # The rules take an owner's view only of work on, at risk of or off its schedule: an overdue
        # action is red however it is assessed, so an override here would be shown nowhere.
        raise ValidationError(
            {
                "self_assessed": f"This action is {computed.rag} because it is "
                f"{computed.state.replace('_', ' ')}: your assessment cannot change that. Move its due date "
                "(with a reason) or complete it."
            }
        )
    if (
        self_assessed
        and computed.rag in RAG_ORDER
        and RAG_ORDER[self_assessed] < RAG_ORDER[computed.rag]
        and not _text(override_reason)
    ):
        raise ValidationError(
            {
                "override_reason": f"The dates and progress make this action {computed.rag}. You can make it "
                f"look worse, not better, unless you give a reason for overriding, which every report shows."
            }
        )
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action.pk)
        last = action.updates.filter(author=by).order_by("-posted_at", "-pk").first()
        if (
            last is not None
            and timezone.now() - last.posted_at < REPEAT_WINDOW
            and (last.status, last.progress, last.percent_complete)
            == (status, _text(progress), percent_complete)
        ):
            raise ValidationError({"progress": "This update has already been posted (it was sent twice)."})
        cycle = selectors.cycle_current(plan=action.plan, today=today)
        update = ActionUpdate.objects.create(
            action=action,
            author=by,
            posted_at=timezone.now(),
            cycle=cycle,
            status=status,
            percent_complete=percent_complete,
            forecast_completion=forecast_completion,
            progress=_text(progress),
            next_steps=_text(next_steps),
            blockers=_text(blockers),
            self_assessed=self_assessed,
            rag_reason=_text(rag_reason),
            override_reason=_text(override_reason) if self_assessed else "",
            revised_due=revised_due,
            revised_due_reason=_text(revised_due_reason),
            synthetic=synthetic,
        )
        if action.original_due is None and due is not None:
            # The date first set is the baseline any later move is measured from.
            action.original_due = action.due or due
        action.status, action.percent_complete, action.due = status, pc, due
        action.completed = completed if status == Action.Status.COMPLETED else None
        action.save(update_fields=["status", "percent_complete", "due", "original_due", "completed"])
        audit_event_record(
            actor=by,
            action=Audit.ACTION_UPDATE_POST,
            obj=action,  # so that the action's own trail shows each update
            changes={
                "update": update.pk,
                "status": status,
                "rag": self_assessed or None,
                "due_moved": due != action.original_due,
            },
        )
        if escalate_to is not None:
            escalation = Escalation.objects.create(
                action=action,
                update=update,
                body=escalate_to,
                summary=_text(escalation_summary),
                raised_by=by,
            )
            audit_event_record(
                actor=by,
                action=Audit.ESCALATION_RAISE,
                obj=action,
                changes={"escalation": escalation.pk, "body": escalate_to.pk},
            )
    return update


# --- Boards and meetings ------------------------------------------------------------------------


def body_create(*, by, key: str, name: str, type: str, **fields) -> Body:
    plan_editor_check(by, what="create boards", obj_type="body")
    body = Body(key=key, name=_text(name), type=type, **fields)
    if body.reports_to_id and body.reports_to_id == body.pk:
        raise ValidationError({"reports_to": "A board cannot report to itself."})
    body.full_clean()
    with transaction.atomic():
        body.save()
        audit_event_record(actor=by, action=Audit.BODY_CREATE, obj=body, changes={"type": type})
    return body


def body_member_add(
    *, by, body: Body, role: str, title: str = "", user=None, organisation=None, started_on=None
):
    plan_editor_check(by, what="change who sits on boards", obj_type="body", obj_id=body.pk)
    member = BodyMember(
        body=body, role=role, title=_text(title), user=user, organisation=organisation, started_on=started_on
    )
    member.full_clean()
    with transaction.atomic():
        member.save()
        audit_event_record(
            actor=by, action=Audit.BODY_MEMBER_ADD, obj=member, changes={"body": body.pk, "role": role}
        )
    return member


def _check_meetings(by, body: Body) -> None:
    if not selectors.may_manage_meetings(by, body):
        audit_refusal_record(
            actor=by, action=Audit.ACCESS_REFUSED, object_type="body", object_id=body.pk, why="meetings"
        )
        raise PermissionDenied("Only the board's secretary and plan editors can manage its meetings.")


def meeting_create(
    *, by, body: Body, starts_at, ends_at=None, venue: str = "", public: bool = False
) -> Meeting:
    _check_meetings(by, body)
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError({"ends_at": "The meeting must end after it starts."})
    problem = workflow.meeting_day_problem(timezone.localdate(starts_at), today=timezone.localdate())
    if problem:
        raise ValidationError({"day": problem})
    with transaction.atomic():
        meeting = Meeting.objects.create(
            body=body, starts_at=starts_at, ends_at=ends_at, venue=_text(venue), public=public, created_by=by
        )
        audit_event_record(actor=by, action=Audit.MEETING_CREATE, obj=meeting, changes={"body": body.pk})
    return meeting


def agenda_item_add(
    *,
    by,
    meeting: Meeting,
    title: str,
    purpose: str = "discussion",
    presenter: str = "",
    paper=None,
    escalation=None,
) -> AgendaItem:
    _check_meetings(by, meeting.body)
    if not _text(title):
        raise ValidationError({"title": "Enter the agenda item's title."})
    if escalation is not None and escalation.body_id != meeting.body_id:
        raise ValidationError({"escalation": "That escalation was raised to another board."})
    if meeting.agenda.filter(title=_text(title)).exists():  # a repeated post, or the same item twice
        raise ValidationError({"title": "The meeting's agenda already has an item with this title."})
    with transaction.atomic():
        order = (meeting.agenda.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        item = AgendaItem.objects.create(
            meeting=meeting,
            order=order,
            title=_text(title),
            purpose=purpose,
            presenter=_text(presenter),
            paper=paper,
        )
        if escalation is not None:
            escalation.agenda_item = item
            escalation.save(update_fields=["agenda_item"])
        audit_event_record(actor=by, action=Audit.AGENDA_ITEM_ADD, obj=item, changes={"meeting": meeting.pk})
    return item


def decision_record(
    *, by, meeting: Meeting, text: str, decided_on: date | None = None, agenda_item=None, kind: str = "other"
) -> Decision:
    _check_meetings(by, meeting.body)
    if not _text(text):
        raise ValidationError({"text": "Enter the decision as minuted."})
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": "That agenda item belongs to another meeting."})
    if meeting.starts_at.date() > timezone.localdate():
        raise ValidationError({"text": "A decision is recorded once the meeting has been held."})
    if meeting.decisions.filter(text=_text(text)).exists():
        raise ValidationError({"text": "This decision is already recorded for the meeting."})
    with transaction.atomic():
        decision = Decision.objects.create(
            kind=kind,
            text=_text(text),
            decided_on=decided_on or meeting.starts_at.date(),
            body=meeting.body,
            meeting=meeting,
            agenda_item=agenda_item,
            recorded_by=by,
        )
        audit_event_record(actor=by, action=Audit.DECISION_RECORD, obj=decision, changes={"kind": kind})
    return decision


# --- Reports ------------------------------------------------------------------------------------


def report_issue_create(*, by, kind: str, plan: Plan, public: bool = False, today: date | None = None):
    """Produce and freeze a report of a plan the author may see. Staff who read plans produce
    partnership issues; only plan editors produce public ones, built as the public sees the plan."""
    from equalchance.plans import reports
    from equalchance.plans.models import ReportIssue

    if kind not in reports.BUILDERS:
        raise ValidationError({"kind": "Choose a kind of report."})
    if kind == "area-baseline" and plan.type != Plan.Type.AREA_ACTION_PLAN:
        raise ValidationError({"kind": "Progress against a baseline is a report of an area action plan."})
    if not selectors.may_produce_reports(by, plan=plan):
        audit_refusal_record(
            actor=by, action=Audit.ACCESS_REFUSED, object_type="plan", object_id=plan.pk, why="report"
        )
        raise PermissionDenied("You cannot produce reports of this plan.")
    if public and not selectors.may_edit_plans(by):
        raise PermissionDenied("Only plan editors can publish a report.")
    today = today or timezone.localdate()
    data = reports.BUILDERS[kind](user=by, plan=plan, today=today, public=public)
    with transaction.atomic():
        issue = ReportIssue.objects.create(
            kind=kind,
            title=f"{reports.KINDS[kind]}: {plan.title}"[:300],
            plan=plan,
            body=plan.body,
            as_at=today,
            public=public,
            data=data,
            generated_by=by,
        )
        audit_event_record(
            actor=by, action=Audit.REPORT_ISSUE, obj=issue, changes={"kind": kind, "public": public}
        )
    return issue


# --- Community assets ---------------------------------------------------------------------------


def _asset_place(postcode: str) -> tuple[str, float, float, str | None]:
    """The postcode as written, its centroid, and the LSOA the centroid falls in; ValueError if the
    postcode is not one the product holds (the partnership's districts)."""
    from equalchance.directory.maps import areas, contains
    from equalchance.directory.postcodes import normalise, postcode_find

    if not normalise(postcode or ""):
        raise ValueError(f"{postcode!r} is not a postcode, such as B37 7UH")
    found = postcode_find(postcode)
    if found is None:
        raise ValueError(f"{normalise(postcode)} is not a postcode in the partnership's districts")
    lsoa = next((a.code for a in areas("lsoa") if contains(a, found.longitude, found.latitude)), None)
    return found.postcode, found.latitude, found.longitude, lsoa


def asset_create(
    *, by, name: str, type: str, postcode: str, owner: str = "", contact: str = "", description: str = ""
):
    """Add a community asset to the register, placed by its postcode."""
    from equalchance.plans.models import CommunityAsset

    plan_editor_check(by, what="add community assets", obj_type="community_asset")
    errors = {}
    if not _text(name):
        errors["name"] = "Enter the asset's name."
    if type not in CommunityAsset.Type.values:
        errors["type"] = "Choose the kind of asset."
    try:
        postcode, latitude, longitude, lsoa = _asset_place(postcode)
    except ValueError as problem:
        errors["postcode"] = f"{problem}."
    if not errors and CommunityAsset.objects.filter(name=_text(name), postcode=postcode).exists():
        errors["name"] = f"The register already holds {_text(name)} at {postcode}."
    if errors:
        raise ValidationError(errors)
    asset = CommunityAsset(
        name=_text(name),
        type=type,
        owner=_text(owner),
        contact=_text(contact),
        postcode=postcode,
        latitude=latitude,
        longitude=longitude,
        lsoa_id=lsoa,
        description=_text(description),
        created_by=by,
    )
    asset.full_clean()
    with transaction.atomic():
        asset.save()
        audit_event_record(actor=by, action=Audit.ASSET_CREATE, obj=asset, changes={"type": type})
    return asset


def assets_import(*, by, path, file_name: str | None = None) -> int:
    """Community assets from a CSV file (name, type, owner, contact, postcode, description), validated
    whole: any problem names file, row and column, and nothing is written. Assets already held (the
    same name and postcode) are left as they are, so importing a file again adds nothing. Returns how
    many were added."""
    from equalchance.common.validated_csv import Column, DataFileError, Problem, read_rows
    from equalchance.plans.models import CommunityAsset

    plan_editor_check(by, what="import community assets", obj_type="community_asset")
    types = {v: v for v in CommunityAsset.Type.values} | {
        label.lower(): v for v, label in CommunityAsset.Type.choices
    }

    def required(limit):
        def parse(cell):
            text = cell.strip()
            if not text:
                raise ValueError("is empty; enter a value")
            if len(text) > limit:
                raise ValueError(f"is longer than {limit} characters")
            return text

        return parse

    def optional(limit):
        def parse(cell):
            if len(cell.strip()) > limit:
                raise ValueError(f"is longer than {limit} characters")
            return cell.strip()

        return parse

    def kind(cell):
        value = types.get(cell.strip().lower())
        if value is None:
            raise ValueError(
                f"{cell!r} is not a kind of asset; use one of {', '.join(CommunityAsset.Type.values)}"
            )
        return value

    columns = [
        Column("name", required(200)),
        Column("type", kind),
        Column("owner", optional(200)),
        Column("contact", optional(200)),
        Column("postcode", _asset_place),
        Column("description", optional(2000)),
    ]
    try:
        table = read_rows(path, columns, key=("name", "postcode"))
    except DataFileError as refused:
        if file_name:  # the name the user uploaded, not the temporary file's
            refused.problems = [Problem(file_name, p.row, p.column, p.reason) for p in refused.problems]
            raise DataFileError(refused.problems) from None
        raise
    held = set(CommunityAsset.objects.values_list("name", "postcode"))
    added = 0
    with transaction.atomic():
        for row in table.rows():
            postcode, latitude, longitude, lsoa = row["postcode"]
            if (row["name"], postcode) in held:
                continue
            CommunityAsset.objects.create(
                name=row["name"],
                type=row["type"],
                owner=row["owner"],
                contact=row["contact"],
                postcode=postcode,
                latitude=latitude,
                longitude=longitude,
                lsoa_id=lsoa,
                description=row["description"],
                created_by=by,
            )
            held.add((row["name"], postcode))
            added += 1
        audit_event_record(
            actor=by, action=Audit.ASSET_IMPORT, object_type="community_asset", changes={"added": added}
        )
    return added


def cover_report_create(*, by, plan: Plan, fields: dict, appendices=()):
    """Seed 001's cover report for a board: what its author typed, with the plan's frozen reports as
    appendices, itself frozen."""
    from equalchance.plans.models import ReportIssue

    if not selectors.may_produce_reports(by, plan=plan):
        audit_refusal_record(
            actor=by, action=Audit.ACCESS_REFUSED, object_type="plan", object_id=plan.pk, why="report"
        )
        raise PermissionDenied("You cannot produce reports of this plan.")
    problem = workflow.meeting_day_problem(fields["meeting_date"], today=timezone.localdate())
    if problem:
        raise ValidationError({"meeting_date": problem})
    # Only the plan's own reports that the author may read, never another cover.
    allowed = set(
        selectors.report_issues_visible_to(user=by)
        .filter(plan=plan)
        .exclude(kind=ReportIssue.Kind.COVER)
        .values_list("pk", flat=True)
    )
    appendices = [a for a in appendices if a.pk in allowed]
    data = {
        "plan": {
            "id": plan.pk,
            "title": plan.title,
            "status": plan.get_status_display(),
            "version": plan.version,
        },
        "as_at": timezone.localdate().isoformat(),
        **{k: (v.isoformat() if isinstance(v, date) else _text(v)) for k, v in fields.items()},
        "recommendations": [
            line.strip() for line in fields.get("recommendations", "").splitlines() if line.strip()
        ],
        "contacts": [line.strip() for line in fields.get("contacts", "").splitlines() if line.strip()],
        "appendices": [
            {"id": a.pk, "title": a.title, "on": a.generated_at.date().isoformat()} for a in appendices
        ],
        "synthetic": False,
        "public": False,
    }
    with transaction.atomic():
        issue = ReportIssue.objects.create(
            kind=ReportIssue.Kind.COVER,
            title=_text(fields["title"])[:300],
            plan=plan,
            body=plan.body,
            as_at=timezone.localdate(),
            data=data,
            generated_by=by,
        )
        audit_event_record(actor=by, action=Audit.REPORT_ISSUE, obj=issue, changes={"kind": "cover"})
    return issue
