from django.apps import AppConfig


class ScorecardsConfig(AppConfig):
    name = "equalchance.scorecards"
    label = "scorecards"
    verbose_name = "Narrowing the Gap scorecards"
