"""Reads for indicators: the catalogue, observations with their intervals, import batches."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, QuerySet

from equalchance import stats
from equalchance.indicators.catalogue import RELATED, SCORECARD_THEMES
from equalchance.indicators.models import ImportBatch, Indicator, Observation
from equalchance.indicators.values import observation_estimate

ENGLAND = "E92000001"


def indicators_by_theme() -> list[tuple[str, list[Indicator]]]:
    indicators = list(Indicator.objects.annotate(observation_count=Count("observations")))
    order = SCORECARD_THEMES + [RELATED]
    themes = sorted(
        {i.theme for i in indicators}, key=lambda t: (order.index(t) if t in order else len(order), t)
    )
    return [(theme, [i for i in indicators if i.theme == theme]) for theme in themes]


@dataclass(frozen=True)
class ObservationRow:
    observation: Observation
    estimate: stats.Estimate


def observations_for(*, indicator: Indicator, area_codes: list[str]) -> list[ObservationRow]:
    observations = (
        Observation.objects.filter(indicator=indicator, area_id__in=area_codes)
        .select_related("area", "batch")
        .order_by("period_start", "area_id")
    )
    return [ObservationRow(o, observation_estimate(o, indicator)) for o in observations]


def headline_areas() -> list[str]:
    """England and the partnership's districts: the rows shown on an indicator's page."""
    return [ENGLAND, *settings.EQUALCHANCE_DISTRICTS]


def import_batches() -> QuerySet[ImportBatch]:
    return ImportBatch.objects.select_related("imported_by", "rolled_back_by").annotate(
        held=Count("observations")
    )


def observations_version() -> tuple:
    """Changes whenever observations do: every write is an import batch (files, the shipped series,
    synthetic and modelled series) and every removal a roll-back, so the batches' count, newest id and
    roll-backs, with the newest observation's id, move with each. Cheap: aggregates over indexes."""
    batches = ImportBatch.objects.aggregate(
        count=Count("id"),
        newest=Max("id"),
        rolled_back=Count("rolled_back_at"),
        last_roll_back=Max("rolled_back_at"),
    )
    newest_observation = Observation.objects.aggregate(newest=Max("id"))["newest"]
    return (*batches.values(), newest_observation)
