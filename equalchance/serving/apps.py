from django.apps import AppConfig


class ServingConfig(AppConfig):
    name = "equalchance.serving"
    verbose_name = "Serving: the web server, health check, request log and security headers"
