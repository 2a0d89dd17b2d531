"""`equalchance createsuperuser`: the first administrator. Django's command, but the account it makes has
role administrator (the role is what opens the admin, and it must set up a second factor at its first
sign-in), the one password policy applies with `--noinput` too (DJANGO_SUPERUSER_PASSWORD), with no way
to bypass it, and the account's making is on the audit trail (by the system actor)."""

from django.contrib.auth.management.commands import createsuperuser


class Command(createsuperuser.Command):
    help = (
        "Make an administrator (role administrator: the admin pages, and a second factor to set up at the "
        "first sign-in). The password must meet the password policy, with --noinput too."
    )
