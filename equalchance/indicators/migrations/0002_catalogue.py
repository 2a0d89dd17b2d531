from django.db import migrations


def add_catalogue(apps, schema_editor):
    from equalchance.indicators.catalogue import INDICATORS

    Indicator = apps.get_model("indicators", "Indicator")
    for definition in INDICATORS:
        Indicator.objects.update_or_create(code=definition["code"], defaults=definition)


def remove_catalogue(apps, schema_editor):
    from equalchance.indicators.catalogue import INDICATORS

    apps.get_model("indicators", "Indicator").objects.filter(code__in=[d["code"] for d in INDICATORS]).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]
    operations = [migrations.RunPython(add_catalogue, remove_catalogue)]
