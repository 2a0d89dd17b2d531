"""The element kinds every partnership starts with (the seeds' words); more can be added as labels."""

from django.db import migrations

KINDS = [
    # key, label, measurable ("blind" when an element of this kind has no measure)
    ("vision", "Vision", False),
    ("purpose", "Purpose", False),
    ("ambition", "Ambition", False),
    ("priority", "Priority", False),
    ("sub_priority", "Sub-priority", False),
    ("theme", "Theme", True),
    ("objective", "Objective", True),
    ("expected_outcome", "Expected outcome", False),
    ("goal", "Goal", True),
    ("key_programme", "Key programme", False),
    ("key_action_heading", "Key actions", False),
    ("current_position_note", "Current position", False),
]


def add(apps, schema_editor):
    ElementKind = apps.get_model("plans", "ElementKind")
    for key, label, measurable in KINDS:
        ElementKind.objects.get_or_create(key=key, defaults={"label": label, "measurable": measurable})


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
