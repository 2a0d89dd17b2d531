"""What retention and erasure leave behind: holds that stop disposal, and a log of every disposal (the
kind of record, its id, the rule or request, when and by whom; never the data itself)."""

from django.conf import settings
from django.db import models


class LegalHold(models.Model):
    """Keeps a record from disposal while it is needed (a complaint, an inquiry, a court case)."""

    object_type = models.CharField(max_length=100, help_text="e.g. directory.referral")
    object_id = models.CharField(max_length=64)
    reason = models.CharField(max_length=200, help_text="Why it is held (a reference, not personal details)")
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"Hold on {self.object_type} {self.object_id}"


class Disposal(models.Model):
    class How(models.TextChoices):
        REMOVED = "removed", "Personal details removed"
        DELETED = "deleted", "Deleted"

    at = models.DateTimeField(auto_now_add=True)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    how = models.CharField(max_length=10, choices=How.choices)
    rule = models.CharField(max_length=40, blank=True, help_text="The retention rule, or empty for a request")
    request_reference = models.CharField(
        max_length=100, blank=True, help_text="The erasure request's reference"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_how_display()}: {self.object_type} {self.object_id}"
