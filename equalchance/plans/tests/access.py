"""Plans' rows of the authorisation matrix (see tests/authorization/harness.py): public plans for
everyone; partnership plans for roles that read plans; restricted plans only for plan editors and the
people they concern (here, the owner of one of its actions); updates only by the action's owner;
shaping plans only by plan editors and administrators."""

from datetime import UTC, date, datetime

from equalchance.plans.models import ActionUpdate, AgendaItem, Meeting, Plan
from equalchance.plans.tests.factories import action_make, element_make, plan_make
from tests.authorization.harness import Case, for_every_role

READERS = ("administrator", "analyst", "viewer", "plan_editor")
NON_READERS = ("moderator", "provider")


def populate(world) -> None:
    from equalchance.accounts.services import system_actor
    from equalchance.plans import services

    system = system_actor()
    owner = world.people["referrer"]  # a viewer who owns one action of the restricted plan
    public = plan_make(by=system, title="Open strategy", visibility="public")
    services.plan_status_change(
        by=system, plan=public, status="approved", decision_text="Minute 1", decided_on=date(2026, 1, 5)
    )
    world.records["public_plan"] = public
    world.records["public_element"] = element_make(by=system, plan=public)
    world.records["public_action"] = action_make(
        by=system, plan=public, title="Open action", visibility="public"
    )
    world.records["hidden_action"] = action_make(
        by=system, plan=public, title="Quiet action", visibility="restricted"
    )
    world.records["partnership_plan"] = plan_make(
        by=system, title="Partnership plan", visibility="partnership"
    )
    restricted = plan_make(by=system, title="Restricted plan", visibility="restricted")
    world.records["restricted_plan"] = restricted
    world.records["owned_action"] = action_make(by=system, plan=restricted, title="Owned action", owner=owner)
    from equalchance.places.models import Area, PriorityArea

    area = PriorityArea.objects.create(name="Matrix area", district=Area.objects.get(code="E08000029"))
    world.records["area_plan"] = plan_make(
        by=system, title="Area plan", type="area_action_plan", priority_area=area, visibility="partnership"
    )
    # Boards: a public one with a public and a private meeting; a partnership one whose secretary is a
    # viewer (the "referrer"), who may manage its meetings and nothing else.
    board = services.body_create(
        by=system, key="open-board", name="Open board", type="governing_board", visibility="public"
    )
    group = services.body_create(
        by=system, key="quiet-group", name="Quiet group", type="thematic_group", reports_to=board
    )
    services.body_member_add(by=system, body=group, role="secretary", user=owner)
    when = datetime(2027, 1, 14, 14, tzinfo=UTC)
    world.records["board"], world.records["group"] = board, group
    world.records["public_meeting"] = services.meeting_create(
        by=system, body=board, starts_at=when, public=True
    )
    world.records["private_meeting"] = services.meeting_create(by=system, body=board, starts_at=when)
    world.records["group_meeting"] = services.meeting_create(by=system, body=group, starts_at=when)


def plan_args(key):
    return lambda world: {"pk": world.records[key].pk}


def updates(world):
    return ActionUpdate.objects.count()


def meetings(world):
    return list(Meeting.objects.order_by("pk").values_list("pk", "starts_at")), AgendaItem.objects.count()


def issues(world):
    from equalchance.plans.models import ReportIssue

    return ReportIssue.objects.count()


def assets(world):
    from equalchance.plans.models import CommunityAsset

    return CommunityAsset.objects.count()


def plan_state(world):
    return list(Plan.objects.order_by("pk").values_list("title", "status", "visibility"))


UPDATE = {"status": "in_progress", "progress": "Hijacked"}
PLAN_FORM = {"title": "Hijacked", "type": "strategy", "visibility": "public"}

