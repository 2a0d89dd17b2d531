"""The Open Referral UK feed honours the standard's API description in full (issue 10, item 5): filters
over every term a service carries, CORS everywhere, minimal/full/ndjson, postcode and proximity on
service_at_locations, trailing slashes and HEAD, 400s naming a malformed parameter, a valid OpenAPI
document without placeholders, and no placeholder e-mail republished."""

import json

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


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("services?modified_after=not-a-date", "modified_after"),
        ("services?page=-1", "page"),
        ("services?page=0", "page"),
        ("services?per_page=abc", "per_page"),
        ("services?per_page=0", "per_page"),
        ("services?minimum_age=ten", "minimum_age"),
        ("services?taxonomy_id=x", "taxonomy_id"),
        ("services?organization_id=1", "organization_id"),
        ("taxonomy_terms?top_only=yes", "top_only"),
        ("taxonomies?page=two", "page"),
        ("organizations?per_page=-5", "per_page"),
        ("service_at_locations?modified_after=yesterday", "modified_after"),
    ],
)
def test_a_malformed_parameter_answers_400_naming_it_and_what_is_wrong(client, query, parameter):
    ServiceFactory()
    response = client.get(f"/api/oruk/{query}")
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["parameter"] == parameter and body["detail"].startswith(f"{parameter}: ")
    assert body["problem"] and response["Access-Control-Allow-Origin"] == "*"


def test_well_formed_dates_and_times_are_read_in_every_iso_shape(client):
    service = ServiceFactory()
    for moment in ["2000-01-01", "2000-01-01T00:00:00", "2000-01-01T00:00:00Z", "2000-01-01t00:00:00z"]:
        assert ids(client.get(f"/api/oruk/services?modified_after={moment}")) == {str(service.id)}, moment
    assert ids(client.get("/api/oruk/services?modified_after=0001-01-01T00:00:00%2B14:00")) == {
        str(service.id)
    }
    assert ids(client.get("/api/oruk/services?modified_after=9999-12-31T23:59:59-14:00")) == set()


def test_an_address_with_a_trailing_slash_answers_as_without_it(client):
    service = ServiceFactory()
    for path in [
        "services",
        f"services/{service.id}",
        "organizations",
        f"organizations/{service.organisation_id}",
        "taxonomies",
        "taxonomy_terms",
        "service_at_locations",
        "openapi.json",
    ]:
        plain, slashed = client.get(f"/api/oruk/{path}"), client.get(f"/api/oruk/{path}/")
        assert (plain.status_code, slashed.status_code) == (200, 200), path
        assert plain.json() == slashed.json(), path
    from django.urls import reverse

    assert reverse("oruk:services") == "/api/oruk/services"  # links are made without the slash


def test_head_is_answered_as_get_without_a_body(client):
    from django.test import RequestFactory

    from equalchance.directory import api

    ServiceFactory()
    factory = RequestFactory()
    got = api.services(factory.get("/api/oruk/services"))
    head = api.services(factory.head("/api/oruk/services"))
    assert head.status_code == 200 and head.content == b""
    assert head["Content-Type"] == got["Content-Type"] and head["Content-Length"] == str(len(got.content))
    bad = api.services(factory.head("/api/oruk/services?page=-1"))
    assert bad.status_code == 400 and bad.content == b""
    through = client.head("/api/oruk/services/")  # through every middleware, slash and all
    assert through.status_code == 200 and through["Access-Control-Allow-Origin"] == "*"


