"""The audit trail becomes tamper-evident: actions from one enumeration, references only (the stored
object text, which could hold a person's name, is dropped), each row chained by hash to the one before,
and the database itself refusing UPDATE and DELETE on the table."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import equalchance.audit.actions

SQLITE_TRIGGERS = [
    """CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END""",
    """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END""",
]
POSTGRES_TRIGGERS = [
    """CREATE FUNCTION audit_event_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP; END $$""",
    """CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_auditevent
       FOR EACH ROW EXECUTE FUNCTION audit_event_refuse()""",
    """CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
       FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse()""",
]
SQLITE_DROP = ["DROP TRIGGER audit_event_no_update", "DROP TRIGGER audit_event_no_delete"]
POSTGRES_DROP = [
    "DROP TRIGGER audit_event_no_change ON audit_auditevent",
    "DROP TRIGGER audit_event_no_truncate ON audit_auditevent",
    "DROP FUNCTION audit_event_refuse()",
]


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement, params=None)


def triggers_create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, {"sqlite": SQLITE_TRIGGERS, "postgresql": POSTGRES_TRIGGERS}.get(vendor, []))


def triggers_drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, []))


def chain_existing(apps, schema_editor):
    """Chain the events recorded before this migration, in the order they were written."""
    from equalchance.audit import chain

    AuditEvent = apps.get_model("audit", "AuditEvent")
    ChainHead = apps.get_model("audit", "ChainHead")
    previous, count = chain.GENESIS, 0
    for event in AuditEvent.objects.order_by("id").iterator():
        row = {name: getattr(event, name) for name in chain.HASHED_FIELDS}
        event.prev_hash, event.hash = previous, chain.event_hash(previous, row)
        AuditEvent.objects.filter(pk=event.pk).update(prev_hash=event.prev_hash, hash=event.hash)
        previous, count = event.hash, count + 1
    ChainHead.objects.create(pk=1, events=count, hash=previous)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ChainHead",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("events", models.BigIntegerField(default=0)),
                ("hash", models.CharField(max_length=64)),
            ],
        ),
        migrations.RemoveField(model_name="auditevent", name="object_repr"),
        migrations.AlterModelOptions(name="auditevent", options={"ordering": ["-id"]}),
        migrations.AlterField(model_name="auditevent", name="at", field=models.DateTimeField(db_index=True)),
        migrations.AlterField(
            model_name="auditevent",
            name="actor",
            field=models.ForeignKey(
                db_constraint=False,
                help_text="Empty only for an anonymous visitor (a public form, a failed sign-in)",
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(choices=equalchance.audit.actions.Action.choices, max_length=60),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="actor_role",
            field=models.CharField(blank=True, help_text="The actor's role at the time", max_length=20),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="refused",
            field=models.BooleanField(default=False, help_text="The action was attempted and refused"),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="changes",
            field=models.JSONField(blank=True, default=dict, help_text="References and codes only"),
        ),
        migrations.AddField(
            model_name="auditevent", name="request_id", field=models.CharField(blank=True, max_length=32)
        ),
        migrations.AddField(
            model_name="auditevent", name="client_ip", field=models.GenericIPAddressField(blank=True, null=True)
        ),
        migrations.AddField(
            model_name="auditevent", name="prev_hash", field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent", name="hash", field=models.CharField(max_length=64, null=True),
        ),
        migrations.RunPython(chain_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditevent", name="hash", field=models.CharField(max_length=64, unique=True)
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["actor", "at"], name="audit_audit_actor_i_6f1c2d_idx"),
        ),
        migrations.RunPython(triggers_create, triggers_drop),
    ]
