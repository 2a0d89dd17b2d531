from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "equalchance.audit"
    label = "audit"
    verbose_name = "Audit"
