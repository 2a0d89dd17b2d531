"""The cache table the public forms' rate limits count in (settings.CACHES), made with the database so
that every process shares it."""

from django.core.management import call_command
from django.db import migrations


def create(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("directory", "0007_opening_times_and_search_indexes")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
