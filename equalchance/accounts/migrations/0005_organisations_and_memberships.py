"""One organisation model for the whole product. The directory's organisations (HSDS-shaped, with UUIDs
that the open feed publishes) and the partner organisations of staff accounts become one table in
`accounts`, with a kind and official identifiers; the directory's memberships and each staff account's
organisation become memberships with a role. The directory's ids are kept, so feed consumers see no
change. Step 1 of 2: the new tables and the copy (the old ones are removed in 0006 and directory 0009)."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

SECTOR_TO_KIND = {
    "council": "council",
    "nhs": "nhs",
    "police": "police",
    "education": "school",
    "housing": "housing",
    "voluntary": "voluntary",
    "other": "other",
}

KINDS = [
    ("council", "Council"),
    ("nhs", "NHS body or GP practice"),
    ("police", "Police"),
    ("school", "School"),
    ("college", "College or training provider"),
    ("early_years", "Early years or childcare provider"),
    ("housing", "Housing provider"),
    ("voluntary", "Voluntary or community organisation"),
    ("business", "Business or private provider"),
    ("other", "Other or not known"),
]


def organisations_copy(apps, schema_editor):
    New = apps.get_model("accounts", "OrganisationNew")
    Legacy = apps.get_model("accounts", "Organisation")
    Membership = apps.get_model("accounts", "Membership")
    User = apps.get_model("accounts", "User")
    DirectoryOrganisation = apps.get_model("directory", "Organisation")
    DirectoryMembership = apps.get_model("directory", "Membership")

    New.objects.bulk_create(
        [
            New(
                id=o.id,
                name=o.name,
                kind="other",
                description=o.description,
                email=o.email,
                website=o.website,
                uri=o.uri,
                synthetic=o.synthetic,
            )
            for o in DirectoryOrganisation.objects.iterator()
        ],
        batch_size=1000,
    )
    # A partner organisation already in the directory under the same name is the same body.
    by_name = {}
    for organisation in New.objects.order_by("id"):
        by_name.setdefault(organisation.name.casefold(), organisation)
    legacy_to_new = {}
    for legacy in Legacy.objects.all():
        kind = SECTOR_TO_KIND.get(legacy.sector, "other")
        match = by_name.get(legacy.name.casefold())
        if match is None:
            match = New.objects.create(id=uuid.uuid4(), name=legacy.name, kind=kind)
        else:
            New.objects.filter(pk=match.pk).update(kind=kind)
        legacy_to_new[legacy.pk] = match.pk
    pairs = set(DirectoryMembership.objects.values_list("user_id", "organisation_id"))
    pairs |= {
        (user_id, legacy_to_new[organisation_id])
        for user_id, organisation_id in User.objects.exclude(organisation=None).values_list(
            "pk", "organisation_id"
        )
    }
    Membership.objects.bulk_create(
        [Membership(user_id=u, organisation_id=o, role="member") for u, o in sorted(pairs, key=str)]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_system_actor"),
        ("directory", "0008_shared_cache_table"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="OrganisationNew",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, primary_key=True, serialize=False)),
                ("name", models.CharField(max_length=300)),
                ("kind", models.CharField(choices=KINDS, default="other", max_length=20)),
                ("description", models.TextField(blank=True)),
                (
                    "email",
                    models.EmailField(
                        blank=True, help_text="Public: shown in the directory and the open feed", max_length=254
                    ),
                ),
                ("website", models.URLField(blank=True, max_length=500)),
                (
                    "uri",
                    models.URLField(
                        blank=True, help_text="A persistent identifier from a feed", max_length=500
                    ),
                ),
                (
                    "gss_code",
                    models.CharField(
                        blank=True, help_text="Councils, e.g. E08000029", max_length=9, verbose_name="GSS code"
                    ),
                ),
                (
                    "ods_code",
                    models.CharField(
                        blank=True, help_text="NHS organisations", max_length=10, verbose_name="ODS code"
                    ),
                ),
                (
                    "urn",
                    models.CharField(
                        blank=True,
                        help_text="Schools (DfE unique reference number)",
                        max_length=8,
                        verbose_name="URN",
                    ),
                ),
                (
                    "ukprn",
                    models.CharField(
                        blank=True,
                        help_text="Colleges and training providers",
                        max_length=8,
                        verbose_name="UKPRN",
                    ),
                ),
                ("charity_number", models.CharField(blank=True, help_text="Charity Commission", max_length=10)),
                ("company_number", models.CharField(blank=True, help_text="Companies House", max_length=8)),
                ("synthetic", models.BooleanField(default=False)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={"ordering": ["name"]},
        ),
        migrations.CreateModel(
            name="Membership",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("member", "Member"),
                            ("manager", "Manager (keeps the organisation's details and members)"),
                        ],
                        default="member",
                        max_length=20,
                    ),
                ),
                ("started_at", models.DateTimeField(auto_now_add=True)),
                ("ended_at", models.DateTimeField(blank=True, null=True)),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="memberships",
                        to="accounts.organisationnew",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="memberships",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["organisation__name", "started_at"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("ended_at", None)),
                        fields=("user", "organisation"),
                        name="one_current_membership",
                    )
                ],
            },
        ),
        migrations.RunPython(organisations_copy),
    ]
