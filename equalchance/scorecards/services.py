"""Writes for scorecards."""

from django.db import transaction

from equalchance.audit.services import audit_event_record
from equalchance.indicators.catalogue import SCORECARD_THEMES
from equalchance.indicators.models import Indicator
from equalchance.places import services as places_services
from equalchance.places.models import Area, ComparatorGroup, PriorityArea
from equalchance.scorecards.models import Line, Scorecard, Theme

# Solihull's Regeneration Wards (Partnership Plus): Chelmsley Wood, Smith's Wood, Kingshurst & Fordbridge.
SOLIHULL = "E08000029"
REGENERATION_WARDS = ["E05001287", "E05001300", "E05001290"]


def default_target(district: Area, by) -> PriorityArea:
    existing = PriorityArea.objects.filter(district=district).order_by("pk").first()
    if existing:
        return existing
    if district.code == SOLIHULL:
        return places_services.priority_area_create(
            name="Regeneration Wards",
            district=district,
            by=by,
            method="wards",
            codes=REGENERATION_WARDS,
            description="Chelmsley Wood, Smith's Wood and Kingshurst & Fordbridge "
            "(Community Strategy 2014-18)",
        )
    return places_services.priority_area_create(
        name="Most deprived 10% of LSOAs",
        district=district,
        by=by,
        method="rule",
        codes=[],
        description="",
        rule={"release": 2019, "domain": "imd", "max_decile": 1},
    )


def scorecard_create_default(*, district: Area, by=None) -> Scorecard:
    """The Narrowing the Gap scorecard of Solihull's Community Strategy, for a district's priority area."""
    with transaction.atomic():
        target = default_target(district, by)
        group = (
            ComparatorGroup.objects.filter(home=district, kind=ComparatorGroup.Kind.DFE_2025).first()
            or ComparatorGroup.objects.filter(home=district, kind=ComparatorGroup.Kind.ONS_GLOBAL).first()
        )
        scorecard = Scorecard.objects.create(
            name=f"Narrowing the Gap: {target.name}",
            district=district,
            target=target,
            comparator_group=group,
            baseline_year=2014,
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        for order, name in enumerate(SCORECARD_THEMES):
            theme = Theme.objects.create(scorecard=scorecard, name=name, order=order)
            for line_order, indicator in enumerate(Indicator.objects.filter(theme=name).order_by("pk")):
                Line.objects.create(theme=theme, indicator=indicator, order=line_order)
        audit_event_record(
            actor=by, action="scorecard.create", obj=scorecard, changes={"target": target.name}
        )
    return scorecard
