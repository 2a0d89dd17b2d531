"""The English Indices of Deprivation: releases and their LSOA rows, and what was loaded when."""

from django.conf import settings
from django.db import models

from equalchance.places.models.areas import Area, Geography


class Release(models.Model):
    year = models.PositiveSmallIntegerField(primary_key=True)
    name = models.CharField(max_length=20)  # "IoD2019"
    geography = models.CharField(max_length=4, choices=Geography.choices)
    lsoa_count = models.PositiveIntegerField()
    publisher = models.CharField(max_length=200)
    source_url = models.URLField()
    licence = models.CharField(max_length=200)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["year"]

    def __str__(self) -> str:
        return self.name


class LsoaDeprivation(models.Model):
    """One LSOA in one release. Ranks: 1 = most deprived; deciles: 1 = most deprived 10%.

    Columns a release did not publish (or that could not be obtained) are null.
    """

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="lsoas")
    lsoa = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="deprivation")
    # The district as published in the release's own file (MHCLG summarises by this).
    district = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")

    imd_score = models.FloatField(null=True)
    imd_rank = models.PositiveIntegerField(null=True)
    imd_decile = models.PositiveSmallIntegerField(null=True)
    income_score = models.FloatField(null=True)
    income_rank = models.PositiveIntegerField(null=True)
    income_decile = models.PositiveSmallIntegerField(null=True)
    employment_score = models.FloatField(null=True)
    employment_rank = models.PositiveIntegerField(null=True)
    employment_decile = models.PositiveSmallIntegerField(null=True)
    education_score = models.FloatField(null=True)
    education_rank = models.PositiveIntegerField(null=True)
    education_decile = models.PositiveSmallIntegerField(null=True)
    health_score = models.FloatField(null=True)
    health_rank = models.PositiveIntegerField(null=True)
    health_decile = models.PositiveSmallIntegerField(null=True)
    crime_score = models.FloatField(null=True)
    crime_rank = models.PositiveIntegerField(null=True)
    crime_decile = models.PositiveSmallIntegerField(null=True)
    barriers_score = models.FloatField(null=True)
    barriers_rank = models.PositiveIntegerField(null=True)
    barriers_decile = models.PositiveSmallIntegerField(null=True)
    living_environment_score = models.FloatField(null=True)
    living_environment_rank = models.PositiveIntegerField(null=True)
    living_environment_decile = models.PositiveSmallIntegerField(null=True)
    idaci_rank = models.PositiveIntegerField(null=True)
    idaci_decile = models.PositiveSmallIntegerField(null=True)
    idaopi_rank = models.PositiveIntegerField(null=True)
    idaopi_decile = models.PositiveSmallIntegerField(null=True)

    # Population denominators used by MHCLG for the summaries (IoD2019: mid-2015, excluding prisoners).
    pop_total = models.PositiveIntegerField(null=True)
    pop_working_age = models.PositiveIntegerField(null=True)
    pop_children = models.PositiveIntegerField(null=True)
    pop_older = models.PositiveIntegerField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["release", "lsoa"], name="one_row_per_lsoa_per_release")
        ]
        indexes = [models.Index(fields=["release", "district"])]


class DataLoad(models.Model):
    """A load of the national open data: which files (by hash) were loaded, by whom, when."""

    dataset = models.CharField(max_length=100)
    file_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    loaded_at = models.DateTimeField(auto_now_add=True)
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-loaded_at", "dataset"]
        get_latest_by = "loaded_at"


class PublishedSummary(models.Model):
    """One measure of one district as MHCLG published it (File 10, "Local Authority District Summaries
    (lower-tier)"): the value and rank exactly as in the table, never recomputed. Rank 1 = most
    deprived of the release's districts (317 in IoD2019, 296 in IoD2025); ties share the lowest rank."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="published_summaries")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    domain = models.CharField(max_length=30)
    measure = models.CharField(max_length=40)
    value = models.FloatField()
    rank = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["release", "area", "domain", "measure"], name="one_published_value_per_measure"
            )
        ]
        indexes = [models.Index(fields=["release", "domain", "measure"])]
