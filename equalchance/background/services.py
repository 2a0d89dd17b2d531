"""Starting background work and keeping its record: who started it, how far it has got, how it ended."""

import logging
import time
import traceback

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from equalchance.accounts.permissions import user_can
from equalchance.audit.actions import Action
from equalchance.audit.services import audit_event_record, audit_refusal_record
from equalchance.background.kinds import KINDS, Outcome, WorkRefused
from equalchance.background.models import BackgroundTask, Kind, State, TaskFile
from equalchance.common.validated_csv import DataFileError

logger = logging.getLogger(__name__)

# Errors whose own words are safe and useful to show the person (no personal data, no internals).
SAID_IN_WORDS = (WorkRefused, PermissionDenied, DataFileError)
PROGRESS_EVERY = 0.5  # seconds between progress writes (a finished step is always written)


class BackgroundWorkFailed(Exception):
    """What the queue records when work fails: the kind and record only. The person sees the reason on
    the work's page; the operators' log has the traceback (without the error's own words)."""


def background_task_start(*, kind: str, by, parameters: dict | None = None) -> BackgroundTask:
    """Record the work and put it on the queue, as `by` (the system actor for scheduled runs).

    Refused (PermissionDenied, audited) when `by` may not start this kind of work; WorkRefused when the
    parameters are not right. Nothing is queued in either case."""
    from equalchance.background.tasks import TASKS

    if kind not in KINDS:
        raise WorkRefused(f"There is no background work called {kind!r}.")
    spec = KINDS[kind]
    if not user_can(by, spec.capability):
        audit_refusal_record(
            actor=by, action=Action.TASK_ENQUEUE, object_type="background.backgroundtask", object_id=kind
        )
        raise PermissionDenied(f"You may not start this work: {Kind(kind).label.lower()}.")
    cleaned = spec.clean(parameters or {})
    with transaction.atomic():
        record = BackgroundTask.objects.create(kind=kind, started_by=by, parameters=cleaned)
        audit_event_record(
            actor=by, action=Action.TASK_ENQUEUE, obj=record, changes={"kind": kind, **cleaned}
        )
    try:
        result = TASKS[kind].enqueue(record_id=record.pk)
    except Exception:
        logger.exception("Background work %s (%s) could not be queued", record.pk, kind)
        BackgroundTask.objects.filter(pk=record.pk).update(
            state=State.FAILED, finished_at=timezone.now(), error="The work could not be put on the queue."
        )
    else:
        BackgroundTask.objects.filter(pk=record.pk).update(task_id=str(result.id)[:64])
    record.refresh_from_db()
    return record


class _Progress:
    """Writes progress to the record, at most every PROGRESS_EVERY seconds and at each new step."""

    def __init__(self, record_id: int):
        self.record_id = record_id
        self.last = (0.0, None)

    def __call__(self, done: int, total: int, step: str) -> None:
        now = time.monotonic()
        if step == self.last[1] and done < total and now - self.last[0] < PROGRESS_EVERY:
            return
        self.last = (now, step)
        BackgroundTask.objects.filter(pk=self.record_id).update(
            done=max(0, min(done, total)), total=max(total, 0), step=step[:200]
        )


def _traceback_without_words(error: BaseException) -> str:
    """Where it failed (the frames and the error's type), leaving out the error's message, which may
    hold data (an e-mail address refused by a mail server, say)."""
    frames = "".join(traceback.format_tb(error.__traceback__))
    return f"Traceback (most recent call last):\n{frames}{type(error).__module__}.{type(error).__qualname__}"


def background_task_run(*, record_id: int) -> BackgroundTask:
    """Do the recorded work as the person who started it, keeping its record up to date. Called by the
    queue's task; work already finished is not done again."""
    record = BackgroundTask.objects.select_related("started_by").get(pk=record_id)
    if record.finished:
        return record
    BackgroundTask.objects.filter(pk=record.pk).update(
        state=State.RUNNING, started_at=timezone.now(), error=""
    )
    spec = KINDS[record.kind]
    try:
        outcome: Outcome = spec.run(
            by=record.started_by, parameters=record.parameters, progress=_Progress(record.pk)
        )
    except Exception as error:
        if isinstance(error, SAID_IN_WORDS):
            said = str(error.args[0]) if error.args else str(error)
        else:
            said = (
                f"The work stopped because of a fault ({type(error).__name__}). The operators' log has "
                f"the details under background work {record.pk}."
            )
            logger.error(
                "Background work %s (%s) failed\n%s", record.pk, record.kind, _traceback_without_words(error)
            )
        BackgroundTask.objects.filter(pk=record.pk).update(
            state=State.FAILED, finished_at=timezone.now(), error=said[:2000]
        )
        raise BackgroundWorkFailed(f"Background work {record.pk} ({record.kind}) failed") from None
    with transaction.atomic():
        if outcome.content:
            TaskFile.objects.create(
                task=record,
                name=outcome.file_name,
                content_type=outcome.content_type,
                content=outcome.content,
                size=len(outcome.content),
            )
        BackgroundTask.objects.filter(pk=record.pk).update(
            state=State.SUCCEEDED, finished_at=timezone.now(), summary=outcome.summary[:2000], done=F("total")
        )
    record.refresh_from_db()
    return record
