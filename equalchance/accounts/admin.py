from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from equalchance.accounts.models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "sector"]
    list_filter = ["sector"]
    search_fields = ["name"]


@admin.register(User)
class PartnershipUserAdmin(UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "organisation", "role", "is_active"]
    list_filter = ["role", "organisation", "is_active"]
    fieldsets = UserAdmin.fieldsets + (("Partnership", {"fields": ("organisation", "role")}),)
    add_fieldsets = UserAdmin.add_fieldsets + (("Partnership", {"fields": ("organisation", "role")}),)
