"""The directory's services, places and proposals belong to the one organisation model in `accounts`
(same ids, copied by accounts 0005); the directory's own organisation and membership tables go."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_organisation_is_one_model"),
        ("directory", "0008_shared_cache_table"),
    ]

    operations = [
        migrations.AlterField(
            model_name="service",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="services", to="accounts.organisation"
            ),
        ),
        migrations.AlterField(
            model_name="location",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="locations",
                to="accounts.organisation",
            ),
        ),
        migrations.AlterField(
            model_name="submission",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="submissions", to="accounts.organisation"
            ),
        ),
        migrations.DeleteModel(name="Membership"),
        migrations.DeleteModel(name="Organisation"),
    ]
