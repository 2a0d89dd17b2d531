"""Writes for scorecards."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F

from equalchance.accounts.permissions import user_can
from equalchance.audit.actions import Action
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


def scorecard_create_default(*, district: Area, by) -> Scorecard:
    """The Narrowing the Gap scorecard of Solihull's Community Strategy, for a district's priority area."""
    if not user_can(by, "scorecards.define"):
        raise PermissionDenied("Only analysts and administrators can define scorecards.")
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
            created_by=by,
        )
        default_lines_add(scorecard)
        audit_event_record(
            actor=by, action=Action.SCORECARD_CREATE, obj=scorecard, changes={"target": target.pk}
        )
    return scorecard


def default_lines_add(scorecard: Scorecard) -> None:
    """Solihull's five themes with their eleven measures."""
    for order, name in enumerate(SCORECARD_THEMES):
        theme = Theme.objects.create(scorecard=scorecard, name=name, order=order)
        for line_order, indicator in enumerate(Indicator.objects.filter(theme=name).order_by("pk")):
            Line.objects.create(theme=theme, indicator=indicator, order=line_order)


def _check_can_define(by) -> None:
    if not user_can(by, "scorecards.define"):
        raise PermissionDenied("Only analysts and administrators can define scorecards.")


def scorecard_define(
    *, by, name: str, target: PriorityArea, comparator_group, baseline_year: int, start_with_default: bool
) -> Scorecard:
    _check_can_define(by)
    with transaction.atomic():
        scorecard = Scorecard.objects.create(
            name=name,
            district=target.district,
            target=target,
            comparator_group=comparator_group,
            baseline_year=baseline_year,
            created_by=by,
        )
        if start_with_default:
            default_lines_add(scorecard)
        audit_event_record(
            actor=by,
            action=Action.SCORECARD_CREATE,
            obj=scorecard,
            changes={
                "target": target.pk,
                "comparator_group": comparator_group.pk if comparator_group else None,
                "baseline_year": baseline_year,
                "default_lines": start_with_default,
            },
        )
    return scorecard


def _audited(value):
    """What the audit trail may hold of a field's value: a record's id, a number; never typed text."""
    if isinstance(value, models.Model):
        return value.pk
    return "" if value is None else str(value)


def scorecard_update(*, scorecard: Scorecard, by, **fields) -> Scorecard:
    _check_can_define(by)
    # Typed text (the name) is recorded as changed, not copied; records by id, numbers as they are.
    changes = {
        key: "changed" if key == "name" else [_audited(getattr(scorecard, key)), _audited(value)]
        for key, value in fields.items()
        if getattr(scorecard, key) != value
    }
    with transaction.atomic():
        for key, value in fields.items():
            setattr(scorecard, key, value)
        if "target" in changes:
            scorecard.district = scorecard.target.district
            scorecard.target_version = None  # the new target's current version from now on
        scorecard.save()
        audit_event_record(actor=by, action=Action.SCORECARD_UPDATE, obj=scorecard, changes=changes)
    return scorecard


def line_add(
    *, scorecard: Scorecard, by, indicator: Indicator, theme: Theme | None, new_theme: str, polarity: str
) -> Line:
    _check_can_define(by)
    with transaction.atomic():
        # One change to a scorecard's lines at a time (the row lock on PostgreSQL, the write lock on
        # SQLite), then the check the form made is made again: a post sent twice adds one line.
        Scorecard.objects.filter(pk=scorecard.pk).update(baseline_year=F("baseline_year"))
        if Line.objects.filter(theme__scorecard=scorecard, indicator=indicator).exists():
            raise ValidationError(f"{indicator.name} is already on this scorecard")
        if new_theme:
            theme, _ = Theme.objects.get_or_create(
                scorecard=scorecard, name=new_theme, defaults={"order": scorecard.themes.count()}
            )
        line = Line.objects.create(
            theme=theme, indicator=indicator, polarity=polarity, order=theme.lines.count()
        )
        audit_event_record(
            actor=by,
            action=Action.SCORECARD_LINE_ADD,
            obj=scorecard,
            changes={"indicator": indicator.code, "theme": theme.pk, "polarity": polarity},
        )
    return line


def line_remove(*, line: Line, by) -> None:
    _check_can_define(by)
    scorecard, theme = line.theme.scorecard, line.theme
    with transaction.atomic():
        line.delete()
        if not theme.lines.exists():
            theme.delete()
        audit_event_record(
            actor=by,
            action=Action.SCORECARD_LINE_REMOVE,
            obj=scorecard,
            changes={"indicator": line.indicator.code, "theme": theme.pk},
        )
