"""The plans JSON API: thin, read-only views over `plans.selectors`, the one place deciding who sees
what. Open to anyone, as the plans pages are: the public gets public items, signed-in users what the
selectors give them. Whatever a caller may not see answers 404, exactly as an id that does not exist,
and records they may not see are never referred to (the field is null, or the id left out)."""

import re
from math import ceil

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from equalchance.plans import selectors
from equalchance.plans import status as rules
from equalchance.plans.api import serializers as shapes
from equalchance.plans.models import Body, Meeting, Plan
from equalchance.plans.presenting import by_title, natural_key, shown

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PAGE = 1_000_000  # a larger page number is read as this one (an empty page)
_DIGITS = re.compile(r"[0-9]+")


class BadParameter(ValueError):
    """A query parameter that cannot be used: answered 400 naming it (and the values it takes)."""

    def __init__(self, name: str, problem: str, allowed: list[str] | None = None):
        super().__init__(f"{name}: {problem}")
        self.name, self.allowed = name, allowed

    def response(self) -> Response:
        body = {"detail": str(self), "parameter": self.name}
        if self.allowed is not None:
            body["allowed"] = self.allowed
        return Response(body, status=400)


def _shown(text: str) -> str:
    return repr(text[:40] + ("..." if len(text) > 40 else ""))


def whole_number(request, name: str, *, default: int, high: int) -> int:
    """A whole number of at least 1 (a larger one than `high` is read as `high`); the default when
    absent. Only the ASCII digits 0-9 are read (`str.isdigit` would take "²")."""
    text = request.query_params.get(name, "").strip()
    if not text:
        return default
    if not _DIGITS.fullmatch(text):
        raise BadParameter(name, f"{_shown(text)} is not a whole number")
    number = int(text.lstrip("0")[:20] or "0")  # twenty digits already exceed any limit here
    if number < 1:
        raise BadParameter(name, f"{number} is below the smallest allowed, 1")
    return min(number, high)


def choice(request, name: str, allowed: list[str]) -> str | None:
    """One of `allowed`, or None when absent."""
    text = request.query_params.get(name, "").strip()
    if not text:
        return None
    if text not in allowed:
        raise BadParameter(name, f"{_shown(text)} is not one of {', '.join(allowed)}", allowed)
    return text


def paged(request, records: list, serialise) -> dict:
    """A page of records in the page header the Open Referral UK feed uses (`page`, `per_page`)."""
    number = whole_number(request, "page", default=1, high=MAX_PAGE)
    per_page = whole_number(request, "per_page", default=DEFAULT_PER_PAGE, high=MAX_PER_PAGE)
    items = [serialise(record) for record in records[(number - 1) * per_page : number * per_page]]
    pages = max(1, ceil(len(records) / per_page))
    return {
        "total_items": len(records),
        "total_pages": pages,
        "page_number": number,
        "size": len(items),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": not items,
        "contents": items,
    }


def found(queryset, pk: int, what: str):
    """The record if the caller may see it; otherwise 404, the same as for an id that does not exist."""
    record = queryset.filter(pk=pk).first()
    if record is None:
        raise NotFound(f"No such {what}, or you may not see it.")
    return record


def person(user) -> str | None:
    """A person's name as the pages show it beside what they own (plans_tags.person)."""
    return (user.get_full_name() or user.username) if user else None


def _visible_ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


# --- Shapes -------------------------------------------------------------------------------------


def plan_summary(plan: Plan, *, plans: set[int], bodies: set[int]) -> dict:
    return {
        "id": plan.pk,
        "key": plan.key,
        "title": plan.title,
        "type": plan.type,
        "type_label": plan.get_type_display(),
        "status": plan.status,
        "status_label": plan.get_status_display(),
        "version": plan.version,
        "visibility": plan.visibility,
        "parent": plan.parent_id if plan.parent_id in plans else None,
        "board": {"id": plan.body_id, "name": plan.body.name} if plan.body_id in bodies else None,
        "lead_role": plan.lead_role,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "priority_area": plan.priority_area.name if plan.priority_area_id else None,
        "source": plan.source,
    }


def computed(row: selectors.ActionRow) -> dict:
    result = row.result
    look = shown(result.state, result.rag)
    return {
        "state": str(result.state),
        "state_label": result.label,
        "rag": str(result.rag) if result.rag else None,
        "words": look.words,
        "shape": look.shape,
        "reason": result.reason,
        "slippage_days": result.slippage_days,
        "completed_late": result.completed_late,
        "flags": sorted(str(flag) for flag in result.flags),
        "update_missing": row.update_missing,
        "exceptions": [{"code": code, "reason": reason} for code, reason in row.exceptions],
    }


