"""One account per e-mail address, whatever its case (empty addresses aside). If accounts already share
an address, the migration stops and says how many, rather than guessing which account keeps it: give
each of those accounts its own address (or none) in the admin, then migrate again."""

import django.db.models.functions.text
from django.core.management.base import CommandError
from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Lower


def stop_if_addresses_are_shared(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    shared = (
        User.objects.exclude(email="")
        .annotate(address=Lower("email"))
        .values("address")
        .annotate(accounts=Count("id"))
        .filter(accounts__gt=1)
    )
    addresses = len(shared)
    if addresses:
        accounts = sum(row["accounts"] for row in shared)
        raise CommandError(
            f"{addresses} email address(es) are shared by {accounts} accounts (ignoring capitals). "
            "Each account must have its own address, or none: change or clear the addresses of those "
            "accounts in the admin (Users, search for the address), then run the migration again."
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0101_role_decides_admin")]

    operations = [
        migrations.RunPython(stop_if_addresses_are_shared, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("email"),
                condition=models.Q(("email", ""), _negated=True),
                name="accounts_user_email_unique",
                violation_error_message="Another account already has this email address.",
            ),
        ),
    ]
