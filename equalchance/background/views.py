"""Background work pages: what you started, its progress and result; starting work."""

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from equalchance.accounts.permissions import user_can
from equalchance.background import selectors, services
from equalchance.background.kinds import KINDS, WorkRefused
from equalchance.background.models import Kind

# Work started from this page's own buttons (a scorecard's pack starts from the scorecard's page).
STARTED_HERE = [Kind.OPEN_DATA_LOAD, Kind.NATIONAL_RECOMPUTE, Kind.DIRECTORY_REMINDERS]


def task_list(request):
    return render(
        request,
        "background/task_list.html",
        {
            "tasks": selectors.background_tasks_of(user=request.user)[:100],
            "can_start": [k for k in STARTED_HERE if user_can(request.user, KINDS[k].capability)],
        },
    )


def task_detail(request, pk: int):
    task = selectors.background_task_of(user=request.user, pk=pk)
    return render(
        request,
        "background/task_detail.html",
        {"task": task, "progress_text": selectors.progress_text(task)},
    )


def task_progress(request, pk: int):
    """The progress as JSON, for the page's script (the page itself works without it)."""
    task = selectors.background_task_of(user=request.user, pk=pk)
    return JsonResponse(
        {
            "state": task.state,
            "finished": task.finished,
            "done": task.done,
            "total": task.total,
            "text": selectors.progress_text(task),
        }
    )


def task_download(request, pk: int):
    file = selectors.task_file_of(user=request.user, pk=pk)
    response = HttpResponse(bytes(file.content), content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.name}"'
    return response


@require_POST
def task_start(request, kind: str):
    if kind not in KINDS:
        raise Http404("There is no such background work.")
    try:
        task = services.background_task_start(
            kind=kind,
            by=request.user,
            parameters={k: request.POST.get(k, "") for k in ("scorecard", "as_at", "plan", "report")},
        )
    except WorkRefused as problem:
        messages.error(request, str(problem))
        return redirect("background:list")
    return redirect("background:detail", pk=task.pk)
