from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from equalchance.accounts import services
from equalchance.accounts.models import Organisation, User
from equalchance.audit.actions import Action


@login_not_required
def admin_sign_in(request, extra_context=None):
    """One door: the admin's sign-in page sends people to the product's (second factor, limits, audit)."""
    if request.user.is_authenticated:  # signed in, but not staff: the admin is not for them
        raise PermissionDenied("This account cannot use the administration pages.")
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


def admin_password_change(request, extra_context=None):
    """The admin's "change password" is the product's (the same policy, audited)."""
    return redirect("account_change_password")


admin.site.login = admin_sign_in
admin.site.password_change = admin_password_change


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "sector"]
    list_filter = ["sector"]
    search_fields = ["name"]


@admin.register(User)
class PartnershipUserAdmin(UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "organisation", "role", "is_active"]
    list_filter = ["role", "organisation", "is_active"]
    # `second_factor_exempt` is shown, never offered: only `create_demo_users` sets it.
    readonly_fields = ["second_factor_exempt"]
    fieldsets = UserAdmin.fieldsets + (
        ("Partnership", {"fields": ("organisation", "role", "second_factor_exempt")}),
    )
    add_fieldsets = UserAdmin.add_fieldsets + (("Partnership", {"fields": ("organisation", "role")}),)
    actions = ["deactivate"]

    def save_model(self, request, obj, form, change):
        """Unticking "active" goes through `user_deactivate`, which ends the user's sessions at once."""
        deactivating = change and "is_active" in form.changed_data and not obj.is_active
        if deactivating:
            obj.is_active = True  # saved as it was, then deactivated by the service
        super().save_model(request, obj, form, change)
        if deactivating:
            services.user_deactivate(user=obj, by=request.user)

    @admin.action(description="Deactivate the selected users (ends their sessions at once)")
    def deactivate(self, request, queryset):
        users = [user for user in queryset if user.is_active and user.pk != request.user.pk]
        for user in users:
            services.user_deactivate(user=user, by=request.user)
        self.message_user(request, f"Deactivated {len(users)} user(s).", messages.SUCCESS)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = User.objects.get(pk=id)
            services.account_event_record(
                user=user, action=Action.PASSWORD_CHANGED, by=request.user, changes={"by_administrator": True}
            )
        return response
