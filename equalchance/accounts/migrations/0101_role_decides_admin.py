"""The role decides who may open the admin: `is_staff` and `is_superuser` are set from role administrator
for every account (a viewer made a superuser by `createsuperuser` loses them; an administrator made in
the admin gains them). The manager's `create_superuser` makes a role-administrator account."""

from django.db import migrations

import equalchance.accounts.models


def staff_from_role(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.filter(role="administrator").update(is_staff=True, is_superuser=True)
    User.objects.exclude(role="administrator").update(is_staff=False, is_superuser=False)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0100_sign_in")]

    operations = [
        migrations.AlterModelManagers(
            name="user",
            managers=[("objects", equalchance.accounts.models.PartnershipUserManager())],
        ),
        migrations.RunPython(staff_from_role, migrations.RunPython.noop),
    ]
