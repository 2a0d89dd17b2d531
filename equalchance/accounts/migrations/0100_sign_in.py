# Sign-in with django-allauth: the demo exemption from the second factor, and failed sign-ins counted.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0007_organisation_source"),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='second_factor_exempt',
            field=models.BooleanField(default=False, editable=False, help_text='A demo account that may sign in without a second factor (set by create_demo_users only)'),
        ),
        migrations.CreateModel(
            name='SignInFailure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(db_index=True)),
                ('account', models.CharField(max_length=64)),
                ('address', models.GenericIPAddressField(null=True)),
            ],
            options={
                'indexes': [models.Index(fields=['account', 'at'], name='accounts_failure_account_idx'), models.Index(fields=['address', 'at'], name='accounts_failure_address_idx')],
            },
        ),
    ]
