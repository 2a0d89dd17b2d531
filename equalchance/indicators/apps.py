from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "equalchance.indicators"
    label = "indicators"
    verbose_name = "Indicators and observations"
