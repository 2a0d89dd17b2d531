"""Reads for plans and governance, and the one place that decides who may see or change what:
which plans, actions, boards, meetings and report issues a user may see (`*_visible_to`), who may post
an update on an action (`may_update_action`), who may manage a board's meetings (`may_manage_meetings`).
Views and the API ask these; they never re-derive a rule."""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from equalchance.accounts.models import User
from equalchance.accounts.permissions import user_can
from equalchance.common.keys import record_key
from equalchance.plans import status as rules
from equalchance.plans.models import (
    Action,
    ActionUpdate,
    AgendaItem,
    Body,
    BodyMember,
    Decision,
    Escalation,
    Meeting,
    Plan,
    PlanElement,
    ReportingCycle,
    ReportIssue,
    Visibility,
)
from equalchance.plans.presenting import by_title, none_listed

VIEW = "plans.view"
EDIT = "plans.edit"
# Plans the public may see once marked public: never a draft.
PUBLISHED_STATUSES = ("consultation", "approved", "active", "under_review", "superseded", "archived")


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def may_edit_plans(user) -> bool:
    return user_can(user, EDIT)


def may_produce_reports(user, *, plan=None) -> bool:
    """Staff who read plans, and plan editors, produce (freeze) reports of the plans they may see."""
    if not (user_can(user, VIEW) or may_edit_plans(user)):
        return False
    return plan is None or plans_visible_to(user=user).filter(pk=plan.pk).exists()


def _concerns(user) -> Q:
    """Plans a signed-in user has a part in: they lead it, own or stand in for one of its actions,
    or sit (now) on the board that owns it."""
    return (
        Q(lead=user)
        | Q(actions__owner=user)
        | Q(actions__delegate=user)
        | Q(body__members__user=user, body__members__ended_on__isnull=True)
    )


def _public_plans() -> Q:
    return Q(visibility=Visibility.PUBLIC, status__in=PUBLISHED_STATUSES)


def plans_visible_to(*, user) -> QuerySet[Plan]:
    """Every plan for plan editors; the partnership's plans except restricted ones (unless the reader
    has a part in them) for roles that read plans; public plans and those they have a part in for
    anyone else signed in; public plans only for the public."""
    plans = Plan.objects.select_related("body", "parent", "priority_area")
    if may_edit_plans(user):
        return plans
    if user_can(user, VIEW):
        return plans.filter(
            Q(pk__in=Plan.objects.filter(~Q(visibility=Visibility.RESTRICTED) | _concerns(user)))
        )
    if _signed_in(user):
        return plans.filter(pk__in=Plan.objects.filter(_public_plans() | _concerns(user)))
    return plans.filter(_public_plans())


def plan_chosen(*, user, value: str | None) -> Plan | None:
    """The plan a page's `?plan=` names, if the reader may see it; None when none is named. Http404
    (the same for a plan that does not exist and one the reader may not see) for anything else."""
    from django.http import Http404

    if not value:
        return None
    key = record_key(value)
    plan = plans_visible_to(user=user).filter(pk=key).first() if key else None
    if plan is None:
        raise Http404("No such plan, or you may not see it.")
    return plan


def actions_visible_to(*, user) -> QuerySet[Action]:
    """Actions of the plans a user may see, leaving out restricted actions (and, for the public,
    anything not marked public) unless the reader owns or stands in for the action."""
    actions = Action.objects.select_related(
        "plan", "element", "owner", "delegate", "lead_organisation", "body"
    )
    visible_plans = plans_visible_to(user=user).values("pk")
    if may_edit_plans(user):
        return actions
    own = Q(owner=user) | Q(delegate=user) if _signed_in(user) else Q(pk__in=[])
    if user_can(user, VIEW):
        return actions.filter(Q(plan__in=visible_plans) & (~Q(visibility=Visibility.RESTRICTED) | own))
    return actions.filter(
        (Q(plan__in=visible_plans) & Q(visibility=Visibility.PUBLIC, plan__visibility=Visibility.PUBLIC))
        | own
    )


def actions_for_report(*, plans, public: bool) -> QuerySet[Action]:
    """What a frozen report of these plans holds, whoever produces it: a public issue, the actions the
    public may see; a partnership issue, every action of the plans except restricted ones (a report is
    read by everyone who may see its plan, so it never carries what only some of them may see)."""
    actions = Action.objects.filter(plan__in=plans)
    if public:
        return actions.filter(pk__in=actions_visible_to(user=AnonymousUser()).values("pk"))
    return actions.exclude(visibility=Visibility.RESTRICTED)


