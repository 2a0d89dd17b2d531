"""`equalchance plans load-demo`: the plans, boards and areas of the five seed documents, with synthetic
progress for the demo's owners (labelled synthetic wherever it shows). Running it again adds nothing."""

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from equalchance.accounts.models import User
from equalchance.common.commands import actor_argument_add, command_actor


class Command(BaseCommand):
    help = "Plans commands. load-demo: the seed documents' plans, boards and areas, with synthetic progress."

    def add_arguments(self, parser):
        actor_argument_add(parser)
        sub = parser.add_subparsers(dest="action", required=True)
        demo = sub.add_parser("load-demo", help="Load the seed documents' plans (and synthetic progress)")
        demo.add_argument(
            "--owners",
            default="viewer,analyst",
            help="Usernames (comma-separated) who own the demo's actions and post its synthetic updates",
        )

    def handle(self, *args, action: str, as_user, **options):
        from equalchance.plans import demo

        by = command_actor(as_user)
        try:
            loaded = demo.seeds_load(by=by)
        except PermissionDenied as problem:
            raise CommandError(str(problem)) from None
        self.stdout.write(f"Plans added: {loaded['plans']}; boards and groups: {loaded['bodies']}.")
        owners = list(User.objects.filter(username__in=options["owners"].split(","), is_active=True))
        if owners:
            posted = demo.progress_generate(owners=owners)
            self.stdout.write(f"Synthetic updates posted: {posted} (labelled synthetic wherever they show).")
        else:
            self.stdout.write("No demo owners found: actions are left without owners or progress.")
