"""Addresses typed or edited by hand never cause a server error: a query that cannot be used is a 400
page (or JSON 400) saying what was wrong, an id that names nothing is a 404."""

from datetime import date

import pytest
from django.test import Client

from equalchance.audit.models import AuditEvent
from equalchance.scorecards.publishing import snapshot_publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer_client(user_with_role):
    client = Client(raise_request_exception=False)  # a server error shows as a 500, not an exception
    client.force_login(user_with_role("viewer"))
    return client


@pytest.fixture
def snapshot(scorecard, analyst):
    return snapshot_publish(
        scorecard=scorecard, title="2024", as_at=date(2024, 12, 31), commentary={}, public=False, by=analyst
    )


@pytest.mark.parametrize(
    "query, problem",
    [
        ("a=abc&b={b}", "a must be the number of the earlier published scorecard, not &#x27;abc&#x27;"),
        ("a={b}&b=", "Choose the later published scorecard (b is missing)"),
        ("a={b}", "Choose the later published scorecard (b is missing)"),
        ("a=-1&b=-2", "a must be the number of the earlier published scorecard, not &#x27;-1&#x27;"),
        (f"a={2**70}&b={{b}}", "a must be the number of the earlier published scorecard"),
        ("a=²&b={b}", "a must be the number of the earlier published scorecard"),
        ("a=0&b={b}", "a must be the number of the earlier published scorecard"),
    ],
)
def test_a_comparison_of_ids_that_are_not_ids_is_a_400_saying_which(viewer_client, snapshot, query, problem):
    address = f"/scorecards/{snapshot.scorecard_id}/snapshots/compare/?" + query.format(b=snapshot.pk)
    before = AuditEvent.objects.count()
    response = viewer_client.get(address)
    assert response.status_code == 400 and problem in response.content.decode()
    assert "There is a problem with the address" in response.content.decode()
    assert AuditEvent.objects.count() == before  # nothing was read


def test_a_comparison_with_a_snapshot_that_does_not_exist_is_not_found(viewer_client, snapshot):
    address = f"/scorecards/{snapshot.scorecard_id}/snapshots/compare/?a={snapshot.pk}&b={snapshot.pk + 99}"
    assert viewer_client.get(address).status_code == 404


@pytest.mark.parametrize("as_at", ["0", "99999", "abc", "²", "２０２０", "1999", "-2020", "2020.5"])
def test_an_export_or_page_for_a_year_that_is_not_one_is_a_400_saying_so(viewer_client, scorecard, as_at):
    for address in [
        f"/scorecards/{scorecard.pk}/export.csv?as_at={as_at}",
        f"/scorecards/{scorecard.pk}/export.xlsx?as_at={as_at}",
        f"/scorecards/{scorecard.pk}/?as_at={as_at}",
    ]:
        response = viewer_client.get(address)
        assert response.status_code == 400, address
        assert "as_at must be a year from 2000 to 9999" in response.content.decode(), address
    api = viewer_client.get(f"/api/scorecards/{scorecard.pk}/?as_at={as_at}")
    assert api.status_code == 400 and api.json()["detail"].startswith("as_at must be a year from 2000")


def test_a_good_year_or_none_still_works_and_an_unknown_confidence_falls_back_to_95(viewer_client, scorecard):
    assert viewer_client.get(f"/scorecards/{scorecard.pk}/export.csv?as_at=2020").status_code == 200
    assert viewer_client.get(f"/scorecards/{scorecard.pk}/export.csv?as_at=").status_code == 200
    page = viewer_client.get(f"/scorecards/{scorecard.pk}/?as_at=&confidence=abc")
    assert page.status_code == 200 and page.context["confidence"] == "95"


def test_ids_too_large_for_the_database_are_not_found(viewer_client, scorecard, snapshot):
    huge = 2**70
    line = scorecard.themes.first().lines.first()
    for address in [
        f"/scorecards/{huge}/",
        f"/scorecards/{scorecard.pk}/lines/{huge}/",
        f"/scorecards/{huge}/lines/{line.pk}/",
        f"/scorecards/{huge}/export.csv",
        f"/scorecards/snapshots/{huge}/",
        f"/scorecards/snapshots/{huge}/export.xlsx",
        f"/scorecards/public/{huge}/",
        f"/api/snapshots/{huge}/",
        f"/api/public/snapshots/{huge}/",
    ]:
        assert viewer_client.get(address).status_code == 404, address


def test_a_priority_area_without_a_definition_is_not_found_rather_than_a_server_error(viewer_client, analyst):
    from equalchance.places.models import Area, PriorityArea

    bare = PriorityArea.objects.create(
        name="Bare", district=Area.objects.get(code="E08000029"), created_by=analyst
    )
    assert viewer_client.get(f"/places/priority-areas/{bare.pk}/").status_code == 404
