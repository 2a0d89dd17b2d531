from django.db import migrations, models


def sources_from_services(apps, schema_editor):
    """Organisations that came with a feed's services take the feed's name as their source."""
    Organisation = apps.get_model("accounts", "Organisation")
    Service = apps.get_model("directory", "Service")
    for organisation_id, source in (
        Service.objects.exclude(source="").exclude(source="Submitted by the organisation")
        .values_list("organisation_id", "source")
        .distinct()
    ):
        Organisation.objects.filter(pk=organisation_id, source="").update(source=source)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_organisation_is_one_model"),
        ("directory", "0010_referral_receiving_organisation"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="source",
            field=models.CharField(
                blank=True,
                help_text="Where the record came from (a feed may change only its own)",
                max_length=300,
            ),
        ),
        migrations.RunPython(sources_from_services, migrations.RunPython.noop),
    ]
