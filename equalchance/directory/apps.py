from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "equalchance.directory"
    label = "directory"
    verbose_name = "Directory of services (Local Offer)"
