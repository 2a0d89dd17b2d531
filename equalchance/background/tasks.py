"""The background tasks (Django's Tasks API, through django-tasks): one per kind of work, each taking
only the id of its record. `equalchance db_worker` runs them; the test settings run them at once."""

from django_tasks import task

from equalchance.background import services


@task()
def open_data_load_task(record_id: int) -> str:
    return services.background_task_run(record_id=record_id).state


@task()
def national_recompute_task(record_id: int) -> str:
    return services.background_task_run(record_id=record_id).state


@task()
def scorecard_pdf_task(record_id: int) -> str:
    return services.background_task_run(record_id=record_id).state


@task()
def directory_reminders_task(record_id: int) -> str:
    return services.background_task_run(record_id=record_id).state


@task()
def plans_reminders_task(record_id: int) -> str:
    return services.background_task_run(record_id=record_id).state


@task()
def plans_report_task(record_id: int) -> str:
    return services.background_task_run(record_id=record_id).state


@task()
def performance_reminders_task(record_id: int) -> str:
    return services.background_task_run(record_id=record_id).state


TASKS = {
    "open-data-load": open_data_load_task,
    "national-recompute": national_recompute_task,
    "scorecard-pdf": scorecard_pdf_task,
    "directory-reminders": directory_reminders_task,
    "plans-reminders": plans_reminders_task,
    "plans-report": plans_report_task,
    "performance-reminders": performance_reminders_task,
}
