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


def test_a_rule_on_iod2025_selects_the_2021_lsoas_in_the_most_deprived_decile(solihull):
    import csv
    import gzip

    from equalchance.places.importers.open_data import DATA_DIR

    with gzip.open(DATA_DIR / "iod2025_lsoa21_england.csv.gz", "rt", encoding="utf-8-sig") as handle:
        expected = sorted(
            row["lsoa21cd"]
            for row in csv.DictReader(handle)
            if row["lad24cd"] == "E08000029" and row["imd_decile"] == "1"
        )
    area = services.priority_area_create(
        name="Most deprived 10% in 2025",
        district=solihull,
        description="",
        method="rule",
        codes=[],
        rule={"release": 2025, "domain": "imd", "max_decile": 1},
        by=user(Role.ANALYST),
    )
    version = area.current_version
    assert version.geography == "2024" and version.rule_release == 2025
    assert sorted(version.members.values_list("area_id", flat=True)) == expected and len(expected) > 0
    assert selectors.priority_area_lsoas(version, "2024") == expected
    # Figures held for 2011 LSOAs (indicators, scorecards, IoD2019) reach it through the ONS lookup.
    from equalchance.places.models import LsoaSuccession

    predecessors = sorted(
        set(LsoaSuccession.objects.filter(lsoa21_id__in=expected).values_list("lsoa11_id", flat=True))
    )
    assert selectors.priority_area_lsoas(version) == predecessors


def test_a_rule_on_iod2025_idaci_uses_the_2025_supplementary_index(solihull):
    area = services.priority_area_create(
        name="Children in income-deprived households",
        district=solihull,
        description="",
        method="rule",
        codes=[],
        rule={"release": 2025, "domain": "idaci", "max_decile": 1},
        by=user(Role.ANALYST),
    )
    chosen = set(area.current_version.members.values_list("area_id", flat=True))
    frame = selectors.lsoa_frame(2025)
    expected = {
        code
        for code, district, decile in zip(frame.codes, frame.district_codes, frame.columns["idaci_decile"])
        if district == "E08000029" and decile == 1
    }
    assert chosen == expected and chosen


def test_a_2011_priority_area_keeps_working_with_iod2025_through_the_lookup(solihull):
    from equalchance.places import profiles
    from equalchance.places.models import LsoaSuccession

    area = services.priority_area_create(
        name="Regeneration Wards",
        district=solihull,
        description="",
        method="wards",
        codes=REGENERATION_WARDS,
        by=user(Role.ANALYST),
    )
    version = area.current_version
    lsoas_2011 = selectors.priority_area_lsoas(version)
    successors = set(
        LsoaSuccession.objects.filter(lsoa11_id__in=lsoas_2011).values_list("lsoa21_id", flat=True)
    )
    profile = profiles.priority_area_profile(priority_area=area, version=version, release=2025)
    assert profile.translated and profile.geography == "2024"
    assert {row.code for row in profile.member_rows} == successors
    assert profile.decile_profile[0].lsoas == len(successors)
    ((_, area_rows), (_, rest_rows)) = profile.summaries
    assert {(r.domain, r.measure) for r in area_rows} == {
        (d, "proportion_most_deprived_10pc")
        for d in [
            "imd",
            "income",
            "employment",
            "education",
            "health",
            "crime",
            "barriers",
            "living_environment",
        ]
    }
    # and in its own geography, on IoD2019, nothing is translated
    own = profiles.priority_area_profile(priority_area=area, version=version, release=2019)
    assert not own.translated and own.decile_profile[0].lsoas == 25 and own.by_population
