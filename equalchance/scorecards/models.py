"""Scorecard definitions: themes and lines for a target area against its comparators."""

from django.conf import settings
from django.db import models

from equalchance.indicators.models import Indicator, Polarity
from equalchance.places.models import Area, ComparatorGroup, PriorityArea, PriorityAreaVersion


class Scorecard(models.Model):
    name = models.CharField(max_length=200)
    district = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    target = models.ForeignKey(PriorityArea, on_delete=models.PROTECT, related_name="scorecards")
    target_version = models.ForeignKey(
        PriorityAreaVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Leave empty to follow the priority area's current version",
    )
    comparator_group = models.ForeignKey(ComparatorGroup, null=True, blank=True, on_delete=models.SET_NULL)
    baseline_year = models.PositiveSmallIntegerField(help_text="Direction of travel is also shown from here")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["scorecard", "order", "name"]

    def __str__(self) -> str:
        return self.name


class Line(models.Model):
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="lines")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    # Polarity belongs to the line: the same indicator can be judged differently in two scorecards.
    polarity = models.CharField(
        max_length=20,
        choices=Polarity.choices,
        blank=True,
        help_text="Leave empty to use the indicator's polarity",
    )

    class Meta:
        ordering = ["theme", "order"]

    def __str__(self) -> str:
        return self.indicator.name

    @property
    def effective_polarity(self) -> str:
        return self.polarity or self.indicator.polarity


class Snapshot(models.Model):
    """A published scorecard, frozen: every number as computed when it was published."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.PROTECT, related_name="snapshots")
    title = models.CharField(max_length=200)
    as_at = models.DateField(help_text="Latest data up to this date")
    public = models.BooleanField(default=False, help_text="The public may see it (small numbers suppressed)")
    data = models.JSONField()
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("allow_change", False):
            raise ValueError("A published snapshot is frozen; publish a new one instead.")
        super().save(*args, **kwargs)


class Commentary(models.Model):
    """The story behind the data, per theme of a snapshot."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="commentary")
    theme = models.CharField(max_length=200)
    text = models.TextField()

    class Meta:
        ordering = ["snapshot", "id"]