def test_minimal_full_and_ndjson_are_honoured_where_the_standard_defines_them(client):
    from equalchance.accounts.services import system_actor
    from equalchance.directory.synthetic import directory_generate

    from .test_oruk import assert_valid

    directory_generate(district="E08000029", services=4, by=system_actor())
    minimal = client.get("/api/oruk/services?minimal=true").json()
    assert minimal["total_items"] == minimal["size"] == 4
    assert {tuple(sorted(s)) for s in minimal["contents"]} == {("id", "last_modified", "name", "status")}
    assert_valid(minimal, "service_list")
    assert "attributes" not in client.get("/api/oruk/services").json()["contents"][0]
    full = client.get("/api/oruk/services?full=true").json()
    first = full["contents"][0]
    assert first["service_at_locations"] and first["organization"] and "attributes" in first
    assert first == client.get(f"/api/oruk/services/{first['id']}").json()  # as its own address gives it
    assert client.get("/api/oruk/services?minimal=true&full=true").json() == minimal  # minimal wins

    links = client.get("/api/oruk/service_at_locations?full=true").json()["contents"]
    assert links[0]["service"]["service_at_locations"]  # the service fully nested
    assert set(client.get("/api/oruk/service_at_locations?full=false").json()["contents"][0]) == {
        "id",
        "service_id",
        "location_id",
    }
    organisations = client.get("/api/oruk/organizations?full=true").json()
    assert all(o["services"] for o in organisations["contents"])
    assert "attributes" not in organisations["contents"][0]["services"][0]
    nested = client.get("/api/oruk/organizations?full_service=true").json()["contents"][0]["services"][0]
    assert "service_at_locations" in nested
    assert_valid(nested, "service")
    one = organisations["contents"][0]["id"]
    alone = client.get(f"/api/oruk/organizations/{one}?full_service=true").json()
    assert "service_at_locations" in alone["services"][0]

    for kind, count in [("services", 4), ("service_at_locations", 4), ("organizations", None)]:
        response = client.get(f"/api/oruk/{kind}?format=ndjson&per_page=1")
        assert response.status_code == 200 and response["Content-Type"] == "application/x-ndjson"
        lines = b"".join(response.streaming_content).decode().splitlines()
        records = [json.loads(line) for line in lines]
        assert "contents" not in records[0]  # records, not pages
        assert len(records) == (count or client.get(f"/api/oruk/{kind}").json()["total_items"]), kind
    services = b"".join(client.get("/api/oruk/services?format=ndjson").streaming_content).decode()
    assert {json.loads(line)["id"] for line in services.splitlines()} == {
        s["id"] for s in client.get("/api/oruk/services").json()["contents"]
    }
    assert client.get("/api/oruk/taxonomies?format=xml").json()["parameter"] == "format"


def test_the_served_openapi_document_is_valid_and_has_no_template_placeholders(client):
    import re

    from openapi_spec_validator import validate

    document = client.get("/api/oruk/openapi.json").json()
    validate(document)  # raises on the first error
    text = json.dumps(document)
    assert not re.search(r"\bHERE\b|example\.com", text), re.search(r".{60}(HERE|example\.com).{20}", text)
    assert "contact" not in document["info"] and document["info"]["summary"]


