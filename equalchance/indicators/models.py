"""Indicators (what is measured, and how) and their observations (values for an area and period)."""

from django.conf import settings
from django.db import models

from equalchance.places.models import Area


class ValueType(models.TextChoices):
    PROPORTION = "proportion", "Proportion"
    CRUDE_RATE = "crude_rate", "Crude rate"
    DSR = "dsr", "Directly standardised rate"
    MEAN = "mean", "Mean"
    COUNT = "count", "Count"


class CiMethod(models.TextChoices):
    WILSON = "wilson", "Wilson score (proportions)"
    POISSON = "poisson", "Exact Poisson below 10 events, Byars from 10 (rates)"
    DOBSON = "dobson", "Dobson (directly standardised rates)"
    STUDENTS_T = "students_t", "Student's t (means)"
    AS_PUBLISHED = "as_published", "As published by the source"
    NONE = "none", "No confidence interval"


class Polarity(models.TextChoices):
    HIGH_IS_GOOD = "high_is_good", "Higher is better"
    LOW_IS_GOOD = "low_is_good", "Lower is better"
    NO_JUDGEMENT = "no_judgement", "No judgement"


class PeriodType(models.TextChoices):
    FINANCIAL = "financial", "Financial year (April to March)"
    ACADEMIC = "academic", "Academic year (September to August)"
    CALENDAR = "calendar", "Calendar year"
    SNAPSHOT = "snapshot", "Snapshot on a date (e.g. at 31 March)"
    ROLLING = "rolling", "Rolling 12 months"
    POOLED_3_YEAR = "pooled_3_year", "Pooled 3 years"


MULTIPLIERS = [
    (1, "none (a ratio)"),
    (100, "% (per 100)"),
    (1000, "per 1,000"),
    (10_000, "per 10,000"),
    (100_000, "per 100,000"),
]


class Indicator(models.Model):
    code = models.SlugField(
        max_length=60, unique=True, help_text="Short identifier used in files, e.g. cpp-rate"
    )
    name = models.CharField(max_length=200)
    theme = models.CharField(max_length=100, blank=True, help_text="Where it sits in the catalogue")
    definition = models.TextField()
    numerator = models.TextField(help_text="What is counted")
    denominator = models.TextField(blank=True, help_text="The population it is counted among")
    value_type = models.CharField(max_length=20, choices=ValueType.choices)
    multiplier = models.PositiveIntegerField(choices=MULTIPLIERS, default=100)
    ci_method = models.CharField(max_length=20, choices=CiMethod.choices)
    polarity = models.CharField(max_length=20, choices=Polarity.choices)
    period_type = models.CharField(max_length=20, choices=PeriodType.choices)
    source = models.CharField(max_length=300)
    source_url = models.URLField(blank=True)
    licence = models.CharField(max_length=200, default="Open Government Licence v3.0")
    disclosure_minimum = models.PositiveIntegerField(
        default=5, help_text="Counts below this are suppressed in public outputs"
    )
    decimal_places = models.PositiveSmallIntegerField(default=1)
    fingertips_id = models.PositiveIntegerField(
        null=True, blank=True, help_text="OHID Fingertips indicator ID"
    )
    notes = models.TextField(
        blank=True, help_text="Caveats, e.g. how it differs from the national definition"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def unit(self) -> str:
        return {1: "", 100: "%", 1000: "per 1,000", 10_000: "per 10,000", 100_000: "per 100,000"}[
            self.multiplier
        ]


class ImportBatch(models.Model):
    """One imported file: where it came from, its hash, who loaded it and when; can be rolled back."""

    source = models.CharField(max_length=300)
    file_name = models.CharField(max_length=300)
    file_format = models.CharField(max_length=30)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField(default=0)
    synthetic = models.BooleanField(default=False)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rolled_back_at = models.DateTimeField(null=True, blank=True)
    rolled_back_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.file_name}"


class Observation(models.Model):
    """An indicator's value for one area and period: numerator and denominator where known (the
    product computes the value and interval), or the value and limits as the source published them."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    period_label = models.CharField(max_length=30)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    value = models.FloatField(null=True, blank=True)
    lower_95 = models.FloatField(null=True, blank=True)
    upper_95 = models.FloatField(null=True, blank=True)
    bands = models.JSONField(
        null=True,
        blank=True,
        help_text="Age-band counts and populations of a directly standardised rate: "
        '{"labels": ["40-44", ...], "counts": [...], "populations": [...]}',
    )
    synthetic = models.BooleanField(default=False)
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="observations")

    class Meta:
        ordering = ["indicator", "area", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "period_start", "period_end"], name="one_observation_per_period"
            )
        ]
        indexes = [models.Index(fields=["indicator", "period_start"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.area_id} {self.period_label}"
