"""`equalchance deactivate_demo_users`: deactivate every active account that may sign in without a second
factor (the demo accounts of `create_demo_users`), so that the database may be served in production.
Each one is deactivated through the accounts service (audited, its sessions ended), by the system."""

from django.core.management.base import BaseCommand
from django.db import transaction

from equalchance.accounts.services import system_actor, user_deactivate
from equalchance.serving.demo_accounts import demo_accounts_active


class Command(BaseCommand):
    help = "Deactivate the demo accounts (active accounts exempt from the second factor)."

    def handle(self, *args, **options):
        with transaction.atomic():
            accounts = demo_accounts_active()
            by = system_actor()
            for user in accounts:
                user_deactivate(user=user, by=by)
        self.stdout.write(f"Deactivated {len(accounts)} demo account{'s' if len(accounts) != 1 else ''}.")
