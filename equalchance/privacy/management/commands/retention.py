"""`equalchance retention rules | apply [--dry-run]`: the retention rules, and applying them (run it
daily from cron or a systemd timer; it is idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from equalchance.common.commands import actor_argument_add, command_actor
from equalchance.privacy.rules import RULES
from equalchance.privacy.services import retention_apply


class Command(BaseCommand):
    help = "Personal data retention: list the rules, or apply them (dispose of what is due)."

    def add_arguments(self, parser):
        actor_argument_add(parser)
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("rules", help="What is kept, for how long, and what happens then")
        apply = sub.add_parser("apply", help="Remove or delete what the rules say is due")
        apply.add_argument("--dry-run", action="store_true", help="Only count what is due")

    def handle(self, *args, action: str, as_user=None, dry_run: bool = False, **options):
        if action == "rules":
            for rule in RULES:
                days = settings.RETENTION_DAYS.get(rule.key, rule.days)
                self.stdout.write(
                    f"{rule.key}: {rule.holds}; {days} days after {rule.starts}; then {rule.then}."
                )
            return
        applied = retention_apply(by=command_actor(as_user), dry_run=dry_run)
        verb = "Due" if dry_run else "Disposed of"
        self.stdout.write(
            f"{verb}: {applied.referrals} referrals' personal details, {applied.comment_emails} commenters' "
            f"e-mail addresses, {applied.registrations} unconfirmed registrations."
        )
