"""`User.email` is the one source of an account's address: allauth's table of addresses
(`account_emailaddress`) keeps at most one row per account, the one for its `User.email` (whatever its
case). Rows for any other address (an old one, or one given in allauth's admin page, which is gone) are
deleted, and the migration says how many; from now on `accounts.services.user_email_sync` keeps the table
in step."""

from django.db import migrations


def delete_addresses_not_the_accounts_own(apps, schema_editor):
    EmailAddress = apps.get_model("account", "EmailAddress")
    stale, kept = [], set()
    for row in EmailAddress.objects.select_related("user").order_by("-primary", "-verified", "pk"):
        own = (row.user.email or "").lower()
        if not own or row.email.lower() != own or row.user_id in kept:
            stale.append(row.pk)
        else:
            kept.add(row.user_id)
    for start in range(0, len(stale), 500):
        EmailAddress.objects.filter(pk__in=stale[start : start + 500]).delete()
    if stale:
        print(
            f"\n  Deleted {len(stale)} e-mail address row(s) in account_emailaddress that were not their "
            "account's own address (User.email).",
            flush=True,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0102_email_unique"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(delete_addresses_not_the_accounts_own, migrations.RunPython.noop)]
