"""Priority areas: named, versioned sets of wards or LSOAs a partnership focuses on."""

from django.conf import settings
from django.db import models

from equalchance.places.models.areas import Area, Geography


class PriorityArea(models.Model):
    name = models.CharField(max_length=120)
    district = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="priority_areas")
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["district", "name"], name="unique_priority_area_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def current_version(self) -> "PriorityAreaVersion":
        return self.versions.order_by("-number").first()


class PriorityAreaVersion(models.Model):
    """One definition of a priority area. New definitions add a version; old ones are kept."""

    class Method(models.TextChoices):
        WARDS = "wards", "Picked wards"
        LSOAS = "lsoas", "Picked LSOAs"
        RULE = "rule", "Rule: LSOAs in the most deprived part of England"

    priority_area = models.ForeignKey(PriorityArea, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    geography = models.CharField(max_length=4, choices=Geography.choices, default=Geography.G2019)
    method = models.CharField(max_length=10, choices=Method.choices)
    # For rules: "LSOAs whose <domain> decile in <release> is at most <max_decile>".
    rule_release = models.PositiveSmallIntegerField(null=True, blank=True)
    rule_domain = models.CharField(max_length=30, blank=True)
    rule_max_decile = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["priority_area", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["priority_area", "number"], name="unique_priority_area_version")
        ]

    def __str__(self) -> str:
        return f"{self.priority_area} v{self.number}"


class PriorityAreaMember(models.Model):
    """An area picked into a version: wards or LSOAs (a rule's result is stored as its LSOAs)."""

    version = models.ForeignKey(PriorityAreaVersion, on_delete=models.CASCADE, related_name="members")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "area"], name="unique_priority_area_member")
        ]
