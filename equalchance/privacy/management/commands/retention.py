"""`equalchance retention rules | apply [--dry-run] | erase-referral ID | erase-comment ID | erase-user
USERNAME`: the retention rules, applying them (run daily from cron or a systemd timer; idempotent), and
acting on a person's request to erase their data (an administrator, named with --as)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from equalchance.accounts.models import User
from equalchance.common.commands import actor_argument_add, command_actor
from equalchance.directory.models import LocalOfferComment, Referral
from equalchance.privacy import services
from equalchance.privacy.rules import RULES


class Command(BaseCommand):
    help = "Personal data: list the retention rules, apply them, or erase a person's data on request."

    def add_arguments(self, parser):
        actor_argument_add(parser)
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("rules", help="What is kept, for how long, and what happens then")
        apply = sub.add_parser("apply", help="Remove or delete what the rules say is due")
        apply.add_argument("--dry-run", action="store_true", help="Only count what is due")
        for name, what in (
            ("erase-referral", "a referral's id: remove the referred person's details"),
            ("erase-comment", "a Local Offer comment's number: remove the commenter's details"),
            ("erase-user", "a username: erase the account's personal details and close it"),
        ):
            erase = sub.add_parser(name, help=f"On a person's request; {what}")
            erase.add_argument("record", help=what)
            erase.add_argument("--reference", required=True, help="The request's reference, e.g. SAR-2026-17")

    def handle(self, *args, action: str, as_user=None, dry_run: bool = False, **options):
        if action == "rules":
            for rule in RULES:
                days = settings.RETENTION_DAYS.get(rule.key, rule.days)
                self.stdout.write(
                    f"{rule.key}: {rule.holds}; {days} days after {rule.starts}; then {rule.then}."
                )
            return
        by = command_actor(as_user)
        try:
            if action == "apply":
                applied = services.retention_apply(by=by, dry_run=dry_run)
                verb = "Due" if dry_run else "Disposed of"
                self.stdout.write(
                    f"{verb}: {applied.referrals} referrals' personal details, {applied.comment_emails} "
                    f"commenters' e-mail addresses, {applied.registrations} unconfirmed registrations."
                )
                return
            reference = options["reference"]
            record = options["record"]
            if action == "erase-referral":
                referral = self._get(Referral, pk=record)
                services.referral_details_erase(by=by, referral=referral, request_reference=reference)
            elif action == "erase-comment":
                comment = self._get(LocalOfferComment, pk=record)
                services.comment_erase(by=by, comment=comment, request_reference=reference)
            else:
                user = self._get(User, username=record)
                services.user_erase(by=by, user=user, request_reference=reference)
        except PermissionDenied as refused:
            raise CommandError(f"{refused} Name an administrator with --as USERNAME.") from None
        self.stdout.write(self.style.SUCCESS(f"Erased, and recorded in the disposal log under {reference}."))

    def _get(self, model, **lookup):
        try:
            return model.objects.get(**lookup)
        except (model.DoesNotExist, ValueError, OverflowError, ValidationError):
            raise CommandError(
                f"There is no {model._meta.verbose_name} {next(iter(lookup.values()))!r}."
            ) from None
