"""Background work is recorded against whoever started it, runs the same functions as the command line,
shows its progress and result, and fails in words without tracebacks or personal data."""

import csv
import io
import logging
import re
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone
from django.utils.text import slugify

from equalchance.accounts.models import Role
from equalchance.audit.models import AuditEvent
from equalchance.background import kinds
from equalchance.background.kinds import WorkRefused
from equalchance.background.models import BackgroundTask, TaskFile
from equalchance.background.services import background_task_start
from equalchance.directory.models import Organisation, Service

pytestmark = pytest.mark.django_db


def test_an_administrator_loads_the_national_open_data_as_background_work(user_with_role):
    admin = user_with_role(Role.ADMINISTRATOR)
    task = background_task_start(kind="open-data-load", by=admin)
    assert task.state == "succeeded" and task.started_by == admin and task.task_id
    assert task.done == task.total > 0 and task.started_at <= task.finished_at
    assert "already loaded from the same files" in task.summary  # the session's data: same files
    event = AuditEvent.objects.get(action="tasks.enqueue", object_id=str(task.pk))
    assert event.actor == admin and event.changes == {"kind": "open-data-load"} and not event.refused


def test_an_analyst_may_not_load_the_national_open_data_and_nothing_is_queued(user_with_role):
    analyst = user_with_role(Role.ANALYST)
    with pytest.raises(PermissionDenied):
        background_task_start(kind="open-data-load", by=analyst)
    assert not BackgroundTask.objects.exists()
    refusal = AuditEvent.objects.get(action="tasks.enqueue")
    assert refusal.refused and refusal.actor == analyst and refusal.object_id == "open-data-load"


def test_the_national_recompute_reports_each_indicator_and_makes_a_csv_labelled_synthetic(user_with_role):
    analyst = user_with_role(Role.ANALYST)
    task = background_task_start(kind="national-recompute", by=analyst)
    assert task.state == "succeeded", task.error
    assert task.total == task.done >= 9  # one step per scorecard indicator with a modelled series
    assert "wards and 317 districts in England" in task.summary and "synthetic" in task.summary
    file = TaskFile.objects.get(task=task)
    rows = list(csv.reader(io.StringIO(bytes(file.content).decode())))
    assert rows[0][:3] == ["indicator", "target_code", "target_level"]
    per_indicator = {}
    for row in rows[1:]:
        per_indicator[row[0]] = per_indicator.get(row[0], 0) + 1
    assert len(per_indicator) == task.total and len(set(per_indicator.values())) == 1  # every target each
    assert {row[-1] for row in rows[1:]} == {"synthetic"}
    assert any(row[1] == "E05001287" and row[2] == "ward" for row in rows)  # Chelmsley Wood
    assert file.name.endswith(".csv") and file.size == len(bytes(file.content))


def test_a_board_pack_is_prepared_as_a_pdf_for_whoever_may_see_the_scorecard(scorecard, user_with_role):
    viewer = user_with_role(Role.VIEWER)
    task = background_task_start(kind="scorecard-pdf", by=viewer, parameters={"scorecard": str(scorecard.pk)})
    assert task.state == "succeeded", task.error
    assert (task.done, task.total) == (2, 2)
    assert task.parameters == {"scorecard": scorecard.pk, "as_at": None}
    file = TaskFile.objects.get(task=task)
    assert bytes(file.content).startswith(b"%PDF") and file.content_type == "application/pdf"
    assert scorecard.name in task.summary
    # Named from its title, and "data up to" the end of the latest period held, never a future date.
    assert file.name == f"{slugify(scorecard.name)}-solihull-{timezone.localdate():%Y-%m-%d}.pdf"
    this_year = background_task_start(
        kind="scorecard-pdf",
        by=viewer,
        parameters={"scorecard": str(scorecard.pk), "as_at": str(timezone.localdate().year)},
    )
    for summary in (task.summary, this_year.summary):
        said = re.search(r"data up to (\d{1,2} \w+ \d{4})", summary)
        assert said and datetime.strptime(said[1], "%d %B %Y").date() <= timezone.localdate(), summary


