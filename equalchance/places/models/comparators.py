"""Comparator groups: authorities statistically similar to a home authority (DfE children's services
statistical neighbours, ONS similar areas), used as a benchmark in scorecards."""

from django.db import models

from equalchance.places.models.areas import Area


class ComparatorGroup(models.Model):
    class Kind(models.TextChoices):
        DFE_2025 = "dfe_2025", "DfE children's services statistical neighbours (2025 model)"
        DFE_2021 = "dfe_2021", "DfE children's services statistical neighbours (April 2021 model)"
        ONS_GLOBAL = "ons_global", "ONS similar areas (overall)"
        ONS_ECONOMIC = "ons_economic", "ONS similar areas (economic)"
        ONS_DEMOGRAPHIC = "ons_demographic", "ONS similar areas (demographic)"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    home = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="comparator_groups")
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["home", "kind"]
        constraints = [models.UniqueConstraint(fields=["kind", "home"], name="one_group_per_kind_and_home")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.home.name}"


class ComparatorGroupMember(models.Model):
    group = models.ForeignKey(ComparatorGroup, on_delete=models.CASCADE, related_name="members")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(help_text="1 = most similar")

    class Meta:
        ordering = ["group", "rank"]
        constraints = [models.UniqueConstraint(fields=["group", "area"], name="unique_comparator_member")]
