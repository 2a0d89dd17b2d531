"""The product's admin site: Django's, except that every ModelAdmin registered on it (the product's,
Django's and allauth's alike) checks the objects an action was asked for before the action runs.

Stock Django filters by the posted `_selected_action` values as they are, so one that is not an id of
the model (`abc` for a numbered model, a number beyond the column's range, a NUL character) raised a
server error. Such a post now gets the changelist back with a message, and nothing is changed.
Installed by `PartnershipAdminConfig` (in INSTALLED_APPS instead of `django.contrib.admin`)."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect


def is_id_of(model, value) -> bool:
    """`value`, as posted, can name a row of `model`: its primary key's type and range accept it."""
    if not isinstance(value, str) or "\x00" in value:
        return False
    field = model._meta.pk
    try:
        python = field.to_python(value)
        if python is None:
            return False
        field.run_validators(python)
    except (ValidationError, ValueError, TypeError, OverflowError):
        return False
    return True


class CheckedActionsMixin:
    """Refuses an admin action whose selection names something that cannot be an id of the model."""

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if not all(is_id_of(self.model, value) for value in selected):
            self.message_user(
                request,
                "The selection is not valid: each item must be one of the "
                f"{self.model._meta.verbose_name_plural} listed here. Select them again. "
                "Nothing has been changed.",
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)


class PartnershipAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, CheckedActionsMixin):
            admin_class = type(
                admin_class.__name__,
                (CheckedActionsMixin, admin_class),
                {"__module__": admin_class.__module__, "__doc__": admin_class.__doc__},
            )
        return super().register(model_or_iterable, admin_class, **options)
