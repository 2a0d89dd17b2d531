"""The Open Referral UK feed honours the standard's API description in full (issue 10, item 5): filters
over every term a service carries, CORS everywhere, minimal/full/ndjson, postcode and proximity on
service_at_locations, trailing slashes and HEAD, 400s naming a malformed parameter, a valid OpenAPI
document without placeholders, and no placeholder e-mail republished."""

import pytest

from equalchance.directory import local_offer
from equalchance.directory.importers.taxonomies import taxonomies_load
from equalchance.directory.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def ids(response) -> set[str]:
    assert response.status_code == 200, response.content[:300]
    return {record["id"] for record in response.json()["contents"]}


def test_taxonomy_filters_also_match_the_local_offer_questions_a_service_answers(client):
    taxonomies_load()
    answered = ServiceFactory(details={"local_offer": {"staff": "Makaton-trained staff"}})
    other = ServiceFactory(details={"local_offer": {"facilities": "Step-free"}})
    ServiceFactory()
    staff = local_offer.term_id("staff")
    assert ids(client.get(f"/api/oruk/services?taxonomy_term_id={staff}")) == {str(answered.id)}
    assert ids(client.get(f"/api/oruk/services?taxonomy_id={local_offer.TAXONOMY_ID}")) == {
        str(answered.id),
        str(other.id),
    }
    # the attribute the filter matched is the one the service is served with
    body = client.get(f"/api/oruk/services/{answered.id}").json()
    assert str(staff) in {a["taxonomy_term_id"] for a in body["attributes"]}


def test_every_answer_of_the_feed_errors_included_carries_cors_and_a_preflight_answers_204(client):
    from django.test import Client

    answers = {
        "unknown id": client.get("/api/oruk/services/00000000-0000-0000-0000-000000000000"),
        "unknown path": client.get("/api/oruk/nothing-here"),
        "id not a uuid": client.get("/api/oruk/services/not-a-uuid"),
        "bad host": client.get("/api/oruk/services", HTTP_HOST="elsewhere.invalid"),
        "post without csrf": Client(enforce_csrf_checks=True).post("/api/oruk/services"),
        "wrong method": client.delete("/api/oruk/services"),
    }
    assert {name: r.status_code for name, r in answers.items()} == {
        "unknown id": 404,
        "unknown path": 404,
        "id not a uuid": 404,
        "bad host": 400,
        "post without csrf": 403,
        "wrong method": 405,
    }
    for name, response in answers.items():
        assert response.get("Access-Control-Allow-Origin") == "*", name
    preflight = client.options(
        "/api/oruk/services",
        HTTP_ORIGIN="https://elsewhere.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="accept",
    )
    assert preflight.status_code == 204 and preflight.content == b""
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert set(preflight["Access-Control-Allow-Methods"].split(", ")) >= {"GET", "HEAD", "OPTIONS"}
    assert "Accept" in preflight["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Origin" not in client.get("/directory/").headers  # only the feed is open