def actions_owned_by(*, user) -> QuerySet[Action]:
    """The actions a user owns or stands in for (the ones they post updates on)."""
    if not _signed_in(user):
        return Action.objects.none()
    return actions_visible_to(user=user).filter(Q(owner=user) | Q(delegate=user))


def may_update_action(user, action: Action) -> bool:
    """Only the action's owner and their delegate post updates on it, whatever their role."""
    return _signed_in(user) and user.pk in (action.owner_id, action.delegate_id)


def bodies_visible_to(*, user) -> QuerySet[Body]:
    bodies = Body.objects.select_related("reports_to")
    if may_edit_plans(user):
        return bodies
    if user_can(user, VIEW):
        return bodies.filter(
            pk__in=Body.objects.filter(
                ~Q(visibility=Visibility.RESTRICTED) | Q(members__user=user, members__ended_on__isnull=True)
            )
        )
    return bodies.filter(visibility=Visibility.PUBLIC)


def may_manage_meetings(user, body: Body) -> bool:
    """Plan editors and the board's current secretary."""
    if may_edit_plans(user):
        return True
    return (
        _signed_in(user)
        and BodyMember.objects.filter(
            body=body, user=user, role=BodyMember.Role.SECRETARY, ended_on__isnull=True
        ).exists()
    )


def meetings_visible_to(*, user) -> QuerySet[Meeting]:
    meetings = Meeting.objects.select_related("body")
    bodies = bodies_visible_to(user=user).values("pk")
    if user_can(user, VIEW) or may_edit_plans(user):
        return meetings.filter(body__in=bodies)
    return meetings.filter(body__in=bodies, public=True)


def decisions_visible_to(*, user) -> QuerySet[Decision]:
    """Decisions minuted at meetings the reader may see, and decisions taken outside a meeting (a plan's
    approval recorded with its words and date); never a decision about a plan the reader may not see,
    even one minuted at a public meeting."""
    plans = plans_visible_to(user=user).values("pk")
    return Decision.objects.filter(
        Q(meeting__in=meetings_visible_to(user=user).values("pk")) | Q(meeting__isnull=True),
        Q(plan__isnull=True) | Q(plan__in=plans),
        Q(action__isnull=True) | Q(action__in=actions_visible_to(user=user).values("pk")),
    ).select_related("meeting")


def report_issues_visible_to(*, user) -> QuerySet[ReportIssue]:
    issues = ReportIssue.objects.select_related("plan", "body")
    if may_edit_plans(user):
        return issues
    scope = Q(plan__in=plans_visible_to(user=user).values("pk")) | Q(
        plan__isnull=True, body__in=bodies_visible_to(user=user).values("pk")
    )
    if user_can(user, VIEW):
        return issues.filter(scope)
    return issues.filter(scope, public=True)


# --- Status -------------------------------------------------------------------------------------


@dataclass
class ActionRow:
    """An action with its computed status, as every page, report and the API show it."""

    action: Action
    result: rules.ActionStatus
    latest: ActionUpdate | None
    update_missing: bool = False
    exceptions: list[tuple[str, str]] = field(default_factory=list)


def cycle_current(*, plan: Plan, today: date) -> ReportingCycle | None:
    """The reporting cycle the plan is in today: its own, or the partnership-wide one."""
    cycles = ReportingCycle.objects.filter(Q(plan=plan) | Q(plan__isnull=True), period_start__lte=today)
    return cycles.order_by("-period_start", "-plan_id").first()


def update_missing(
    *, cycle: ReportingCycle | None, latest: ActionUpdate | None, today: date, added: date | None = None
) -> bool:
    """No update posted in the cycle by its update-due date (and none since). An action added after
    that date was never asked for one in the cycle."""
    if cycle is None or today <= cycle.update_due or (added is not None and added > cycle.update_due):
        return False
    return latest is None or latest.posted_at.date() < cycle.period_start


def action_row(action: Action, *, today: date, cycle: ReportingCycle | None = None) -> ActionRow:
    updates = getattr(action, "latest_updates", None)
    if updates is not None:
        latest = updates[0] if updates else None
    else:
        latest = action.updates.order_by("-posted_at", "-pk").first()
    result = rules.action_status(
        status=action.status,
        start=action.start,
        due=action.due,
        original_due=action.original_due,
        today=today,
        completed=action.completed,
        percent_complete=action.percent_complete,
        forecast_completion=latest.forecast_completion if latest else None,
        self_assessed=(latest.self_assessed or None) if latest else None,
        override_reason=(latest.override_reason or None) if latest else None,
    )
    missing = action.status not in ("completed", "cancelled", "deferred") and update_missing(
        cycle=cycle,
        latest=latest,
        today=today,
        added=timezone.localdate(action.created_at) if action.created_at else None,
    )
    closed_with_decision = any(d.kind == Decision.Kind.CLOSE_ACTION for d in _decisions(action))
    exceptions = rules.action_exceptions(
        result=result,
        has_owner=action.owner_id is not None,
        has_due=action.due is not None,
        closed_with_decision=closed_with_decision,
        update_missing=missing,
    )
    return ActionRow(action, result, latest, missing, exceptions)


