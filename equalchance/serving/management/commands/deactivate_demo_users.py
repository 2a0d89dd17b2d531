"""`equalchance deactivate_demo_users`: deactivate every active account that may sign in without a second
factor (the demo accounts of `create_demo_users`), so that the database may be served in production.
Each one is deactivated through the accounts service (audited, its sessions ended), by the system, and
loses its exemption and its (published) password, so switching it back on does not bring them back."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from equalchance.accounts.services import system_actor, user_change_record, user_deactivate
from equalchance.serving.demo_accounts import demo_accounts_active


class Command(BaseCommand):
    help = "Deactivate the demo accounts (active accounts exempt from the second factor)."

    def handle(self, *args, **options):
        with transaction.atomic():
            accounts = demo_accounts_active()
            by = system_actor()
            for user in accounts:
                user_deactivate(user=user, by=by)
            # Switched back on later (a box ticked in the admin), none of them is a demo account any more:
            # no exemption from the second factor, and no published password.
            for user in get_user_model().objects.filter(second_factor_exempt=True).order_by("pk"):
                user.second_factor_exempt = False
                user.set_unusable_password()
                user.save(update_fields=["second_factor_exempt", "password"])
                user_change_record(by=by, user=user, fields=["second_factor_exempt", "password"])
        self.stdout.write(f"Deactivated {len(accounts)} demo account{'s' if len(accounts) != 1 else ''}.")
