from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "equalchance.performance"
    verbose_name = "Performance (Results Based Accountability)"
