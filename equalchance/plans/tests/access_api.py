"""Rows of the authorisation matrix for the plans JSON API (`/api/plans/`), using the records
`access.populate` makes. Kept apart from the pages' rows. The API answers as the pages do, because both
ask `plans.selectors`: public items for everyone (providers and the public alike), partnership items for
roles that read plans, restricted ones for plan editors and the people they concern; whatever a caller
may not see is a 404, never a 403, so hidden ids cannot be told from missing ones. It is read-only."""

from equalchance.plans.models import Plan
from tests.authorization.harness import Case

READERS = ("administrator", "analyst", "viewer", "plan_editor")
NON_READERS = ("moderator", "provider")


def pk(key):
    return lambda world: {"pk": world.records[key].pk}


def plan_state(world):
    return list(Plan.objects.order_by("pk").values_list("title", "status", "visibility"))


ROWS = [
    # The list of plans: everyone, each seeing what they may.
    Case(
        "api:plans", "anonymous", 200, shows=("Open strategy",), hides=("Partnership plan", "Restricted plan")
    ),
    *[
        Case("api:plans", who, 200, shows=("Partnership plan",), hides=("Restricted plan",))
        for who in ("viewer", "analyst")
    ],
    *[Case("api:plans", who, 200, shows=("Restricted plan",)) for who in ("plan_editor", "administrator")],
    Case("api:plans", "referrer", 200, shows=("Restricted plan",), why="(owns one of its actions)"),
    *[
        Case("api:plans", who, 200, shows=("Open strategy",), hides=("Partnership plan", "Restricted plan"))
        for who in NON_READERS
    ],
    Case("api:plans", "anonymous", 400, query="status=secret", shows=('"parameter":"status"',)),
    # Read-only: writing is not allowed to anyone, and changes nothing.
    *[
        Case("api:plans", who, 405, method="post", data=lambda w: {"title": "Hijacked"}, unchanged=plan_state)
        for who in ("plan_editor", "anonymous")
    ],
    # A public plan: everyone; its restricted action is left out unless the reader may see it.
    Case(
        "api:plan", "anonymous", 200, args=pk("public_plan"), shows=("Open action",), hides=("Quiet action",)
    ),
    *[
        Case("api:plan", who, 200, args=pk("public_plan"), hides=("Quiet action",))
        for who in ("viewer", "provider")
    ],
    Case("api:plan", "plan_editor", 200, args=pk("public_plan"), shows=("Quiet action",)),
    # A partnership plan: roles that read plans; 404 for anyone else.
    *[Case("api:plan", who, 200, args=pk("partnership_plan")) for who in READERS],
    *[Case("api:plan", who, 404, args=pk("partnership_plan")) for who in (*NON_READERS, "anonymous")],
    # A restricted plan: plan editors, administrators and the people it concerns.
    *[
        Case("api:plan", who, 200, args=pk("restricted_plan"), shows=("Owned action",))
        for who in ("plan_editor", "administrator", "referrer")
    ],
    *[
        Case("api:plan", who, 404, args=pk("restricted_plan"), hides=("Owned action",))
        for who in ("viewer", "analyst", "moderator", "provider", "anonymous")
    ],
    Case(
        "api:plan-action",
        "plan_editor",
        405,
        method="post",
        args=pk("public_action"),
        data=lambda w: {"title": "Hijacked"},
        unchanged=plan_state,
    ),
    # Actions: public ones for everyone; restricted ones for editors and their owner.
    *[
        Case("api:plan-action", who, 200, args=pk("public_action"), shows=("Open action",))
        for who in ("anonymous", "provider")
    ],
    *[
        Case("api:plan-action", who, 404, args=pk("hidden_action"), hides=("Quiet action",))
        for who in ("anonymous", "viewer", "analyst", "provider", "referrer")
    ],
    *[
        Case("api:plan-action", who, 200, args=pk("hidden_action"))
        for who in ("plan_editor", "administrator")
    ],
    Case(
        "api:plan-action", "referrer", 200, args=pk("owned_action"), shows=("Owned action",), why="(owns it)"
    ),
    *[
        Case("api:plan-action", who, 404, args=pk("owned_action"))
        for who in ("viewer", "analyst", "moderator", "provider", "anonymous")
    ],
    # Boards and groups: public ones for everyone; partnership ones for roles that read plans.
    *[
        Case("api:plan-boards", who, 200, shows=("Open board",), hides=("Quiet group",))
        for who in ("anonymous", *NON_READERS)
    ],
    *[Case("api:plan-boards", who, 200, shows=("Open board", "Quiet group")) for who in READERS],
    Case("api:plan-boards", "anonymous", 400, query="page=first", shows=('"parameter":"page"',)),
    Case("api:plan-board", "anonymous", 200, args=pk("board"), shows=("Open board",)),
    *[Case("api:plan-board", who, 404, args=pk("group")) for who in ("anonymous", *NON_READERS)],
    *[Case("api:plan-board", who, 200, args=pk("group"), shows=("Quiet group",)) for who in READERS],
    # Meetings: public ones of public boards for everyone; the rest for roles that read plans.
    *[Case("api:plan-meeting", who, 200, args=pk("public_meeting")) for who in ("anonymous", "provider")],
    *[
        Case("api:plan-meeting", who, 404, args=pk(meeting))
        for who in ("anonymous", *NON_READERS)
        for meeting in ("private_meeting", "group_meeting")
    ],
    *[
        Case("api:plan-meeting", who, 200, args=pk(meeting))
        for who in READERS
        for meeting in ("private_meeting", "group_meeting")
    ],
]
