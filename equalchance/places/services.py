"""Writes for places: priority areas and their versions. Each write is audited in its transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from equalchance.accounts.permissions import user_can
from equalchance.audit.actions import Action
from equalchance.audit.services import audit_event_record
from equalchance.places.models import (
    Area,
    AreaLevel,
    Geography,
    LsoaDeprivation,
    LsoaPlacement,
    PriorityArea,
    PriorityAreaMember,
    PriorityAreaVersion,
    Release,
)


def lsoas_by_rule(*, district: str, release: int, domain: str, max_decile: int) -> list[str]:
    """LSOAs of the district (release geography) whose national decile on `domain` is at most `max_decile`."""
    return sorted(
        LsoaDeprivation.objects.filter(
            release_id=release, district_id=district, **{f"{domain}_decile__lte": max_decile}
        ).values_list("lsoa_id", flat=True)
    )


def _check_members(*, district: Area, geography: str, codes: list[str], level: str) -> list[str]:
    if not codes:
        raise ValidationError("Choose at least one area")
    field = "ward_id" if level == AreaLevel.WARD else "lsoa_id"
    inside = set(
        LsoaPlacement.objects.filter(
            geography=geography, district=district, **{f"{field}__in": codes}
        ).values_list(field, flat=True)
    )
    outside = sorted(set(codes) - inside)
    if outside:
        raise ValidationError(f"Not in {district.name}: {', '.join(outside)}")
    return sorted(set(codes))


def _version_create(
    *, priority_area: PriorityArea, method: str, codes: list[str], by, rule: dict | None, note: str
) -> PriorityAreaVersion:
    geography = Geography.G2019
    if method == PriorityAreaVersion.Method.RULE:
        release = Release.objects.get(year=rule["release"])
        geography = release.geography
        codes = lsoas_by_rule(
            district=priority_area.district_id,
            release=release.year,
            domain=rule["domain"],
            max_decile=rule["max_decile"],
        )
        if not codes:
            raise ValidationError(
                f"No LSOAs in {priority_area.district.name} are in deciles 1 to {rule['max_decile']} "
                "on that domain"
            )
    level = AreaLevel.WARD if method == PriorityAreaVersion.Method.WARDS else AreaLevel.LSOA
    codes = _check_members(district=priority_area.district, geography=geography, codes=codes, level=level)
    last = priority_area.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = PriorityAreaVersion.objects.create(
        priority_area=priority_area,
        number=last + 1,
        geography=geography,
        method=method,
        rule_release=rule["release"] if rule else None,
        rule_domain=rule["domain"] if rule else "",
        rule_max_decile=rule["max_decile"] if rule else None,
        note=note,
        created_by=by,
    )
    PriorityAreaMember.objects.bulk_create(
        PriorityAreaMember(version=version, area_id=code) for code in codes
    )
    audit_event_record(
        actor=by,
        action=Action.PRIORITY_AREA_VERSION_CREATE,
        obj=priority_area,
        changes={"version": version.number, "method": method, "members": codes, "rule": rule or {}},
    )
    return version


def priority_area_create(
    *,
    name: str,
    district: Area,
    description: str,
    method: str,
    codes: list[str],
    by,
    rule: dict | None = None,
) -> PriorityArea:
    if not user_can(by, "priority_areas.manage"):
        raise PermissionDenied("Only analysts and administrators can define priority areas.")
    with transaction.atomic():
        if PriorityArea.objects.filter(district=district, name__iexact=name).exists():
            raise ValidationError(f"{district.name} already has a priority area called {name}")
        priority_area = PriorityArea.objects.create(
            name=name, district=district, description=description, created_by=by
        )
        audit_event_record(
            actor=by,
            action=Action.PRIORITY_AREA_CREATE,
            obj=priority_area,
            changes={"district": district.code},  # references only: the typed name stays in the record
        )
        _version_create(
            priority_area=priority_area, method=method, codes=codes, by=by, rule=rule, note="First version"
        )
    return priority_area


def priority_area_version_create(
    *, priority_area: PriorityArea, method: str, codes: list[str], by, note: str, rule: dict | None = None
) -> PriorityAreaVersion:
    """Redefine a priority area. The old versions stay, so earlier reports can still be explained."""
    if not user_can(by, "priority_areas.manage"):
        raise PermissionDenied("Only analysts and administrators can change priority areas.")
    with transaction.atomic():
        return _version_create(
            priority_area=priority_area, method=method, codes=codes, by=by, rule=rule, note=note
        )
