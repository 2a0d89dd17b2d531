"""Step 2 of 2: staff accounts belong to organisations through memberships only; the old partner
organisation table goes, and the new one takes its name."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_organisations_and_memberships")]

    operations = [
        migrations.RemoveField(model_name="user", name="organisation"),
        migrations.DeleteModel(name="Organisation"),
        migrations.RenameModel(old_name="OrganisationNew", new_name="Organisation"),
    ]
