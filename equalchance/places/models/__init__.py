from equalchance.places.models.areas import (
    Area,
    AreaLevel,
    Boundary,
    Geography,
    LsoaPlacement,
    LsoaSuccession,
)
from equalchance.places.models.comparators import ComparatorGroup, ComparatorGroupMember
from equalchance.places.models.deprivation import DataLoad, LsoaDeprivation, PublishedSummary, Release
from equalchance.places.models.priority_areas import PriorityArea, PriorityAreaMember, PriorityAreaVersion

__all__ = [
    "Area",
    "AreaLevel",
    "Boundary",
    "ComparatorGroup",
    "ComparatorGroupMember",
    "DataLoad",
    "Geography",
    "LsoaDeprivation",
    "LsoaPlacement",
    "LsoaSuccession",
    "PriorityArea",
    "PriorityAreaMember",
    "PriorityAreaVersion",
    "PublishedSummary",
    "Release",
]
