"""The community asset register and the area map: assets are placed by postcode; an import is checked
whole and adds nothing twice; each map layer switches on and off with its table, numbered alike."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from equalchance.common.validated_csv import DataFileError
from equalchance.directory.maps import areas, contains
from equalchance.directory.postcodes import all_postcodes
from equalchance.places import services as places_services
from equalchance.places.models import Area
from equalchance.plans import selectors, services
from equalchance.plans.models import CommunityAsset
from equalchance.plans.tests.factories import action_make, plan_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def area_plan(planner, system):
    area = places_services.priority_area_create(
        name="Chelmsley Wood",
        district=Area.objects.get(code="E08000029"),
        description="",
        method="wards",
        codes=["E05001287"],
        by=system,
    )
    return plan_make(
        by=planner,
        title="Chelmsley Wood plan",
        type="area_action_plan",
        priority_area=area,
        visibility="public",
    )


def postcode_in(plan) -> str:
    from equalchance.places import selectors as places
    from equalchance.places.models import Geography

    codes = set(places.priority_area_lsoas(plan.priority_area.versions.get(), Geography.G2024))
    shapes = [a for a in areas("lsoa") if a.code in codes]
    return next(
        p.postcode for p in all_postcodes() if any(contains(s, p.longitude, p.latitude) for s in shapes)
    )


def test_an_asset_is_placed_by_its_postcode_and_a_postcode_we_cannot_place_is_refused(planner, area_plan):
    postcode = postcode_in(area_plan)
    asset = services.asset_create(
        by=planner, name="Community hub", type="community_centre", postcode=postcode.lower()
    )
    assert asset.postcode == postcode and asset.lsoa_id.startswith("E01") and asset.latitude
    with pytest.raises(ValidationError) as refused:
        services.asset_create(by=planner, name="Far away", type="green_space", postcode="SW1A 1AA")
    assert "postcode" in refused.value.message_dict
    assert CommunityAsset.objects.count() == 1


def test_an_import_is_refused_whole_naming_row_and_column_and_a_second_import_adds_nothing(
    planner, area_plan, tmp_path
):
    postcode = postcode_in(area_plan)
    bad = tmp_path / "assets.csv"
    bad.write_text(
        "name,type,owner,contact,postcode,description\n"
        f"Park,green_space,Council,,{postcode},\n"
        f"Church,temple,,,{postcode},\n"
        ",library,,,B37 7UH,\n"
    )
    with pytest.raises(DataFileError) as refused:
        services.assets_import(by=planner, path=bad)
    said = [str(p) for p in refused.value.problems]
    assert "assets.csv, row 3, column type: 'temple' is not a kind of asset" in said[0] or any(
        "row 3, column type" in s for s in said
    )
    assert any("row 4, column name" in s for s in said)
    assert not CommunityAsset.objects.exists()
    good = tmp_path / "good.csv"
    good.write_text(
        "name,type,owner,contact,postcode,description\n"
        f"Park,Green space,Council,,{postcode},\n"
        f'"=HYPERLINK(""http://x"")",voluntary_group,,,{postcode},\n'
    )
    assert services.assets_import(by=planner, path=good) == 2
    assert services.assets_import(by=planner, path=good) == 0
    assert CommunityAsset.objects.filter(name='=HYPERLINK("http://x")').exists()


def test_each_layer_switches_with_its_table_and_the_numbers_match(client, planner, area_plan):
    postcode = postcode_in(area_plan)
    services.asset_create(by=planner, name="Community hub", type="community_centre", postcode=postcode)
    lsoa = selectors.area_map_for(user=planner, plan=area_plan).lsoas[0]["code"]
    action_make(by=planner, plan=area_plan, title="Clean up the precinct", area=Area.objects.get(code=lsoa))
    client.force_login(planner)
    page = client.get(reverse("plans:area-map", args=[area_plan.pk])).content.decode()
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    for layer, rows in (("assets", 1), ("actions", 1)):
        group = re.search(rf'<g data-layer="{layer}">(.*?)</g>(?=<g data-layer|<g fill)', svg, re.S).group(1)
        assert group.count("<text") == rows
        section = re.search(rf'<section data-layer-table="{layer}">(.*?)</section>', page, re.S).group(1)
        assert section.count('data-label="Number"') == rows
    lsoas = re.search(r'<g data-layer="deprivation">(.*?)</g>', svg, re.S).group(1)
    table = re.search(r'<section data-layer-table="deprivation">(.*?)</section>', page, re.S).group(1)
    assert lsoas.count("<path") == table.count('data-label="LSOA"') > 0
    only = client.get(
        reverse("plans:area-map", args=[area_plan.pk]), {"chosen": "1", "layers": "assets"}
    ).content.decode()
    assert '<g data-layer="deprivation" display="none">' in only and '<g data-layer="assets">' in only
    assert '<section data-layer-table="actions" hidden>' in only


def test_the_public_see_the_map_without_the_asset_register(client, planner, area_plan):
    services.plan_status_change(
        by=planner, plan=area_plan, status="approved", decision_text="Minute 3", decided_on=date(2026, 6, 1)
    )
    services.asset_create(
        by=planner, name="Community hub", type="community_centre", postcode=postcode_in(area_plan)
    )
    page = client.get(reverse("plans:area-map", args=[area_plan.pk])).content.decode()
    assert "Community hub" not in page and "community assets" not in page.lower()  # nor in the key
    assert client.get(reverse("plans:assets")).status_code == 302


def test_an_area_plans_action_is_placed_in_an_lsoa_of_its_area_and_nowhere_else(client, planner, area_plan):
    inside = sorted(selectors.plan_area_codes(area_plan))[0]
    outside = Area.objects.filter(level="lsoa").exclude(code__in=selectors.plan_area_codes(area_plan)).first()
    client.force_login(planner)
    form = client.get(reverse("plans:action-new", args=[area_plan.pk])).content.decode()
    assert f'value="{inside}"' in form and f'value="{outside.code}"' not in form
    response = client.post(
        reverse("plans:action-new", args=[area_plan.pk]),
        {"title": "Open a food bank", "type": "key_action", "visibility": "public", "area": outside.code},
    )
    assert response.status_code == 200 and not area_plan.actions.exists()
    assert "Select a valid choice" in response.content.decode()
    with pytest.raises(ValidationError) as refused:  # the service holds the rule, whatever the form
        services.action_create(by=planner, plan=area_plan, title="Open a food bank", area=outside)
    assert "priority area" in str(refused.value) and not area_plan.actions.exists()
    client.post(
        reverse("plans:action-new", args=[area_plan.pk]),
        {"title": "Open a food bank", "type": "key_action", "visibility": "public", "area": inside},
    )
    assert area_plan.actions.get().area_id == inside
    (placed,) = selectors.area_map_for(user=planner, plan=area_plan).layers["actions"]
    assert placed.name == "Open a food bank"
    other = plan_make(by=planner, title="A strategy")
    assert 'name="area"' not in client.get(reverse("plans:action-new", args=[other.pk])).content.decode()