def latest_update(row: selectors.ActionRow) -> dict | None:
    update = row.latest
    if update is None:
        return None
    return {
        "date": timezone.localdate(update.posted_at),
        "status": update.status,
        "percent_complete": update.percent_complete,
        "progress": update.progress,
        "self_assessed": update.self_assessed or None,
        "override_reason": update.override_reason,
        "synthetic": update.synthetic,
    }


def action_shape(row: selectors.ActionRow, *, actions: set[int]) -> dict:
    action = row.action
    return {
        "id": action.pk,
        "title": action.title,
        "type": action.type,
        "category": action.category,
        "element": action.element_id,
        "element_code": action.element.code if action.element_id else None,
        "parent": action.parent_id if action.parent_id in actions else None,
        "owner": person(action.owner),
        "lead": action.lead_organisation.name if action.lead_organisation_id else action.lead_text,
        "start": action.start,
        "due": action.due,
        "original_due": action.original_due,
        "due_text": action.due_text,
        "completed": action.completed,
        "status": action.status,
        "percent_complete": action.percent_complete,
        "visibility": action.visibility,
        "computed": computed(row),
        "latest_update": latest_update(row),
    }


def element_shape(node: selectors.ElementNode) -> dict:
    element = node.element
    return {
        "id": element.pk,
        "code": element.code,
        "kind": element.kind.key,
        "kind_label": element.kind.label,
        "title": element.title,
        "description": element.description,
        "current_position": element.current_position,
        "measured_by": [
            {
                "indicator": (
                    {"code": m.indicator.code, "name": m.indicator.name} if m.indicator_id else None
                ),
                "text": m.text,
            }
            for m in element.measures.all()
        ],
        "actions": [row.action.pk for row in node.actions],
        "children": [element_shape(child) for child in node.children],
    }


def counts_shape(counts: rules.RagCounts) -> dict:
    return {
        "green": counts.green,
        "amber": counts.amber,
        "red": counts.red,
        "on_hold": counts.on_hold,
        "no_rag": counts.no_rag,
        "not_yet_due": counts.not_yet_due,
        "complete": counts.complete,
        "closed_not_delivered": counts.closed_not_delivered,
        "in_progress": counts.in_progress,
        "summary": counts.summary_sentence(),
    }


def decision_shape(decision) -> dict:
    return {
        "id": decision.pk,
        "kind": decision.kind,
        "text": decision.text,
        "decided_on": decision.decided_on,
    }


def board_summary(body: Body, *, bodies: set[int]) -> dict:
    return {
        "id": body.pk,
        "key": body.key,
        "name": body.name,
        "type": body.type,
        "type_label": body.get_type_display(),
        "purpose": body.purpose,
        "chair_role": body.chair_role,
        "meeting_frequency": body.meeting_frequency,
        "reports_to": body.reports_to_id if body.reports_to_id in bodies else None,
        "active": body.active,
        "visibility": body.visibility,
    }


def meeting_summary(meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "starts_at": meeting.starts_at,
        "ends_at": meeting.ends_at,
        "status": meeting.status,
        "public": meeting.public,
    }


# --- Documentation ------------------------------------------------------------------------------

ID = OpenApiParameter("pk", {"type": "integer", "minimum": 1}, OpenApiParameter.PATH, description="Its id")
PAGE = [
    OpenApiParameter(
        "page", {"type": "integer", "minimum": 1}, description="The page (default 1; past the last: empty)"
    ),
    OpenApiParameter(
        "per_page",
        {"type": "integer", "minimum": 1},
        description=f"Records a page (default {DEFAULT_PER_PAGE}; at most {MAX_PER_PAGE}: more is read as "
        f"{MAX_PER_PAGE})",
    ),
]
BAD = {400: shapes.PlansErrorSerializer}
MISSING = {404: shapes.PlansErrorSerializer}
WHO = (
    " Anyone may call it: the public gets public items only; signed-in users what their role and their "
    "part in the plans let them see, as on the pages."
)
HIDDEN = " An id the caller may not see answers 404, exactly as one that does not exist."


class PlansApiView(APIView):
    """Open to anyone (the selectors decide what each caller sees); read-only."""

    permission_classes = [AllowAny]

    def handle_exception(self, exc):
        if isinstance(exc, BadParameter):
            return exc.response()
        return super().handle_exception(exc)