def _decisions(action: Action) -> list[Decision]:
    held = getattr(action, "closing_decisions", None)
    return held if held is not None else list(action.decisions.all())


def _with_latest(actions: QuerySet[Action]) -> list[Action]:
    """The actions, each with its latest update only (`latest_updates`, a list of one or none), its
    decisions, and its plan, element and owner read once each and shared (not one copy per action, as
    a join would make): the same few queries however many actions and updates there are."""
    fetched = list(
        actions.prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.all(), to_attr="closing_decisions")
        )
    )
    chosen = Action.objects.filter(pk__in=[a.pk for a in fetched])
    latest = (
        ActionUpdate.objects.filter(action=OuterRef("action")).order_by("-posted_at", "-pk").values("pk")[:1]
    )
    updates = {u.action_id: u for u in ActionUpdate.objects.filter(action__in=chosen, pk=Subquery(latest))}
    plans = {p.pk: p for p in Plan.objects.filter(pk__in=chosen.values("plan_id"))}
    elements = {e.pk: e for e in PlanElement.objects.filter(pk__in=chosen.values("element_id"))}
    owners = {u.pk: u for u in User.objects.filter(pk__in=chosen.values("owner_id"))}
    for action in fetched:
        update = updates.get(action.pk)
        action.latest_updates = [update] if update else []
        action.plan = plans[action.plan_id]
        action.element = elements.get(action.element_id)
        action.owner = owners.get(action.owner_id)
    return fetched


def action_rows(
    *, user, plan: Plan | None = None, today: date, actions: QuerySet[Action] | None = None
) -> list[ActionRow]:
    """Visible actions (of one plan, or all) with their computed status, in plan order."""
    if actions is None:
        actions = actions_visible_to(user=user)
        if plan is not None:
            actions = actions.filter(plan=plan)
    actions = actions.select_related(None)  # the plan, element and owner are read once each below
    cycles: dict[int, ReportingCycle | None] = {}
    rows = []
    for action in _with_latest(actions.order_by("plan", "order", "pk")):
        if action.plan_id not in cycles:
            cycles[action.plan_id] = cycle_current(plan=action.plan, today=today)
        rows.append(action_row(action, today=today, cycle=cycles[action.plan_id]))
    return rows


# --- Trees --------------------------------------------------------------------------------------


@dataclass
class ElementNode:
    element: PlanElement
    children: list["ElementNode"] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)
    depth: int = 0

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def plan_tree(*, plan: Plan, rows: list[ActionRow]) -> tuple[list[ElementNode], list[ActionRow]]:
    """The plan's elements as a tree in their order, each with its actions; and the actions that
    hang from no element."""
    elements = list(
        plan.elements.select_related("kind").prefetch_related("measures__indicator").order_by("order", "pk")
    )
    nodes = {e.pk: ElementNode(e) for e in elements}
    roots = []
    for element in elements:
        node = nodes[element.pk]
        parent = nodes.get(element.parent_id)
        (parent.children if parent else roots).append(node)
    loose = []
    for row in rows:
        node = nodes.get(row.action.element_id)
        (node.actions if node else loose).append(row)

    def depth(node, level):
        node.depth = level
        for child in node.children:
            depth(child, level + 1)

    for root in roots:
        depth(root, 0)
    return roots, loose


def golden_thread(plan: Plan) -> list[Plan]:
    """The plan's ancestors, top first (the golden thread up to the community strategy)."""
    chain, seen, current = [], {plan.pk}, plan.parent
    while current is not None and current.pk not in seen:
        chain.append(current)
        seen.add(current.pk)
        current = current.parent
    return list(reversed(chain))


def escalations_pending(*, body: Body) -> QuerySet[Escalation]:
    """Blockages raised to the board and not yet placed on an agenda."""
    return body.escalations.filter(agenda_item__isnull=True).select_related("action")


def next_meeting(*, body: Body, today: date) -> Meeting | None:
    return (
        body.meetings.filter(status=Meeting.Status.SCHEDULED, starts_at__date__gte=today)
        .order_by("starts_at")
        .first()
    )


