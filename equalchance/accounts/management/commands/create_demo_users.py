"""`equalchance create_demo_users`: sign-ins for trying the product locally (never in production)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from equalchance.accounts.models import Membership, Organisation, Role, User
from equalchance.accounts.services import system_actor, user_change_record

DEMO_USERS = [
    ("analyst", "Ada", "Analyst", Role.ANALYST),
    ("viewer", "Vic", "Viewer", Role.VIEWER),
    ("admin", "Alex", "Administrator", Role.ADMINISTRATOR),
    ("moderator", "Mo", "Moderator", Role.MODERATOR),
    ("planner", "Pat", "Planner", Role.PLAN_EDITOR),
]


class Command(BaseCommand):
    help = "Create demo users (analyst, viewer, admin, moderator, planner) with one password, for trials."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="equal-chance-demo")
        parser.add_argument(
            "--with-second-factor",
            action="store_true",
            help="Keep the second factor that administrators and moderators need (by default the demo "
            "accounts are exempt, and every page tells them so).",
        )

    def handle(self, *args, password: str, with_second_factor: bool, **options):
        if not settings.DEBUG and settings.SECURE_TLS:
            raise CommandError("Refusing to create demo users on a production configuration.")
        council, _ = Organisation.objects.get_or_create(
            name=f"{settings.EQUALCHANCE_PARTNERSHIP_NAME} (demo council)",
            defaults={"kind": Organisation.Kind.COUNCIL, "gss_code": settings.EQUALCHANCE_DISTRICTS[0]},
        )
        system = system_actor()
        for username, first, last, role in DEMO_USERS:
            with transaction.atomic():
                user, created = User.objects.get_or_create(username=username)
                role_before = user.role
                user.first_name, user.last_name, user.role = first, last, role  # role decides is_staff
                # A reserved domain (RFC 2606): reminders reach var/mail/ in the demo, and nobody else.
                user.email = f"{username}@example.org"
                # The only place this flag is set: no form or admin page offers it.
                user.second_factor_exempt = not with_second_factor
                user.set_password(password)
                user.save()
                user_change_record(
                    by=system,
                    user=user,
                    fields=["first_name", "last_name", "email", "role", "password", "second_factor_exempt"],
                    created=created,
                    role_before=role_before,
                )
                Membership.objects.get_or_create(user=user, organisation=council, ended_at=None)
        self.stdout.write(
            "Demo sign-in: username analyst (or viewer, admin, moderator, planner), password " + password
        )
        if not with_second_factor:
            self.stdout.write("The demo accounts sign in without a second factor; every page says so.")
