from django.apps import AppConfig


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "equalchance.plans"
    verbose_name = "Plans and governance"
