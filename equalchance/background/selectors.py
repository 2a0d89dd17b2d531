"""Reading background work: each person sees only the work they started."""

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from equalchance.background.models import BackgroundTask, TaskFile
from equalchance.common.keys import LARGEST_ID

# A larger or non-positive number in an address names no task: 404 before reaching the database.


def _task_id(pk: int) -> int:
    if not 0 < pk <= LARGEST_ID:
        raise Http404("There is no such background work.")
    return pk


def background_tasks_of(*, user) -> QuerySet[BackgroundTask]:
    """The work `user` started, newest first, with whether it made a file (without reading the file)."""
    if not getattr(user, "is_authenticated", False):
        return BackgroundTask.objects.none()
    return BackgroundTask.objects.filter(started_by=user).annotate(
        has_file=Exists(TaskFile.objects.filter(task=OuterRef("pk")))
    )


def background_task_of(*, user, pk: int) -> BackgroundTask:
    """One piece of `user`'s work; 404 for anyone else's, so its existence is not given away."""
    return get_object_or_404(background_tasks_of(user=user), pk=_task_id(pk))


def task_file_of(*, user, pk: int) -> TaskFile:
    return get_object_or_404(TaskFile.objects.filter(task__started_by=user), task_id=_task_id(pk))


def progress_text(task: BackgroundTask) -> str:
    if task.state == "queued":
        return "Waiting for a worker to start it."
    if task.finished:
        return task.get_state_display() + "."
    if not task.total:
        return task.step or "Starting."
    return f"{task.done} of {task.total} steps done" + (f": {task.step}." if task.step else ".")