class PlanList(PlansApiView):
    @extend_schema(
        operation_id="plans_list",
        summary="Plans",
        description="The plans the caller may see, sorted by title as people count (area 2 before "
        "area 10), a page at a time." + WHO,
        parameters=[
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=Plan.Status.values,
                description="Only plans with this status",
            ),
            OpenApiParameter(
                "type", OpenApiTypes.STR, enum=Plan.Type.values, description="Only plans of this type"
            ),
            *PAGE,
        ],
        responses={200: shapes.PlansPageSerializer, **BAD},
    )
    def get(self, request):
        wanted_status = choice(request, "status", Plan.Status.values)
        wanted_type = choice(request, "type", Plan.Type.values)
        visible = selectors.plans_visible_to(user=request.user)
        plans = visible.select_related("priority_area")
        if wanted_status:
            plans = plans.filter(status=wanted_status)
        if wanted_type:
            plans = plans.filter(type=wanted_type)
        plans = sorted(plans, key=by_title)
        ids = _visible_ids(visible)
        bodies = _visible_ids(selectors.bodies_visible_to(user=request.user))
        page = paged(request, plans, lambda p: plan_summary(p, plans=ids, bodies=bodies))
        return Response(shapes.PlansPageSerializer(page).data)


class PlanDetail(PlansApiView):
    @extend_schema(
        operation_id="plans_retrieve",
        summary="A plan with its element tree and actions",
        description="The plan, its elements as a tree (code, kind, title, current position, what each is "
        "measured by, its children) and its actions with their computed status. Restricted actions are "
        "left out unless the caller may see them." + WHO + HIDDEN,
        parameters=[ID],
        responses={200: shapes.PlanDetailSerializer, **MISSING},
    )
    def get(self, request, pk: int):
        user = request.user
        visible = selectors.plans_visible_to(user=user)
        plan = found(visible, pk, "plan")
        today = timezone.localdate()
        rows = selectors.action_rows(user=user, plan=plan, today=today)
        roots, _ = selectors.plan_tree(plan=plan, rows=rows)
        ids = _visible_ids(visible)
        bodies = _visible_ids(selectors.bodies_visible_to(user=user))
        actions = {row.action.pk for row in rows}
        body = {
            **plan_summary(plan, plans=ids, bodies=bodies),
            "summary": plan.summary,
            "golden_thread": [p.pk for p in selectors.golden_thread(plan) if p.pk in ids],
            "sub_plans": sorted(visible.filter(parent=plan).values_list("pk", flat=True)),
            "elements": [element_shape(root) for root in roots],
            "actions": [action_shape(row, actions=actions) for row in rows],
            "counts": counts_shape(rules.rag_counts([row.result for row in rows])),
            "contains_synthetic_data": any(row.latest and row.latest.synthetic for row in rows),
            "decisions": [
                decision_shape(d) for d in selectors.decisions_visible_to(user=user).filter(plan=plan)[:10]
            ],
        }
        return Response(shapes.PlanDetailSerializer(body).data)


class ActionDetail(PlansApiView):
    @extend_schema(
        operation_id="plans_actions_retrieve",
        summary="An action with its computed status",
        description="The action, its status computed by the rules of guide sections 6.3 and 6.4 (state, "
        "RAG, reason, slippage, flags, why it is on the exception report) and its latest update (date, "
        "progress, whether synthetic; never who wrote it)." + WHO + HIDDEN,
        parameters=[ID],
        responses={200: shapes.ActionDetailSerializer, **MISSING},
    )
    def get(self, request, pk: int):
        user = request.user
        visible = selectors.actions_visible_to(user=user)
        action = found(visible, pk, "action")
        today = timezone.localdate()
        row = selectors.action_row(
            action, today=today, cycle=selectors.cycle_current(plan=action.plan, today=today)
        )
        bodies = _visible_ids(selectors.bodies_visible_to(user=user))
        sub_actions = sorted(visible.filter(parent=action).values_list("pk", flat=True))
        parent = {action.parent_id} if visible.filter(pk=action.parent_id).exists() else set()
        board = action.body or action.plan.body
        body = {
            **action_shape(row, actions=parent),
            "plan": {"id": action.plan_id, "name": action.plan.title},
            "description": action.description,
            "accountable_board": (
                {"id": board.pk, "name": board.name} if board is not None and board.pk in bodies else None
            ),
            "sub_actions": sub_actions,
            "decisions": [
                decision_shape(d) for d in selectors.decisions_visible_to(user=user).filter(action=action)
            ],
        }
        return Response(shapes.ActionDetailSerializer(body).data)


