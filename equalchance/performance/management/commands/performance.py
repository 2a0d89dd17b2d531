"""`equalchance performance load-demo`: the Early Help Strategy's (seed 003) measures, programmes and
population results as real definitions, with synthetic values (labelled synthetic wherever they show)
entered by the demo's `viewer`, approved by `analyst` (the latest quarter waits in the queue), defined
by `planner`; and two synthetic feedback forms with about 150 synthetic responses, each feeding a
measure. Running it again adds nothing; without those demo users it says so and adds nothing.

`equalchance performance import-values FILE --as USERNAME [--submit]`: measures' values from a CSV or
XLSX file in the layout of `performance/importing.py`, entered as USERNAME (one of the measures'
data-entry people) and, with --submit, sent for approval; checked whole, nothing written on any problem
(the problems are listed and the command exits non-zero)."""

import argparse
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from equalchance.accounts.models import User
from equalchance.common.commands import actor_argument_add, command_actor

PEOPLE = {"owner": "planner", "enterer": "viewer", "approver": "analyst"}


class Command(BaseCommand):
    help = "Performance commands. load-demo: the seed's measures with synthetic values, labelled synthetic."

    def add_arguments(self, parser):
        actor_argument_add(parser)
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("load-demo", help="Load the Early Help Strategy's measures (synthetic values)")
        imported = sub.add_parser("import-values", help="Import measures' values from a CSV or XLSX file")
        imported.add_argument(
            "file", metavar="FILE", help="In the layout of equalchance/performance/importing.py"
        )
        imported.add_argument("--as", dest="as_user", metavar="USERNAME", default=argparse.SUPPRESS)
        imported.add_argument("--submit", action="store_true", help="Send every imported value for approval")

    def handle(self, *args, action: str, as_user=None, **options):
        if action == "import-values":
            return self._import(as_user, options["file"], submit=options["submit"])
        from equalchance.performance import demo

        people = {
            role: User.objects.filter(username=name, is_active=True).first() for role, name in PEOPLE.items()
        }
        missing = [PEOPLE[role] for role, user in people.items() if user is None]
        if missing:
            self.stdout.write(
                f"No demo users {', '.join(missing)} (run create_demo_users first): no measures loaded."
            )
            return
        by = command_actor(as_user) if as_user else people["owner"]
        try:
            added = demo.measures_load(by=by, **people)
            feedback = demo.feedback_load(by=by, **people)
        except PermissionDenied as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(
            f"Measures added: {added['measures']} (values: {added['values']}, labelled synthetic); "
            f"programmes: {added['programmes']}; population results: {added['results']}."
        )
        self.stdout.write(
            f"Feedback forms added: {feedback['forms']} (responses: {feedback['responses']}, labelled "
            f"synthetic); measures fed by feedback: {feedback['measures']}."
        )

    def _import(self, as_user, file: str, *, submit: bool) -> None:
        from equalchance.common.validated_csv import DataFileError
        from equalchance.performance.importing import values_import

        if not as_user:
            raise CommandError("Name the person entering the values with --as USERNAME.")
        by = command_actor(as_user)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: there is no such file.")
        try:
            done = values_import(by=by, path=path, submit=submit)
        except DataFileError as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(done.said())
