"""A referral records the organisation it was sent to, so that who may see it never follows later
changes to directory entries (a merge used to move referrals, and the person's details, to another
organisation). Existing referrals take their service's organisation now."""

import django.db.models.deletion
from django.db import migrations, models


def receiving_set(apps, schema_editor):
    Referral = apps.get_model("directory", "Referral")
    for referral in Referral.objects.select_related("service"):
        Referral.objects.filter(pk=referral.pk).update(receiving_organisation_id=referral.service.organisation_id)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_organisation_is_one_model"),
        ("directory", "0009_organisations_in_accounts"),
    ]

    operations = [
        migrations.AddField(
            model_name="referral",
            name="receiving_organisation",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="referrals_received",
                to="accounts.organisation",
            ),
        ),
        migrations.RunPython(receiving_set, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="referral",
            name="receiving_organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="referrals_received",
                to="accounts.organisation",
            ),
        ),
    ]
