"""Areas keyed by GSS code, and how small areas fit into bigger ones in each geography."""

from django.core.validators import RegexValidator
from django.db import models

gss_code_validator = RegexValidator(r"^[EWSNK]\d{8}$", "Enter a nine-character GSS code such as E08000029.")


class AreaLevel(models.TextChoices):
    COUNTRY = "country", "Country"
    REGION = "region", "Region"
    COUNTY = "county", "County (upper-tier authority)"
    DISTRICT = "district", "Local authority district"
    WARD = "ward", "Electoral ward"
    LSOA = "lsoa", "LSOA"


class Geography(models.TextChoices):
    """A consistent set of LSOAs, wards and districts, as used by a deprivation release."""

    G2019 = "2019", "LSOA 2011, wards and districts 2019"
    G2024 = "2024", "LSOA 2021, wards and districts 2024"


class Area(models.Model):
    code = models.CharField(primary_key=True, max_length=9, validators=[gss_code_validator])
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=10, choices=AreaLevel.choices, db_index=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class LsoaPlacement(models.Model):
    """Where an LSOA sits in one geography: its best-fit ward, its district and region (ONS lookups)."""

    geography = models.CharField(max_length=4, choices=Geography.choices)
    lsoa = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="placements")
    ward = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    district = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+", null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["geography", "lsoa"], name="one_placement_per_geography")
        ]
        indexes = [
            models.Index(fields=["geography", "district"]),
            models.Index(fields=["geography", "ward"]),
        ]


class LsoaSuccession(models.Model):
    """ONS LSOA 2011 to LSOA 2021 lookup: unchanged, split, merged or redrawn."""

    class Change(models.TextChoices):
        UNCHANGED = "U", "Unchanged"
        SPLIT = "S", "Split"
        MERGED = "M", "Merged"
        COMPLEX = "X", "Redrawn (complex change)"

    lsoa11 = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="successions")
    lsoa21 = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="predecessions")
    change = models.CharField(max_length=1, choices=Change.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lsoa11", "lsoa21"], name="unique_lsoa_succession")]


class Boundary(models.Model):
    """A generalised boundary for display on maps (GeoJSON geometry, WGS84)."""

    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="boundaries")
    geography = models.CharField(max_length=4, choices=Geography.choices)
    geometry = models.TextField(help_text="GeoJSON geometry object, longitude/latitude")
    source = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area", "geography"], name="one_boundary_per_geography")
        ]