def test_postcode_and_proximity_are_honoured_on_service_at_locations_nearest_first(client):
    from equalchance.accounts.services import system_actor
    from equalchance.directory import postcodes
    from equalchance.directory.models import ServiceAtLocation
    from equalchance.directory.synthetic import directory_generate

    directory_generate(district="E08000029", services=12, by=system_actor())
    links = list(ServiceAtLocation.objects.select_related("location"))
    centre = postcodes.postcode_find(links[0].location.postcode)
    metres = {
        str(link.id): 1000
        * postcodes.distance_km(
            centre.latitude, centre.longitude, link.location.latitude, link.location.longitude
        )
        for link in links
    }
    radius = sorted(metres.values())[len(metres) // 2] + 1  # about half the places
    body = client.get(
        f"/api/oruk/service_at_locations?postcode={centre.postcode}&proximity={radius}&per_page=50"
    ).json()
    found = [link["id"] for link in body["contents"]]
    # the expected set, measured independently (haversine); the API's approximation is within 0.5%
    assert {i for i, m in metres.items() if m <= radius * 0.995} <= set(found)
    assert set(found) <= {i for i, m in metres.items() if m <= radius * 1.005}
    assert 1 < len(found) < len(links)
    assert [round(metres[i]) for i in found] == sorted(round(metres[i]) for i in found)  # nearest first
    services = client.get(f"/api/oruk/services?postcode={centre.postcode}&proximity={radius}").json()
    assert {s["id"] for s in services["contents"]} == {link["service"]["id"] for link in body["contents"]}
    wide = client.get(f"/api/oruk/service_at_locations?postcode={centre.postcode.replace(' ', '')}")
    assert wide.json()["total_items"] == sum(m <= 5000 for m in metres.values())  # 5 km by default
    for query, parameter in [
        ("proximity=abc&postcode=" + centre.postcode, "proximity"),
        ("proximity=-5&postcode=" + centre.postcode, "proximity"),
        ("postcode=not-a-postcode", "postcode"),
    ]:
        response = client.get(f"/api/oruk/service_at_locations?{query}")
        assert (response.status_code, response.json()["parameter"]) == (400, parameter), query
    elsewhere = client.get("/api/oruk/service_at_locations?postcode=SW1A1AA")  # a postcode it cannot place
    assert elsewhere.status_code == 200 and elsewhere.json()["total_items"] == 0


def test_the_placeholder_e_mail_rule_is_small_and_documented():
    from equalchance.directory.placeholders import is_placeholder_email

    for placeholder in [
        "test@example.com",
        "noemail@council.gov.uk",
        "none@none.com",
        "Unknown-1777@noemail.invalid",
        "someone@noemail.co.uk",
        "info@club.test",
    ]:
        assert is_placeholder_email(placeholder), placeholder
    for real in ["enquiries@1625ip.co.uk", "our2wayst@hotmail.com", "testing.team@solihull.gov.uk"]:
        assert not is_placeholder_email(real), real


def test_a_placeholder_e_mail_in_an_imported_feed_is_dropped_reported_and_never_served(client, tmp_path):
    from equalchance.accounts.services import system_actor
    from equalchance.directory.importers.oruk import feed_import
    from equalchance.directory.models import Service

    feed = tmp_path / "feed.json"
    feed.write_text(
        json.dumps(
            [
                {
                    "id": "8c1d0c86-3f3e-4d8e-a1c1-2d8f3b9e0a01",
                    "name": "Stay and Play",
                    "status": "active",
                    "email": "test@example.com",
                    "organization": {
                        "id": "8c1d0c86-3f3e-4d8e-a1c1-2d8f3b9e0a02",
                        "name": "Hub",
                        "email": "none@none.com",
                    },
                    "contacts": [
                        {"name": "Desk", "email": "noemail@hub.org.uk"},
                        {"email": "desk@hub.org.uk"},
                    ],
                },
                {"id": "8c1d0c86-3f3e-4d8e-a1c1-2d8f3b9e0a03", "name": "Real", "email": "hello@hub.org.uk"},
            ]
        )
    )
    result = feed_import(feed, by=system_actor())
    dropped = {(n["record"], n["field"]) for n in result.cleaned if "placeholder" in n["what"]}
    record = "8c1d0c86-3f3e-4d8e-a1c1-2d8f3b9e0a01"
    assert {(record, "email"), (record, "organization.email"), (record, "contacts.0.email")} <= dropped
    service = Service.objects.get(name="Stay and Play")
    assert service.email == "" and service.organisation.email == ""
    assert Service.objects.get(name="Real").email == "hello@hub.org.uk"  # a real address is kept
    served = client.get(f"/api/oruk/services/{service.id}").content.decode()
    assert "example.com" not in served and "none@none.com" not in served and "noemail@" not in served
    assert "desk@hub.org.uk" in served
    # one recorded before imports dropped placeholders is not served either
    Service.objects.filter(pk=service.pk).update(email="noemail@hub.org.uk")
    assert "noemail@" not in client.get(f"/api/oruk/services/{service.id}").content.decode()
    assert "email" not in client.get("/api/oruk/services").json()["contents"][1]
