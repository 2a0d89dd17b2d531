"""Defining priority areas: who may, what is checked, what is kept and audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from equalchance.accounts.models import Role
from equalchance.accounts.tests.factories import UserFactory
from equalchance.audit.models import AuditEvent
from equalchance.audit.selectors import audit_events_for
from equalchance.places import selectors, services
from equalchance.places.models import Area, PriorityArea

pytestmark = pytest.mark.django_db
REGENERATION_WARDS = ["E05001287", "E05001300", "E05001290"]  # Chelmsley Wood, Smith's Wood, Kingshurst & F.


@pytest.fixture
def solihull():
    return Area.objects.get(code="E08000029")


def user(role):
    return UserFactory(username=f"u-{role}", role=role)


def test_an_analyst_defines_the_regeneration_wards(solihull):
    analyst = user(Role.ANALYST)
    area = services.priority_area_create(
        name="Regeneration Wards",
        district=solihull,
        description="",
        method="wards",
        codes=REGENERATION_WARDS,
        by=analyst,
    )
    version = area.current_version
    assert version.number == 1 and version.created_by == analyst
    assert len(selectors.priority_area_lsoas(version)) == 9 + 8 + 8
    actions = [e.action for e in audit_events_for(object_type="places.priorityarea", object_id=area.pk)]
    assert sorted(actions) == ["priority_area.create", "priority_area.version_create"]
    assert AuditEvent.objects.filter(actor=analyst, action__startswith="priority_area").count() == 2


def test_a_viewer_may_not_define_a_priority_area_and_nothing_is_written(solihull):
    with pytest.raises(PermissionDenied):
        services.priority_area_create(
            name="X",
            district=solihull,
            description="",
            method="wards",
            codes=REGENERATION_WARDS,
            by=user(Role.VIEWER),
        )
    assert not PriorityArea.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="priority_area").exists()


def test_a_ward_from_another_district_is_refused(solihull):
    rotherham_ward = "E05001019"  # Boston Castle
    with pytest.raises(ValidationError, match="Not in Solihull: E05001019"):
        services.priority_area_create(
            name="X",
            district=solihull,
            description="",
            method="wards",
            codes=[rotherham_ward],
            by=user(Role.ANALYST),
        )
    assert not PriorityArea.objects.exists()


def test_a_rule_picks_the_lsoas_in_the_most_deprived_decile(solihull):
    area = services.priority_area_create(
        name="Most deprived 10%",
        district=solihull,
        description="",
        method="rule",
        codes=[],
        rule={"release": 2019, "domain": "imd", "max_decile": 1},
        by=user(Role.ANALYST),
    )
    lsoas = selectors.priority_area_lsoas(area.current_version)
    expected = [
        lsoa.code
        for lsoa in selectors.lsoas_in_district(release=2019, district="E08000029")
        if lsoa.deciles["imd"] == 1
    ]
    assert sorted(lsoas) == sorted(expected) and len(lsoas) == 16  # 0.1194 x 134


def test_a_new_version_keeps_the_old_one(solihull):
    analyst = user(Role.ANALYST)
    area = services.priority_area_create(
        name="Regeneration Wards",
        district=solihull,
        description="",
        method="wards",
        codes=REGENERATION_WARDS,
        by=analyst,
    )
    services.priority_area_version_create(
        priority_area=area, method="wards", codes=REGENERATION_WARDS[:2], by=analyst, note="Ward review"
    )
    numbers = sorted(v.number for v in area.versions.all())
    assert numbers == [1, 2]
    assert len(selectors.priority_area_lsoas(area.versions.get(number=1))) == 25
    assert len(selectors.priority_area_lsoas(area.versions.get(number=2))) == 17


def test_the_audit_event_of_a_new_priority_area_holds_no_typed_name(solihull):
    area = services.priority_area_create(
        name="Where Mrs Example lives",
        district=solihull,
        description="",
        method="wards",
        codes=["E05001287"],
        by=user(Role.ANALYST),
    )
    event = AuditEvent.objects.get(action="priority_area.create", object_id=str(area.pk))
    assert event.changes == {"district": "E08000029"}
