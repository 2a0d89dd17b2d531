"""The scorecard JSON API: who may read what, the documented shape, synthetic labels, suppression."""

from datetime import date

import pytest
from django.core.management import call_command

from equalchance.scorecards.api.serializers import ScorecardDataSerializer
from equalchance.scorecards.compute import scorecard_compute
from equalchance.scorecards.publishing import snapshot_publish

pytestmark = pytest.mark.django_db


def cpp(body):
    return next(
        line for theme in body["themes"] for line in theme["lines"] if line["indicator"] == "cpp-rate"
    )


def test_anonymous_callers_are_refused_in_json(client, scorecard, analyst):
    snapshot = snapshot_publish(
        scorecard=scorecard, title="x", as_at=date(2026, 12, 31), commentary={}, public=False, by=analyst
    )
    for path in ["/api/scorecards/", f"/api/scorecards/{scorecard.pk}/", f"/api/snapshots/{snapshot.pk}/"]:
        response = client.get(path)
        assert response.status_code == 403 and "detail" in response.json()
    assert client.get(f"/api/public/snapshots/{snapshot.pk}/").status_code == 404  # not public


def test_a_scorecard_in_json_matches_the_computation_and_its_documented_shape(client, scorecard, analyst):
    client.force_login(analyst)
    listing = client.get("/api/scorecards/").json()
    assert [s["name"] for s in listing] == ["Narrowing the Gap: Regeneration Wards"]
    body = client.get(f"/api/scorecards/{scorecard.pk}/").json()
    assert ScorecardDataSerializer(data=body).is_valid(), ScorecardDataSerializer(data=body).errors
    lines = [line for theme in scorecard_compute(scorecard, as_at=date.today()) for line in theme.lines]
    live = next(line for line in lines if line.indicator.code == "cpp-rate")
    line = cpp(body)
    assert line["areas"]["target"]["estimate"]["value"] == pytest.approx(live.values.target.estimate.value)
    assert line["gaps"]["rest"]["lower"] == pytest.approx(live.gaps["rest"].lower)
    assert line["synthetic"] and line["areas"]["target"]["synthetic"]
    assert body["contains_synthetic_data"] and "synthetic" in body["synthetic_note"]
    assert client.get("/api/scorecards/999999/").status_code == 404


def test_a_public_snapshot_in_json_hides_counts(client, scorecard, analyst):
    snapshot = snapshot_publish(
        scorecard=scorecard,
        title="Public",
        as_at=date(2026, 12, 31),
        commentary={"Health": "Story"},
        public=True,
        by=analyst,
    )
    body = client.get(f"/api/public/snapshots/{snapshot.pk}/").json()
    assert body["small_numbers_suppressed"] and ScorecardDataSerializer(data=body).is_valid()
    assert cpp(body)["areas"]["target"]["numerator"] is None
    assert next(t for t in body["themes"] if t["name"] == "Health")["commentary"] == "Story"


def test_the_openapi_document_is_valid_and_only_for_signed_in_users(client, analyst):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")
    refused = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert refused.status_code == 403 and refused["Content-Type"].endswith("json")
    assert "detail" in refused.json() and "/api/scorecards/" not in refused.content.decode()
    client.force_login(analyst)
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/scorecards/{id}/" in response.content.decode()
    client.logout()
    assert client.get("/api/oruk/openapi.json").status_code == 200  # the open feed's document stays public


def test_a_bad_year_is_a_400_and_unknown_api_addresses_are_json_404s(client, scorecard, analyst):
    client.force_login(analyst)
    response = client.get(f"/api/scorecards/{scorecard.pk}/?as_at=99999")
    assert response.status_code == 400 and "as_at must be a year" in response.json()["detail"]
    for path in ["/api/public/snapshots/-3/", "/api/nothing-here/", f"/api/scorecards/{2**70}/"]:
        response = client.get(path)
        assert response.status_code == 404 and response["Content-Type"] == "application/json", path
        assert response.json()["detail"], path
    page = client.get("/scorecards/no-such-page/")
    assert page.status_code == 404 and "Page not found" in page.content.decode()
