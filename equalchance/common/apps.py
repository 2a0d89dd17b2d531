from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "equalchance.common"
    label = "common"
    verbose_name = "Shared parts"
