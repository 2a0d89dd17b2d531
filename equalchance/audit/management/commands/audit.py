"""`equalchance audit verify`: check the audit trail's hash chain; exits non-zero naming the first row
that does not add up."""

from django.core.management.base import BaseCommand, CommandError

from equalchance.audit.selectors import audit_hash_present, audit_trail_verify


class Command(BaseCommand):
    help = "The audit trail. verify: check every event's hash and link, and the head recorded beside them."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Check the hash chain; exit 1 naming the first broken row")
        verify.add_argument(
            "--expect-head",
            metavar="HASH",
            help="The head hash recorded elsewhere earlier; refused if the trail does not contain it",
        )

    def handle(self, *args, action: str, expect_head: str | None = None, **options):
        verdict = audit_trail_verify()
        if verdict.broken:
            raise CommandError(
                f"The audit trail is broken at event {verdict.broken.row_id}: {verdict.broken.why}. "
                f"{verdict.checked:,} events before it are intact."
            )
        if expect_head and not audit_hash_present(expect_head):
            raise CommandError(
                f"The head hash {expect_head[:12]}... is not in the trail: events recorded before it "
                "were removed, or it is from another database."
            )
        self.stdout.write(
            f"The audit trail is intact: {verdict.checked:,} events. Head hash {verdict.head} "
            "(record it elsewhere to check later that nothing was cut off the end)."
        )
