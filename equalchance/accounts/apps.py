from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "equalchance.accounts"
    label = "accounts"
    verbose_name = "Accounts and partner organisations"

    def ready(self):
        from equalchance.accounts import receivers

        receivers.connect()
