from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "equalchance.privacy"
    label = "privacy"
    verbose_name = "Personal data: retention and erasure"