def agenda_of(meeting: Meeting) -> QuerySet[AgendaItem]:
    return meeting.agenda.select_related("paper").prefetch_related("decisions")


# --- Measured by --------------------------------------------------------------------------------


@dataclass
class Measured:
    """A population indicator an element is measured by, with its latest gap and direction of travel
    in the partnership's scorecard (when the reader may see scorecards and one carries it)."""

    text: str
    indicator: object | None
    scorecard: object | None = None
    line: object | None = None  # scorecards.compute.LineResult


def element_measures(*, user, element: PlanElement) -> list[Measured]:
    from equalchance.scorecards import selectors as scorecards

    cards = list(scorecards.scorecards_visible_to(user=user).order_by("pk"))
    area = element.plan.priority_area_id
    cards.sort(key=lambda card: (card.target_id != area, card.pk))  # the plan's own area's first
    results = {}  # each card's lines by indicator, worked out once however many measures use it

    def line_of(card, indicator_pk: int):
        if card.pk not in results:
            results[card.pk] = {}
            for theme in scorecards.scorecard_results(scorecard=card):
                for line in theme.lines:
                    results[card.pk].setdefault(line.indicator.pk, line)
        return results[card.pk].get(indicator_pk)

    found = []
    for measure in element.measures.select_related("indicator"):
        item = Measured(
            measure.text or (measure.indicator.name if measure.indicator else ""), measure.indicator
        )
        for card in cards if measure.indicator else []:
            line = line_of(card, measure.indicator.pk)
            if line is not None:
                item.scorecard, item.line = card, line
                break
        found.append(item)
    return found


# --- Exceptions ---------------------------------------------------------------------------------


@dataclass
class Blind:
    """An element of a kind that should be measured, with no indicator or measure linked."""

    element: PlanElement
    why: str


def exceptions(*, user, today: date, plan: Plan | None = None) -> tuple[list[ActionRow], list[Blind]]:
    """The exception report's rows the reader may see: each action listed with why (guide 6.4, 7), and
    each "blind" element (6.4, 6). Measures' rows (6.4, 1-5 and 8) come with performance measures."""
    rows = [row for row in action_rows(user=user, plan=plan, today=today) if row.exceptions]
    # Plans by title with numbers as numbers ("area 2 of 11" before "area 10 of 11", outside probe); the
    # sort is stable, so each plan's actions keep their order.
    rows.sort(key=lambda row: by_title(row.action.plan))
    plans = plans_visible_to(user=user)
    if plan is not None:
        plans = plans.filter(pk=plan.pk)
    elements = (
        PlanElement.objects.filter(
            plan__in=plans.values("pk"),
            kind__measurable=True,
            measures__isnull=True,
            performance_measures__isnull=True,  # a performance measure (issue 12) measures it too
        )
        .select_related("plan", "kind")
        .order_by("order", "pk")  # the same order on every database when two share a place
    )
    elements = sorted(elements, key=lambda e: by_title(e.plan))  # stable: keeps order
    blind = [
        Blind(
            e,
            f"{e.kind.label} {e.code} has no indicator or measure linked, "
            "so nobody can tell whether it is working.",
        )
        for e in elements
    ]
    return rows, blind


@dataclass(frozen=True)
class Checked:
    """How much an exception report looked at, so that an empty list says there was nothing to check
    rather than reading as "all is well". ``measures`` is None where the report lists no measures."""

    actions: int
    measurable: int  # themes, objectives and goals, each of which should have a measure
    measures: int | None = None

    @property
    def nothing(self) -> bool:
        return not (self.actions or self.measurable or self.measures)

    def said(self, plan) -> dict[str, str]:
        """What the live page says where a list is empty (`presenting.none_listed`)."""
        return none_listed(
            plan=plan, actions=self.actions, measurable=self.measurable, measures=self.measures, live=True
        )


def exceptions_checked(*, user, plan: Plan | None = None) -> Checked:
    """The actions and measurable parts of plans (of ``plan``, or all) the reader may see."""
    actions = actions_visible_to(user=user)
    elements = PlanElement.objects.filter(
        plan__in=plans_visible_to(user=user).values("pk"), kind__measurable=True
    )
    if plan is not None:
        actions, elements = actions.filter(plan=plan), elements.filter(plan=plan)
    return Checked(actions.count(), elements.count())


# --- The area map -------------------------------------------------------------------------------


def may_see_assets(user) -> bool:
    """The community asset register may hold a contact's details: staff who read plans only."""
    return user_can(user, VIEW) or may_edit_plans(user)


