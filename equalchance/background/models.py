"""Background work: what was started, by whom, how far it has got and how it ended.

The queue itself is django-tasks' (its database backend's table, read by `equalchance db_worker`);
this is the product's record of each piece of work, shown to the person who started it and to nobody
else. It holds references and counts only: no person's data, no tracebacks."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Kind(models.TextChoices):
    OPEN_DATA_LOAD = "open-data-load", "Load the national open data"
    NATIONAL_RECOMPUTE = "national-recompute", "Recompute the scorecard for every ward and district"
    SCORECARD_PDF = "scorecard-pdf", "Prepare a scorecard's board pack (PDF)"
    DIRECTORY_REMINDERS = "directory-reminders", "Send the directory's review reminders"
    PLANS_REMINDERS = "plans-reminders", "Remind action owners that their updates are due"
    PLANS_REPORT = "plans-report", "Produce a plan's report for a board (PDF)"
    PERFORMANCE_REMINDERS = "performance-reminders", "Remind data-entry people and approvers about values"


class State(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Finished"
    FAILED = "failed", "Failed"


class BackgroundTask(models.Model):
    kind = models.CharField(max_length=40, choices=Kind.choices)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    parameters = models.JSONField(default=dict, blank=True, help_text="References only (ids, years)")
    task_id = models.CharField(max_length=64, blank=True, help_text="The queue's id for this work")
    state = models.CharField(max_length=20, choices=State.choices, default=State.QUEUED)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0, help_text="0 while not yet known")
    step = models.CharField(max_length=200, blank=True, help_text="What it is doing now")
    summary = models.TextField(blank=True, help_text="What it did, in a sentence or two")
    error = models.TextField(blank=True, help_text="Why it failed, in words (never a traceback)")

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["started_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_state_display().lower()})"

    @property
    def finished(self) -> bool:
        return self.state in {State.SUCCEEDED, State.FAILED}

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


class TaskFile(models.Model):
    """A file the work made (a PDF pack, a CSV), kept in the database so that a worker on another
    machine can hand it to the web servers; only the person who started the work can download it."""

    task = models.OneToOneField(BackgroundTask, on_delete=models.CASCADE, related_name="file")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    content = models.BinaryField()
    size = models.PositiveIntegerField()
