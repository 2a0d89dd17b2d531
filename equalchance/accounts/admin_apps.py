"""django.contrib.admin's app, with the product's site (`accounts.admin_site`) as `admin.site`. Kept
apart from `apps.py`, whose one AppConfig Django finds by itself."""

from django.contrib.admin.apps import AdminConfig


class PartnershipAdminConfig(AdminConfig):
    default_site = "equalchance.accounts.admin_site.PartnershipAdminSite"
