from django.db import migrations, models


def system_actor_create(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.get_or_create(
        username="system",
        defaults={"role": "system", "first_name": "Automated work", "password": "!"},  # "!": no password
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_email_verified_at")]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="role",
            field=models.CharField(
                choices=[
                    ("administrator", "Administrator"),
                    ("analyst", "Analyst"),
                    ("viewer", "Viewer"),
                    ("moderator", "Directory moderator"),
                    ("provider", "Service provider (own directory entries only)"),
                    ("system", "Automated work (cannot sign in)"),
                ],
                default="viewer",
                max_length=20,
            ),
        ),
        migrations.RunPython(system_actor_create, migrations.RunPython.noop),
    ]
