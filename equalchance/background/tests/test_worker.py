"""The real queue: work put on it is run by `equalchance db_worker` processes
(two at once here, as on several machines sharing one database), each piece exactly once."""

import json
import subprocess
import sys

ENQUEUE_THREE = (
    "import django; django.setup(); "
    "from equalchance.accounts.services import system_actor; "
    "from equalchance.background.services import background_task_start; "
    "[background_task_start(kind='directory-reminders', by=system_actor()) for _ in range(3)]"
)
RECORDS = (
    "import django, json; django.setup(); "
    "from equalchance.background.models import BackgroundTask; "
    "from django_tasks_db.models import DBTaskResult; "
    "print(json.dumps({'tasks': [[t.pk, t.state, t.summary, t.started_by.username, t.task_id] "
    "for t in BackgroundTask.objects.order_by('pk')], "
    "'queue': {str(r.id): [r.status, r.worker_ids] for r in DBTaskResult.objects.all()}}))"
)


def run(env, *arguments, python: str | None = None) -> str:
    command = (
        [sys.executable, "-c", python] if python else [sys.executable, "-m", "equalchance.cli", *arguments]
    )
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_queued_work_is_run_once_by_database_workers_sharing_the_database(fresh_database):
    env = {**fresh_database, "DJANGO_SETTINGS_MODULE": "equalchance.config.settings"}  # the database queue
    before = json.loads(run(env, python=ENQUEUE_THREE + "; " + RECORDS))
    assert [state for _, state, *_ in before["tasks"]] == ["queued"] * 3
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "equalchance.cli",
                "db_worker",
                "--batch",
                "--no-startup-delay",
                "--interval",
                "0",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    for worker in workers:
        output, _ = worker.communicate(timeout=120)
        assert worker.returncode == 0, output
    after = json.loads(run(env, python=RECORDS))
    assert [(state, summary, who) for _, state, summary, who, _ in after["tasks"]] == [
        ("succeeded", "Sent 0 reminder e-mails to organisations.", "system")
    ] * 3
    assert {task_id for *_, task_id in after["tasks"]} == set(after["queue"])
    assert all(status == "SUCCESSFUL" and len(workers_) == 1 for status, workers_ in after["queue"].values())