class BoardList(PlansApiView):
    @extend_schema(
        operation_id="plans_boards_list",
        summary="Boards and groups",
        description="The boards and groups the caller may see, sorted by name, a page at a time." + WHO,
        parameters=PAGE,
        responses={200: shapes.BoardsPageSerializer, **BAD},
    )
    def get(self, request):
        bodies = sorted(
            selectors.bodies_visible_to(user=request.user), key=lambda b: (natural_key(b.name), b.pk)
        )
        ids = {b.pk for b in bodies}
        page = paged(request, bodies, lambda b: board_summary(b, bodies=ids))
        return Response(shapes.BoardsPageSerializer(page).data)


class BoardDetail(PlansApiView):
    @extend_schema(
        operation_id="plans_boards_retrieve",
        summary="A board or group with its members and meetings",
        description="The board: type, purpose, chair, frequency, who it reports to, its current members' "
        "roles, posts and organisations (never who they are), the groups reporting to it, the plans it "
        "owns and its meetings." + WHO + HIDDEN,
        parameters=[ID],
        responses={200: shapes.BoardDetailSerializer, **MISSING},
    )
    def get(self, request, pk: int):
        user = request.user
        visible = selectors.bodies_visible_to(user=user)
        board = found(visible, pk, "board")
        ids = _visible_ids(visible)
        members = board.members.filter(ended_on__isnull=True).select_related("organisation")
        meetings = selectors.meetings_visible_to(user=user).filter(body=board).order_by("starts_at", "pk")
        body = {
            **board_summary(board, bodies=ids),
            "current_focus": board.current_focus,
            "priorities": [line.strip() for line in board.priorities.splitlines() if line.strip()],
            "progress": board.progress,
            "source": board.source,
            "members": [
                {
                    "role": m.role,
                    "role_label": m.get_role_display(),
                    "title": m.title,
                    "organisation": m.organisation.name if m.organisation_id else None,
                }
                for m in members
            ],
            "reporting": sorted(visible.filter(reports_to=board).values_list("pk", flat=True)),
            "plans": sorted(
                selectors.plans_visible_to(user=user).filter(body=board).values_list("pk", flat=True)
            ),
            "meetings": [meeting_summary(m) for m in meetings],
        }
        return Response(shapes.BoardDetailSerializer(body).data)


class MeetingDetail(PlansApiView):
    @extend_schema(
        operation_id="plans_meetings_retrieve",
        summary="A meeting with its agenda and decisions",
        description="The meeting, its agenda (with the papers tabled and the blockages escalated, when the "
        "caller may see them), its decisions and the actions arising." + WHO + HIDDEN,
        parameters=[ID],
        responses={200: shapes.MeetingDetailSerializer, **MISSING},
    )
    def get(self, request, pk: int):
        user = request.user
        meeting = found(selectors.meetings_visible_to(user=user), pk, "meeting")
        actions = selectors.actions_visible_to(user=user)
        visible_actions = _visible_ids(
            actions.filter(escalations__agenda_item__meeting=meeting)
        ) | _visible_ids(actions.filter(decisions__meeting=meeting))
        plans = _visible_ids(selectors.plans_visible_to(user=user).filter(decisions__meeting=meeting))
        papers = _visible_ids(
            selectors.report_issues_visible_to(user=user).filter(agenda_items__meeting=meeting)
        )
        shown = list(
            selectors.decisions_visible_to(user=user)
            .filter(meeting=meeting)
            .select_related("agenda_item")
            .order_by("decided_on", "pk")
        )
        agenda = []
        for item in selectors.agenda_of(meeting).select_related("escalation"):
            escalation = getattr(item, "escalation", None)
            agenda.append(
                {
                    "order": item.order,
                    "title": item.title,
                    "purpose": item.purpose,
                    "presenter": item.presenter,
                    "paper": (
                        {"id": item.paper.pk, "title": item.paper.title, "as_at": item.paper.as_at}
                        if item.paper_id in papers
                        else None
                    ),
                    "escalated_action": (
                        escalation.action_id
                        if escalation is not None and escalation.action_id in visible_actions
                        else None
                    ),
                    "decisions": [d.pk for d in shown if d.agenda_item_id == item.pk],
                }
            )
        decisions = [
            {
                **decision_shape(d),
                "agenda_item": d.agenda_item.order if d.agenda_item_id else None,
                "plan": d.plan_id if d.plan_id in plans else None,
                "action": d.action_id if d.action_id in visible_actions else None,
            }
            for d in shown
        ]
        body = {
            **meeting_summary(meeting),
            "board": {"id": meeting.body_id, "name": meeting.body.name},
            "venue": meeting.venue,
            "agenda": agenda,
            "decisions": decisions,
            "actions_arising": sorted(actions.filter(source_meeting=meeting).values_list("pk", flat=True)),
        }
        return Response(shapes.MeetingDetailSerializer(body).data)
