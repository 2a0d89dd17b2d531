from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "equalchance.places"
    label = "places"
    verbose_name = "Places and deprivation"
