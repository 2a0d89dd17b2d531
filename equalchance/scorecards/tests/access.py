"""The scorecards' rows of the authorisation matrix (see tests/authorization/harness.py): every page,
export and API view by role, from the capability table (scorecards.view, .define, .publish). Refused
reads of a private snapshot are recorded by the selector that refused them, with the snapshot's id."""

from datetime import date

from equalchance.scorecards.models import Line, Scorecard, Snapshot
from tests.authorization.harness import ROLES, Case, for_every_role

EMPTY = {"as_at": "2025-12-31", "themes": []}


def populate(world) -> None:
    from equalchance.accounts.services import system_actor
    from equalchance.places.models import Area
    from equalchance.scorecards.services import scorecard_create_default

    scorecard = scorecard_create_default(district=Area.objects.get(code="E08000029"), by=system_actor())
    world.records["scorecard"] = scorecard
    world.records["line"] = Line.objects.filter(theme__scorecard=scorecard).first()
    # Frozen as published; their numbers do not matter here, only who may read them.
    for key, public in (("private", False), ("later", False), ("public", True)):
        world.records[key] = Snapshot.objects.create(
            scorecard=scorecard, title=f"Snapshot {key}", as_at=date(2025, 12, 31), public=public, data=EMPTY
        )


def scorecard(world):
    return {"pk": world.scorecard.pk}


def line(world):
    return {"pk": world.scorecard.pk, "line_pk": world.line.pk}


def private(world):
    return {"snapshot_pk": world.private.pk}


def private_export(file_format):
    return lambda world: {"snapshot_pk": world.private.pk, "file_format": file_format}


def export(file_format):
    return lambda world: {"pk": world.scorecard.pk, "file_format": file_format}


def definition(world):
    return (
        list(Scorecard.objects.order_by("pk").values_list("pk", "name", "baseline_year")),
        list(Line.objects.order_by("pk").values_list("pk", "theme_id", "indicator_id")),
    )


def snapshots(world):
    return list(Snapshot.objects.order_by("pk").values_list("pk", "title"))


def private_snapshot_rows(url: str, args, query: str = "") -> list[Case]:
    """Rows for a view that reads private snapshots in full: roles with scorecards.view; every other
    signed-in role refused and the refusal recorded (against the snapshot by the selector; for providers,
    turned away before any scorecard view, by the 403 handler)."""
    rows = for_every_role(url, "scorecards.view", args=args, query=query)
    return [
        Case(
            case.url,
            case.actor,
            case.expect,
            args=args,
            query=query,
            refusal_audited=True,
            hides=("Snapshot private",),
        )
        if case.expect == 403 and case.actor != "anonymous"
        else case
        for case in rows
    ]


FORM = {"name": "Renamed by a refused user", "baseline_year": "2016"}

ROWS = [
    *for_every_role("scorecards:list", "scorecards.view"),
    *for_every_role("scorecards:detail", "scorecards.view", args=scorecard),
    *for_every_role("scorecards:line", "scorecards.view", args=line),
    *for_every_role("scorecards:snapshots", "scorecards.view", args=scorecard),
    *for_every_role("scorecards:export", "scorecards.view", args=export("csv")),
    *for_every_role("scorecards:export", "scorecards.view", args=export("xlsx")),
    *private_snapshot_rows("scorecards:snapshot", private),
    *private_snapshot_rows("scorecards:snapshot-export", private_export("csv")),
    *private_snapshot_rows("scorecards:snapshot-export", private_export("xlsx")),
    *private_snapshot_rows("scorecards:snapshot-export", private_export("pdf")),
    # The comparison of two private snapshots: see test_access.py (its query names the world's ids).
    *for_every_role("scorecards:new", "scorecards.define"),
    *for_every_role("scorecards:edit", "scorecards.define", args=scorecard),
    *for_every_role("scorecards:publish", "scorecards.publish", args=scorecard),
    *for_every_role(
        "scorecards:edit",
        "scorecards.define",
        args=scorecard,
        method="post",
        data=lambda w: {**FORM, "target": w.scorecard.target_id},
        allowed=302,
        unchanged=definition,
    ),
    *for_every_role(
        "scorecards:line-remove",
        "scorecards.define",
        args=line,
        method="post",
        allowed=302,
        unchanged=definition,
    ),
    *for_every_role(
        "scorecards:line-add",
        "scorecards.define",
        args=scorecard,
        method="post",
        data=lambda w: {"indicator": "", "theme": ""},
        allowed=200,  # the form's errors: nothing to add
        unchanged=definition,
    ),
    *for_every_role(
        "scorecards:publish",
        "scorecards.publish",
        args=scorecard,
        method="post",
        data=lambda w: {"title": ""},
        allowed=200,  # the form's errors: nothing published
        unchanged=snapshots,
    ),
    # The JSON API: refusals in JSON, recorded.
    *for_every_role("api:scorecards", "scorecards.view"),
    *for_every_role("api:scorecard", "scorecards.view", args=lambda w: {"pk": w.scorecard.pk}),
    *private_snapshot_rows("api:snapshot", lambda w: {"pk": w.private.pk}),
    # The API's document: for every signed-in user of the partnership's pages.
    *[Case("api:schema", role, 200) for role in ROLES if role != "provider"],
    Case("api:schema", "provider", 403, refusal_audited=True, why="(providers see only the directory)"),
    Case("api:schema", "anonymous", 403),
    # Comparing two snapshots (private ones among them): roles that read scorecards.
    *for_every_role(
        "scorecards:snapshot-compare",
        "scorecards.view",
        args=scorecard,
        query=lambda w: f"a={w.private.pk}&b={w.later.pk}",
    ),
]
