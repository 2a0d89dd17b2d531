"""Administration of users and organisations. Who belongs to an organisation decides what its members
may see (its referrals, its directory entries), so memberships are added and ended only through the
audited services, never saved here directly."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.utils import timezone

from equalchance.accounts import services
from equalchance.accounts.models import Membership, Organisation, User
from equalchance.audit.actions import Action
from equalchance.audit.services import audit_event_record


class MembershipForm(forms.ModelForm):
    end_now = forms.BooleanField(required=False, label="End this membership")

    class Meta:
        model = Membership
        fields = ["user", "role"]


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipForm
    fields = ["user", "role", "started_at", "ended_at", "end_now"]
    readonly_fields = ["started_at", "ended_at"]
    autocomplete_fields = ["user"]
    can_delete = False
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).filter(ended_at=None)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "gss_code", "ods_code", "urn", "synthetic"]
    list_filter = ["kind", "synthetic"]
    search_fields = ["name", "gss_code", "ods_code", "urn", "ukprn", "charity_number", "company_number"]
    inlines = [MembershipInline]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_event_record(
                actor=request.user,
                action=Action.ORGANISATION_UPDATE if change else Action.ORGANISATION_CREATE,
                obj=obj,
                changes={"fields": sorted(form.changed_data)},
            )

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        organisation = form.instance
        for member_form in formset.forms:
            if not member_form.has_changed() or not member_form.cleaned_data.get("user"):
                continue
            data = member_form.cleaned_data
            existing = member_form.instance if member_form.instance.pk else None
            if existing and data.get("end_now"):
                services.membership_end(by=request.user, membership=existing)
            elif not data.get("end_now"):
                services.membership_add(
                    by=request.user, user=data["user"], organisation=organisation, role=data["role"]
                )


class CurrentMembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    fields = ["organisation", "role", "started_at"]
    readonly_fields = fields
    can_delete = False
    extra = 0
    verbose_name_plural = "Organisations (change them on the organisation's page)"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).filter(ended_at=None)


@admin.register(User)
class PartnershipUserAdmin(UserAdmin):
    list_display = ["username", "email", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = UserAdmin.fieldsets + (("Partnership", {"fields": ("role",)}),)
    add_fieldsets = UserAdmin.add_fieldsets + (("Partnership", {"fields": ("role",)}),)
    inlines = [CurrentMembershipInline]
    actions = ["erase"]

    def has_delete_permission(self, request, obj=None):
        # Accounts are never deleted: what they did must still add up. Erase the person's details.
        return False

    @admin.action(description="Erase the personal details of the selected users (on a person's request)")
    def erase(self, request, queryset):
        from equalchance.privacy.services import user_erase

        for user in queryset:
            user_erase(by=request.user, user=user, request_reference=f"admin {timezone.now():%Y-%m-%d}")
        self.message_user(request, f"Erased the personal details of {queryset.count()} users.")