ROWS = [
    # The list: everyone, each seeing what they may.
    Case(
        "plans:list",
        "anonymous",
        200,
        shows=("Open strategy",),
        hides=("Partnership plan", "Restricted plan"),
    ),
    *[
        Case("plans:list", who, 200, shows=("Partnership plan",), hides=("Restricted plan",))
        for who in ("viewer", "analyst")
    ],
    *[Case("plans:list", who, 200, shows=("Restricted plan",)) for who in ("plan_editor", "administrator")],
    Case("plans:list", "referrer", 200, shows=("Restricted plan",), why="(owns one of its actions)"),
    *[Case("plans:list", who, 200, hides=("Partnership plan", "Restricted plan")) for who in NON_READERS],
    # A public plan: everyone; its restricted action is left out for the public.
    Case(
        "plans:plan",
        "anonymous",
        200,
        args=plan_args("public_plan"),
        shows=("Open action",),
        hides=("Quiet action",),
    ),
    Case("plans:plan", "viewer", 200, args=plan_args("public_plan"), hides=("Quiet action",)),
    Case("plans:plan", "plan_editor", 200, args=plan_args("public_plan"), shows=("Quiet action",)),
    Case("plans:element", "anonymous", 200, args=plan_args("public_element")),
    Case("plans:action", "anonymous", 200, args=plan_args("public_action")),
    *[
        Case("plans:action", who, 404, args=plan_args("hidden_action"))
        for who in ("anonymous", "viewer", "provider")
    ],
    Case("plans:action", "plan_editor", 200, args=plan_args("hidden_action")),
    # An area plan's progress against its baseline: as its plan.
    *[Case("plans:area-baseline", who, 200, args=plan_args("area_plan")) for who in READERS],
    *[
        Case("plans:area-baseline", who, 404, args=plan_args("area_plan"))
        for who in (*NON_READERS, "anonymous")
    ],
    Case("plans:area-baseline", "anonymous", 404, args=plan_args("public_plan"), why="(not an area plan)"),
    *[Case("plans:area-map", who, 200, args=plan_args("area_plan")) for who in READERS],
    *[Case("plans:area-map", who, 404, args=plan_args("area_plan")) for who in (*NON_READERS, "anonymous")],
    # The community asset register: staff who read plans; plan editors add to it.
    *for_every_role("plans:assets", "plans.view"),
    *for_every_role("plans:asset-new", "plans.edit"),
    *for_every_role(
        "plans:asset-new",
        "plans.edit",
        method="post",
        data=lambda w: {"name": "Hall", "type": "community_centre", "postcode": "B37 7UH"},
        allowed=(200, 302),
        unchanged=assets,
    ),
    *for_every_role("plans:asset-import", "plans.edit"),
    # A partnership plan: roles that read plans; 404 for anyone else (nothing said about whether it exists).
    *[Case("plans:plan", who, 200, args=plan_args("partnership_plan")) for who in READERS],
    *[
        Case("plans:plan", who, 404, args=plan_args("partnership_plan"))
        for who in (*NON_READERS, "anonymous")
    ],
    # A restricted plan: plan editors, administrators and the people it concerns.
    *[
        Case("plans:plan", who, 200, args=plan_args("restricted_plan"), shows=("Owned action",))
        for who in ("plan_editor", "administrator", "referrer")
    ],
    *[
        Case("plans:plan", who, 404, args=plan_args("restricted_plan"), hides=("Owned action",))
        for who in ("viewer", "analyst", "moderator", "provider", "anonymous")
    ],
    Case("plans:action", "referrer", 200, args=plan_args("owned_action"), shows=("Post an update",)),
    Case("plans:action", "administrator", 200, args=plan_args("owned_action"), hides=("Post an update",)),
    # Posting an update: the owner only, whatever anyone else's role.
    Case("plans:action-update", "referrer", 200, args=plan_args("owned_action")),
    Case(
        "plans:action-update",
        "referrer",
        302,
        method="post",
        args=plan_args("owned_action"),
        data=lambda w: UPDATE,
    ),
    *[
        Case(
            "plans:action-update",
            who,
            403,
            method="post",
            args=plan_args("owned_action"),
            data=lambda w: UPDATE,
            refusal_audited=True,
            unchanged=updates,
        )
        for who in ("plan_editor", "administrator")
    ],
    *[
        Case(
            "plans:action-update",
            who,
            404,
            method="post",
            args=plan_args("owned_action"),
            data=lambda w: UPDATE,
            unchanged=updates,
        )
        for who in ("viewer", "analyst", "moderator", "provider")
    ],
    Case("plans:action-update", "anonymous", 302, args=plan_args("owned_action")),
    # The exception report: what each reader may see (the public action has no owner: it is listed).
    Case(
        "plans:exceptions", "anonymous", 200, shows=("Open action",), hides=("Quiet action", "Owned action")
    ),
    Case("plans:exceptions", "viewer", 200, shows=("Open action",), hides=("Quiet action", "Owned action")),
    Case("plans:exceptions", "plan_editor", 200, shows=("Quiet action",), hides=("Owned action",)),
    Case(
        "plans:exceptions",
        "anonymous",
        404,
        query=lambda w: f"plan={w.partnership_plan.pk}",
        why="(a plan not theirs)",
    ),
    Case("plans:exceptions", "anonymous", 404, query="plan=x1", why="(not a number)"),
    # "Your actions": every signed-in user (their own only).
    Case("plans:my-actions", "referrer", 200, shows=("Owned action",)),
    *[
        Case("plans:my-actions", who, 200, hides=("Owned action",))
        for who in ("viewer", "plan_editor", "provider")
    ],
    Case("plans:my-actions", "anonymous", 302),
    # Shaping plans: plan editors and administrators.
    *for_every_role("plans:plan-new", "plans.edit"),
    *for_every_role(
        "plans:plan-new",
        "plans.edit",
        method="post",
        data=lambda w: PLAN_FORM,
        allowed=302,
        unchanged=plan_state,
    ),
    *for_every_role("plans:plan-edit", "plans.edit", args=plan_args("partnership_plan")),
    *for_every_role(
        "plans:plan-edit",
        "plans.edit",
        args=plan_args("partnership_plan"),
        method="post",
        data=lambda w: PLAN_FORM,
        allowed=302,
        unchanged=plan_state,
    ),
    *for_every_role("plans:plan-status", "plans.edit", args=plan_args("public_plan")),
    *for_every_role(
        "plans:plan-status",
        "plans.edit",
        args=plan_args("partnership_plan"),
        method="post",
        data=lambda w: {"status": "consultation"},
        allowed=302,
        unchanged=plan_state,
    ),
    *for_every_role("plans:element-new", "plans.edit", args=plan_args("public_plan")),
    # Reports of a plan: staff who read plans produce them (a cover report among them).
    *[Case("plans:cover-new", who, 200, args=plan_args("partnership_plan")) for who in READERS],
    *[Case("plans:cover-new", who, 404, args=plan_args("partnership_plan")) for who in NON_READERS],
    Case("plans:cover-new", "anonymous", 302, args=plan_args("partnership_plan")),
    *[
        Case(
            "plans:reports",
            who,
            404,
            method="post",
            args=plan_args("partnership_plan"),
            data=lambda w: {"kind": "tracker"},
            unchanged=issues,
        )
        for who in NON_READERS
    ],
    Case(
        "plans:reports",
        "viewer",
        302,
        method="post",
        args=plan_args("partnership_plan"),
        data=lambda w: {"kind": "tracker"},
    ),
    # Boards and meetings: public ones for everyone; a private meeting for roles that read plans.
    Case("plans:bodies", "anonymous", 200, shows=("Open board",), hides=("Quiet group",)),
    Case("plans:bodies", "viewer", 200, shows=("Open board", "Quiet group")),
    Case("plans:body", "anonymous", 200, args=plan_args("board")),
    *[
        Case("plans:body", who, 404, args=plan_args("group"))
        for who in ("anonymous", "provider", "moderator")
    ],
    *[Case("plans:body", who, 200, args=plan_args("group")) for who in READERS],
    Case("plans:body-calendar", "anonymous", 200, args=plan_args("board"), shows=("BEGIN:VCALENDAR",)),
    Case("plans:meeting", "anonymous", 200, args=plan_args("public_meeting")),
    Case("plans:meeting-calendar", "anonymous", 200, args=plan_args("public_meeting")),
    *[
        Case("plans:meeting", who, 404, args=plan_args("private_meeting"))
        for who in ("anonymous", "provider")
    ],
    *[
        Case("plans:meeting-calendar", who, 404, args=plan_args("private_meeting"))
        for who in ("anonymous", "provider")
    ],
    *[Case("plans:meeting", who, 200, args=plan_args("private_meeting")) for who in READERS],
    # Managing meetings: plan editors, administrators and the board's own secretary.
    *[
        Case("plans:meeting-new", who, 200, args=plan_args("group"))
        for who in ("plan_editor", "administrator", "referrer")
    ],
    Case(
        "plans:meeting-new",
        "referrer",
        403,
        args=plan_args("board"),
        refusal_audited=True,
        why="(secretary of another board)",
    ),
    *[
        Case(
            "plans:meeting-new",
            who,
            403,
            method="post",
            args=plan_args("group"),
            data=lambda w: {"day": "14/1/2027", "starts": "14:00"},
            refusal_audited=True,
            unchanged=meetings,
        )
        for who in ("viewer", "analyst")
    ],
    Case(
        "plans:meeting-new",
        "referrer",
        302,
        method="post",
        args=plan_args("group"),
        data=lambda w: {"day": "14/1/2027", "starts": "14:00"},
    ),
    *[
        Case("plans:agenda-item-new", who, 200, args=plan_args("group_meeting"))
        for who in ("plan_editor", "referrer")
    ],
    *[
        Case(
            "plans:agenda-item-new",
            who,
            403,
            method="post",
            args=plan_args("group_meeting"),
            data=lambda w: {"title": "x", "purpose": "decision"},
            refusal_audited=True,
            unchanged=meetings,
        )
        for who in ("viewer", "analyst")
    ],
    Case(
        "plans:agenda-item-new",
        "referrer",
        302,
        method="post",
        args=plan_args("group_meeting"),
        data=lambda w: {"title": "Budget", "purpose": "decision"},
    ),
    *[
        Case("plans:decision-new", who, 200, args=plan_args("group_meeting"))
        for who in ("plan_editor", "referrer")
    ],
    *[
        Case("plans:decision-new", who, 403, args=plan_args("group_meeting"), refusal_audited=True)
        for who in ("viewer", "analyst")
    ],
    *[
        Case(url, "anonymous", 302, args=plan_args("group_meeting"))
        for url in ("plans:agenda-item-new", "plans:decision-new")
    ],
    Case("plans:meeting-new", "anonymous", 302, args=plan_args("group")),
    *for_every_role("plans:action-new", "plans.edit", args=plan_args("public_plan")),
    *for_every_role("plans:contribution-new", "plans.edit", args=plan_args("public_element")),
    *for_every_role("plans:import", "plans.edit"),
    *[
        Case("plans:export", who, 200, args=lambda w: {"pk": w.partnership_plan.pk, "file_format": "csv"})
        for who in READERS
    ],
    *[
        Case("plans:export", who, 404, args=lambda w: {"pk": w.partnership_plan.pk, "file_format": "xlsx"})
        for who in NON_READERS
    ],
    Case(
        "plans:export",
        "anonymous",
        302,
        args=lambda w: {"pk": w.public_plan.pk, "file_format": "csv"},
        why="(staff only)",
    ),
]

from equalchance.plans.tests.access_api import ROWS as API_ROWS  # noqa: E402 - the API's rows

ROWS += API_ROWS
