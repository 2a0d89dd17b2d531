from django.contrib import admin

from equalchance.privacy.models import Disposal, LegalHold
from equalchance.privacy.services import legal_hold_place


@admin.register(Disposal)
class DisposalAdmin(admin.ModelAdmin):
    """The disposal log: read only."""

    list_display = ["at", "how", "object_type", "object_id", "rule", "request_reference", "by"]
    list_filter = ["how", "rule", "object_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LegalHold)
class LegalHoldAdmin(admin.ModelAdmin):
    list_display = ["object_type", "object_id", "reason", "placed_by", "placed_at", "lifted_at"]
    fields = ["object_type", "object_id", "reason"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        held = legal_hold_place(
            by=request.user, object_type=obj.object_type, object_id=obj.object_id, reason=obj.reason
        )
        obj.pk = held.pk
