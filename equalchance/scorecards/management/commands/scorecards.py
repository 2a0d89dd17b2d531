"""`equalchance scorecards create-default`: Solihull's Narrowing the Gap scorecard for each district."""

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

    def handle(self, *args, action: str, as_user, **options):
        by = command_actor(as_user)
        for code in settings.EQUALCHANCE_DISTRICTS:
            if Scorecard.objects.filter(district_id=code).exists():
                self.stdout.write(f"{code} already has a scorecard.")
                continue
            scorecard = scorecard_create_default(district=Area.objects.get(code=code), by=by)
            self.stdout.write(
                f"Created {scorecard.name} (lines: {sum(t.lines.count() for t in scorecard.themes.all())})."
            )
