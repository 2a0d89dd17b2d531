"""Administration of users and organisations. Who belongs to an organisation decides what its members
may see (its referrals, its directory entries), so memberships are added and ended only through the
audited services, never saved here directly. Deactivating a user goes through `user_deactivate`, which
ends their sessions at once; the admin's sign-in and password change are the product's own."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse

from equalchance.accounts import services
from equalchance.accounts.models import Membership, Organisation, Role, User
from equalchance.audit.actions import Action
from equalchance.audit.services import audit_event_record


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

# An account's address is edited on the account only (`User.email`, one account per address): allauth's
# own page of addresses would let anyone with the admin give an account another's address, which password
# reset and signing in by address would then follow. Imported here (this app's admin loads before
# allauth's) so that it is registered, then taken away.
import allauth.account.admin  # noqa: E402, F401
from allauth.account.models import EmailAddress  # noqa: E402

if admin.site.is_registered(EmailAddress):
    admin.site.unregister(EmailAddress)


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
    exclude = ["id"]  # made, not typed; the open feed publishes it
    readonly_fields = ["source"]
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
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for member_form in formset.forms:
            data = getattr(member_form, "cleaned_data", {})
            if not member_form.has_changed() or not data.get("user"):
                continue
            existing = member_form.instance if member_form.instance.pk else None
            if existing and data.get("end_now"):
                services.membership_end(by=request.user, membership=existing)
                formset.changed_objects.append((existing, ["ended_at"]))
            elif not data.get("end_now"):
                membership = services.membership_add(
                    by=request.user, user=data["user"], organisation=organisation, role=data["role"]
                )
                if existing:
                    formset.changed_objects.append((membership, member_form.changed_data))
                else:
                    formset.new_objects.append(membership)


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


class ErasureForm(forms.Form):
    request_reference = forms.RegexField(
        label="The request's reference",
        regex=r"^[A-Za-z0-9][A-Za-z0-9/._-]{0,59}$",
        max_length=60,
        help_text="As the request is filed, for example SAR-2026-17 (letters, digits, - / . _).",
        error_messages={
            "required": "Enter the request's reference, for example SAR-2026-17.",
            "invalid": "Enter the request's reference as it is filed, for example SAR-2026-17: letters, "
            "digits and - / . _ only, no spaces.",
        },
    )


class OwnAddressMixin:
    """Each account has its own e-mail address (whatever its case), as a database constraint requires:
    the form says so at the address rather than failing on save. A service provider must have one: it
    is how they sign in and hear about their entries."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("role") == Role.PROVIDER and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", "Enter the service provider's email address: a provider must have one.")
        return cleaned

    def clean_email(self):
        email = self.cleaned_data.get("email", "")
        if email and User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                "Another account already has this email address. Each account needs its own address."
            )
        return email


class AccountChangeForm(OwnAddressMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


class AccountCreationForm(OwnAddressMixin, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "email", "role")


@admin.register(User)
class PartnershipUserAdmin(UserAdmin):
    """Accounts. The role decides everything: who may open the admin (`is_staff` and `is_superuser` follow
    from role administrator and are shown, never offered), what each may do. The system actor is not
    listed and cannot be opened or given a password here, and no account can be given its role. Every
    account made or changed here is on the audit trail (which fields, and the role from and to)."""

    list_display = ["username", "email", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active"]
    # `second_factor_exempt` is shown, never offered: only `create_demo_users` sets it.
    readonly_fields = ["is_staff", "is_superuser", "second_factor_exempt", "last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        (
            "Role and access",
            {
                "fields": ("role", "is_active", "is_staff", "is_superuser", "second_factor_exempt"),
                "description": "Administrators (and only they) can use these administration pages.",
            },
        ),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    form = AccountChangeForm
    add_form = AccountCreationForm
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "usable_password", "password1", "password2"),
            },
        ),
        ("Partnership", {"fields": ("role",)}),
    )
    inlines = [CurrentMembershipInline]
    actions = ["deactivate", "erase"]

    def has_delete_permission(self, request, obj=None):
        # Accounts are never deleted: what they did must still add up. Erase the person's details.
        return False

    @admin.action(description="Erase the personal details of the selected users (on a person's request)")
    def erase(self, request, queryset):
        """First a page that says what will happen and asks for the request's reference; only when that
        is sent back does each account go through `user_erase`."""
        from django.contrib.admin import helpers
        from django.template.response import TemplateResponse

        from equalchance.privacy.services import user_erase

        form = ErasureForm(request.POST if request.POST.get("post") == "yes" else None)
        if form.is_bound and form.is_valid():
            reference = form.cleaned_data["request_reference"]
            users = list(queryset)
            try:
                with transaction.atomic():
                    for user in users:
                        user_erase(by=request.user, user=user, request_reference=reference)
            except PermissionDenied as refused:
                self.message_user(request, f"Nothing was erased: {refused}", messages.ERROR)
                return None
            self.message_user(
                request,
                f"Erased the personal details of {len(users)} user(s), recorded under {reference}.",
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/accounts/user/erase_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": "Erase personal details: are you sure?",
                "opts": self.opts,
                "queryset": queryset,
                "form": form,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(role=Role.SYSTEM)  # not a person's account

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.role != Role.SYSTEM)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role":  # no account is given the system actor's role
            kwargs["choices"] = [choice for choice in Role.choices if choice[0] != Role.SYSTEM]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """Audited (field names, the role from and to, a reactivation). Unticking "active" goes through
        `user_deactivate`, which ends the user's sessions at once (and records it)."""
        before = User.objects.filter(pk=obj.pk).values("role", "is_active").first() if change else None
        deactivating = change and "is_active" in form.changed_data and not obj.is_active
        if deactivating:
            obj.is_active = True  # saved as it was, then deactivated by the service
        super().save_model(request, obj, form, change)
        fields = [name for name in form.changed_data if not (deactivating and name == "is_active")]
        if not change:
            services.user_change_record(by=request.user, user=obj, fields=fields, created=True)
        elif fields:
            services.user_change_record(
                by=request.user,
                user=obj,
                fields=fields,
                role_before=before["role"],
                was_active=before["is_active"],
            )
        vouched = not change or "email" in form.changed_data or "role" in form.changed_data
        if vouched and obj.role == Role.PROVIDER and obj.email and obj.is_active and not deactivating:
            services.user_email_vouch(by=request.user, user=obj)  # an administrator gave this address
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
            services.account_event_record(
                user=User.objects.get(pk=id),
                action=Action.PASSWORD_CHANGED,
                by=request.user,
                changes={"by_administrator": True},
            )
        return response
