from django.apps import AppConfig


class BackgroundConfig(AppConfig):
    name = "equalchance.background"
    label = "background"
    verbose_name = "Background work"