def assets_visible_to(*, user):
    from equalchance.plans.models import CommunityAsset

    if not may_see_assets(user):
        return CommunityAsset.objects.none()
    return CommunityAsset.objects.select_related("lsoa")


def plan_area_codes(plan: Plan) -> set[str]:
    """The LSOAs (2021 codes) of an area plan's priority area as it now stands; none for other plans."""
    from equalchance.places import selectors as places
    from equalchance.places.models import Geography

    area = plan.priority_area
    version = area.versions.order_by("-number").first() if area else None
    return set(places.priority_area_lsoas(version, Geography.G2024)) if version else set()


def area_map_for(*, user, plan: Plan):
    """What the map of an area plan shows this reader: the area's LSOAs (IoD2025 deciles, 2021
    boundaries), listed directory services placed inside them, community assets in them (staff only)
    and the plan's actions placed in them, each layer numbered in a stable order."""
    import json

    from django.urls import reverse

    from equalchance.directory.maps import Area as Shape
    from equalchance.directory.maps import contains
    from equalchance.directory.selectors import services_listed
    from equalchance.frontend.area_maps import _centroid, _ring_area, rings
    from equalchance.places import selectors as places
    from equalchance.places.models import Boundary, Geography
    from equalchance.plans.area_map import AreaMap, Feature

    area = plan.priority_area
    codes = plan_area_codes(plan)
    if not codes:
        return AreaMap()
    deciles = {
        row.code: row.deciles.get("imd")
        for row in places.lsoas_in_district(release=2025, district=area.district_id)
    }
    shapes, lsoas = [], []
    for code, name, geometry in Boundary.objects.filter(
        geography=Geography.G2024, area_id__in=codes
    ).values_list("area_id", "area__name", "geometry"):
        geometry = json.loads(geometry)
        area_rings = rings(geometry)
        xs = [x for ring in area_rings for x, _ in ring]
        ys = [y for ring in area_rings for _, y in ring]
        shapes.append(Shape(code, name, tuple(area_rings), (min(xs), min(ys), max(xs), max(ys))))
        lsoas.append({"code": code, "name": name, "decile": deciles.get(code), "geometry": geometry})
    lsoas.sort(key=lambda lsoa: lsoa["code"])
    if not shapes:
        return AreaMap(lsoas=lsoas)
    west, south = min(s.box[0] for s in shapes), min(s.box[1] for s in shapes)
    east, north = max(s.box[2] for s in shapes), max(s.box[3] for s in shapes)

    def inside(lon, lat) -> bool:
        return west <= lon <= east and south <= lat <= north and any(contains(s, lon, lat) for s in shapes)

    services, seen = [], set()
    listed = services_listed().filter(
        service_at_locations__location__latitude__range=(south, north),
        service_at_locations__location__longitude__range=(west, east),
    )
    for service in listed.prefetch_related("service_at_locations__location").order_by("name", "pk"):
        for link in service.service_at_locations.all():
            place = link.location
            if (
                service.pk not in seen
                and place.latitude is not None
                and inside(place.longitude, place.latitude)
            ):
                seen.add(service.pk)
                services.append(
                    Feature(
                        len(services) + 1,
                        service.name,
                        place.latitude,
                        place.longitude,
                        place.postcode,
                        reverse("directory:service", args=[service.pk]),
                    )
                )
    assets = [
        Feature(
            i,
            a.name + (" (synthetic)" if a.synthetic else ""),
            a.latitude,
            a.longitude,
            f"{a.get_type_display()}, {a.postcode}",
        )
        for i, a in enumerate(
            assets_visible_to(user=user).filter(lsoa_id__in=codes).order_by("name", "pk"), start=1
        )
    ]
    actions = []
    placed = actions_visible_to(user=user).filter(plan=plan, area__isnull=False).order_by("order", "pk")
    boundaries = dict(
        Boundary.objects.filter(area_id__in=placed.values("area_id"))
        .order_by("area_id", "geography")  # the newest geography last, so it is kept
        .values_list("area_id", "geometry")
    )
    for action in placed:
        geometry = boundaries.get(action.area_id)
        if geometry is None:
            continue
        lon, lat = _centroid(list(max(rings(json.loads(geometry)), key=_ring_area)))
        actions.append(
            Feature(
                len(actions) + 1,
                action.title,
                lat,
                lon,
                action.area.name,
                reverse("plans:action", args=[action.pk]),
            )
        )
    return AreaMap(lsoas=lsoas, layers={"services": services, "assets": assets, "actions": actions})
