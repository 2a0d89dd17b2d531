"""Background work's rows of the authorisation matrix (see tests/authorization/harness.py): the list is
everyone's own; starting work needs the kind's capability; a piece of work is seen, followed and
downloaded by the person who started it alone (404 for everyone else, administrators included)."""

from equalchance.background.models import BackgroundTask, TaskFile
from tests.authorization.harness import ROLES, Case, for_every_role


def populate(world) -> None:
    task = BackgroundTask.objects.create(
        kind="national-recompute", started_by=world.people["analyst"], state="succeeded", summary="Done."
    )
    TaskFile.objects.create(task=task, name="national.csv", content_type="text/csv", content=b"a,b\n", size=4)
    world.records["task"] = task


def _task(world) -> dict:
    return {"pk": world.task.pk}


def _tasks(world) -> int:
    return BackgroundTask.objects.count()


def _own_and_others(url: str) -> list[Case]:
    rows = [Case(url, "analyst", 200, args=_task, why="(who started it)")]
    rows += [
        Case(url, role, 403 if role == "provider" else 404, args=_task, why="(someone else's work)")
        for role in ROLES
        if role != "analyst"
    ]
    rows.append(Case(url, "anonymous", 302, args=_task))
    return rows


ROWS = [
    *[Case("background:list", role, 403 if role == "provider" else 200) for role in ROLES],
    Case("background:list", "anonymous", 302),
    *for_every_role(
        "background:start",
        "reference_data.manage",
        args=lambda w: {"kind": "open-data-load"},
        method="post",
        allowed=302,
        unchanged=_tasks,
    ),
    *for_every_role(
        "background:start",
        "directory.remind",
        args=lambda w: {"kind": "directory-reminders"},
        method="post",
        allowed=302,
        unchanged=_tasks,
    ),
    *_own_and_others("background:detail"),
    *_own_and_others("background:progress"),
    *_own_and_others("background:download"),
]
