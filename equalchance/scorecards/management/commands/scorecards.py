"""`equalchance scorecards create-default`: Solihull's Narrowing the Gap scorecard for each district.
`equalchance scorecards national-recompute [--output FILE]`: every ward and district in England at once
(the same function the background work runs; `equalchance tasks enqueue national-recompute` queues it)."""

import csv
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from equalchance.common.commands import actor_argument_add, command_actor
from equalchance.places.models import Area
from equalchance.scorecards.models import Scorecard
from equalchance.scorecards.services import scorecard_create_default


class Command(BaseCommand):
    help = (
        "Scorecard commands. create-default: the Narrowing the Gap scorecard for the partnership's districts."
    )

    def add_arguments(self, parser):
        actor_argument_add(parser)
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("create-default", help="Create the default scorecard where a district has none")
        recompute = sub.add_parser(
            "national-recompute", help="Every ward and district in England as a target, as CSV"
        )
        recompute.add_argument("--output", default="-", help="CSV file to write (default: standard output)")

    def handle(self, *args, action: str, as_user, **options):
        by = command_actor(as_user)
        if action == "national-recompute":
            self._national_recompute(by, options["output"])
            return
        for code in settings.EQUALCHANCE_DISTRICTS:
            if Scorecard.objects.filter(district_id=code).exists():
                self.stdout.write(f"{code} already has a scorecard.")
                continue
            scorecard = scorecard_create_default(district=Area.objects.get(code=code), by=by)
            self.stdout.write(
                f"Created {scorecard.name} (lines: {sum(t.lines.count() for t in scorecard.themes.all())})."
            )

    def _national_recompute(self, by, output: str) -> None:
        from django.core.exceptions import PermissionDenied
        from django.core.management.base import CommandError

        from equalchance.scorecards.national import national_recompute

        try:
            recompute = national_recompute(by=by)
        except PermissionDenied as problem:
            raise CommandError(str(problem)) from None
        if output == "-":
            csv.writer(self.stdout).writerows(recompute.csv_rows())
            return
        with open(output, "w", newline="", encoding="utf-8") as file:
            csv.writer(file).writerows(recompute.csv_rows())
        print(f"Wrote {output} (modelled series: every value is synthetic).", file=sys.stderr)