@pytest.mark.parametrize(
    "parameters, said",
    [
        ({"scorecard": "abc"}, "There is no such scorecard in this partnership."),
        ({"scorecard": "999999"}, "There is no such scorecard in this partnership."),
        ({"as_at": "1800"}, "The year of the data must be a year from 2000 to now, not '1800'."),
    ],
)
def test_a_board_pack_with_bad_parameters_is_refused_in_words_and_nothing_is_queued(
    scorecard, user_with_role, parameters, said
):
    with pytest.raises(WorkRefused) as refused:
        background_task_start(
            kind="scorecard-pdf",
            by=user_with_role(Role.VIEWER),
            parameters={"scorecard": scorecard.pk, **parameters},
        )
    assert str(refused.value) == said
    assert (
        not BackgroundTask.objects.exists() and not AuditEvent.objects.filter(action="tasks.enqueue").exists()
    )


def test_a_moderator_sends_the_review_reminders_as_background_work(user_with_role):
    today = timezone.localdate()
    organisation = Organisation.objects.create(name="Play Trust", description="x", email="play@example.org")
    Service.objects.create(
        organisation=organisation,
        name="Due soon",
        assured_date=today - timedelta(days=350),
        last_modified=timezone.now(),
        published=True,
    )
    task = background_task_start(kind="directory-reminders", by=user_with_role(Role.MODERATOR))
    assert task.state == "succeeded" and task.summary == "Sent 1 reminder e-mail to organisations."
    assert [m.to for m in mail.outbox] == [["play@example.org"]]
    assert "play@example.org" not in str(AuditEvent.objects.filter(action="tasks.enqueue").values())


def test_the_reminders_command_queues_them_as_the_system_actor(system, capsys):
    call_command("directory", "send-reminders", "--enqueue")
    task = BackgroundTask.objects.get()
    assert task.kind == "directory-reminders" and task.started_by == system and task.state == "succeeded"
    assert f"Queued the reminders as background work {task.pk}." in capsys.readouterr().out


def test_the_tasks_command_queues_work_as_a_named_user_and_refuses_what_they_may_not_do(user_with_role):
    from django.core.management.base import CommandError

    user_with_role(Role.VIEWER, username="vic")
    with pytest.raises(CommandError, match="You may not start this work"):
        call_command("tasks", "enqueue", "directory-reminders", "--as", "vic")
    assert not BackgroundTask.objects.exists()
    user_with_role(Role.MODERATOR, username="mo")
    call_command("tasks", "enqueue", "directory-reminders", "--as", "mo")
    assert BackgroundTask.objects.get().started_by.username == "mo"


def test_a_failure_is_told_in_words_and_logged_without_its_message(user_with_role, monkeypatch, caplog):
    def breaks(*, by, parameters, progress):
        progress(1, 4, "Half way")
        address = "@".join(["jo", "example.org"])  # data met at run time, as a mail server's refusal
        raise RuntimeError(f"the mail server refused {address}")

    monkeypatch.setitem(kinds.KINDS, "directory-reminders", kinds.KindSpec("directory.remind", breaks))
    with caplog.at_level(logging.ERROR, logger="equalchance.background.services"):
        task = background_task_start(kind="directory-reminders", by=user_with_role(Role.MODERATOR))
    assert task.state == "failed" and (task.done, task.total, task.step) == (1, 4, "Half way")
    assert task.error == (
        f"The work stopped because of a fault (RuntimeError). The operators' log has the details under "
        f"background work {task.pk}."
    )
    logged = caplog.text
    assert "Traceback" in logged and "builtins.RuntimeError" in logged and "in breaks" in logged
    assert "jo@example.org" not in logged and "jo@example.org" not in task.error


def test_work_refused_while_running_says_why(user_with_role, monkeypatch):
    def refuses(*, by, parameters, progress):
        raise WorkRefused("The scorecard no longer exists.")

    monkeypatch.setitem(kinds.KINDS, "directory-reminders", kinds.KindSpec("directory.remind", refuses))
    task = background_task_start(kind="directory-reminders", by=user_with_role(Role.MODERATOR))
    assert task.state == "failed" and task.error == "The scorecard no longer exists."
