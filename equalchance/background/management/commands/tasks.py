"""`equalchance tasks enqueue KIND`: put background work on the queue (for `equalchance db_worker`), as
the system actor (scheduled runs) or `--as USERNAME`. The same work runs synchronously through its own
command (`load-open-data`, `scorecards national-recompute`, `directory send-reminders`)."""

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from equalchance.background.kinds import KINDS, WorkRefused
from equalchance.background.services import background_task_start
from equalchance.common.commands import actor_argument_add, command_actor


class Command(BaseCommand):
    help = (
        "Background work. enqueue KIND: queue it for `equalchance db_worker` (kinds: "
        + ", ".join(KINDS)
        + ")."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        enqueue = sub.add_parser("enqueue", help="Put a piece of background work on the queue")
        enqueue.add_argument("kind", choices=list(KINDS))
        enqueue.add_argument("--scorecard", help="The scorecard's id (scorecard-pdf)")
        enqueue.add_argument("--as-at", dest="as_at", help="Data up to the end of this year (scorecard-pdf)")
        actor_argument_add(enqueue)

    def handle(self, *args, action: str, kind: str, as_user=None, **options):
        by = command_actor(as_user)
        try:
            task = background_task_start(
                kind=kind, by=by, parameters={"scorecard": options["scorecard"], "as_at": options["as_at"]}
            )
        except (WorkRefused, PermissionDenied) as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(
            f"Queued background work {task.pk} ({kind}) as {by.username}; state: {task.get_state_display()}. "
            "A worker (`equalchance db_worker`) runs it."
        )
