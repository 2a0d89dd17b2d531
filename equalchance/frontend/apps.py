from django.apps import AppConfig


class FrontendConfig(AppConfig):
    name = "equalchance.frontend"
    label = "frontend"
    verbose_name = "Front end"
