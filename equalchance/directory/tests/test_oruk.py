"""Open Referral UK: the real Bristol feed is imported, its mess cleaned and reported; every API
response type validates against the official ORUK 3.0 schemas; filters combine; the feed is open."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from equalchance.accounts.models import Organisation
from equalchance.accounts.services import system_actor
from equalchance.directory.importers.oruk import feed_import, plain_text
from equalchance.directory.importers.taxonomies import FAMILY_HUBS, taxonomies_load
from equalchance.directory.models import DirectoryImport, Service, TaxonomyTerm

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent.parent / "data"
BRISTOL = DATA / "bristol-oruk-v3"
SCHEMAS = Path(__file__).resolve().parent / "oruk_schemas"
BASE = "https://openreferraluk.org/specifications/3.0/schema/"
CSV_EXAMPLE = Path(__file__).resolve().parent / "hsds_csv_example"
ONE_SERVICE = "2a3483ea-8966-4f50-9dc3-7bafa1e5c623"


def validator(name: str) -> Draft202012Validator:
    resources = [
        (
            BASE + path.name,
            Resource.from_contents(json.loads(path.read_text()), default_specification=DRAFT202012),
        )
        for path in SCHEMAS.glob("*.json")
    ]
    registry = Registry().with_resources(resources)
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def assert_valid(body: dict, schema: str) -> None:
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(schema).iter_errors(body)
    ]
    assert errors == [], errors[:5]


HSDS = Path(__file__).resolve().parent / "hsds_schemas"
HSDS_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"


def hsds_validator(path: str) -> Draft202012Validator:
    """The response schema that HSDS 3.0's own OpenAPI document gives for a path (or a schema file's
    name), its remote references read from the copies beside this file. The document's
    `compiled/service.json` and `compiled/organization.json` are the split files inlined, so the split
    files stand in for them."""

    def resource(file: Path) -> Resource:
        return Resource.from_contents(json.loads(file.read_text()), default_specification=DRAFT202012)

    split = {file.name: resource(file) for file in HSDS.glob("*.json")}
    compiled = {**split, **{file.name: resource(file) for file in (HSDS / "compiled").glob("*.json")}}
    registry = Registry().with_resources(
        [(HSDS_BASE + name, r) for name, r in split.items()]
        + [(HSDS_BASE + "compiled/" + name, r) for name, r in compiled.items()]
    )
    if path.endswith(".json"):
        return Draft202012Validator(
            {"$ref": HSDS_BASE + path}, registry=registry, format_checker=FormatChecker()
        )
    assert path in json.loads((HSDS / "openapi.json").read_text())["paths"], path
    pointer = path.replace("~", "~0").replace("/", "~1")
    schema = {
        "$ref": f"{HSDS_BASE}openapi.json#/paths/{pointer}/get/responses/200/content/application~1json/schema"
    }
    return Draft202012Validator(schema, registry=registry, format_checker=FormatChecker())


def assert_hsds_valid(body: dict, path: str) -> None:
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in hsds_validator(path).iter_errors(body)
    ]
    assert errors == [], errors[:5]


@pytest.fixture
def bristol():
    taxonomies_load()
    return feed_import(BRISTOL, by=system_actor())


def test_the_real_feed_is_imported_with_its_mess_cleaned_and_reported(bristol):
    assert bristol.services == 3 and Service.objects.count() == 3  # the full service is also on the page
    service = Service.objects.get(pk=ONE_SERVICE)
    assert "<p>" not in service.description and "young people who are homeless" in service.description
    assert "\n\n" in service.description  # paragraphs kept
    assert service.minimum_age is None and service.maximum_age is None  # -1 meant "not set"
    # "2025-09-02T12:06:15.654" without a zone is UK summer time: 11:06 UTC
    assert service.last_modified == datetime(2025, 9, 2, 11, 6, 15, 654000, tzinfo=UTC)
    what = {(note["field"], note["what"]) for note in bristol.cleaned}
    assert ("description", "HTML removed; paragraphs kept") in what
    assert ("minimum_age", "-1 read as 'not set'; left empty") in what
    assert ("last_modified", "no time zone; read as UK time") in what
    assert any("set aside" in w and "pc_metadata" in f for f, w in what)
    assert all(note["file"].endswith(".json") and note["record"] for note in bristol.cleaned)


def test_importing_the_same_feed_again_updates_in_place(bristol):
    again = feed_import(BRISTOL, by=system_actor())
    assert Service.objects.count() == 3 and Organisation.objects.count() == again.services == 3
    assert again.organisations == 0 and DirectoryImport.objects.count() == 2


def test_a_broken_file_is_refused_whole_and_names_the_file(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps({"id": "x", "name": "Kept?", "status": "active"}))
    (tmp_path / "b.json").write_text("{not json")
    with pytest.raises(ValueError, match="b.json"):
        feed_import(tmp_path, by=system_actor())
    assert not Service.objects.exists()  # a.json was not half-written


def test_a_record_without_a_name_is_skipped_and_reported(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(
        json.dumps([{"id": "1", "status": "active"}, {"id": "2", "name": "Stay and Play", "status": "open"}])
    )
    result = feed_import(path, by=system_actor())
    assert result.services == 1
    what = {(n["record"], n["field"], n["what"]) for n in result.cleaned}
    assert ("1", "name", "no name: the record was skipped") in what
    assert ("2", "status", "'open' is not a status of the standard; read as active") in what
    assert any(n["field"] == "id" and "not a UUID" in n["what"] for n in result.cleaned)


def test_html_is_reduced_to_text_scripts_and_all():
    assert (
        plain_text("<h1>Hi</h1><script>alert(1)</script><p>A &amp; B</p><ul><li>x</li></ul>")
        == "Hi\n\nA & B\n\n- x"
    )


def test_every_response_type_validates_against_the_official_schemas(client, bristol):
    root = client.get("/api/oruk/")
    assert_valid(root.json(), "api_details")
    assert root.json()["version"] == "HSDS-UK-3.0" and root["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/oruk/openapi.json").json()["info"]["version"] == "HSDS-UK-3.0"
    pages = {
        "/api/oruk/services": "service_list",
        "/api/oruk/organizations": "organization_list",
        "/api/oruk/taxonomies": "taxonomy_list",
        "/api/oruk/taxonomy_terms": "taxonomy_term_list",
        "/api/oruk/service_at_locations": "service_at_location_list",
    }
    for path, schema in pages.items():
        body = client.get(path).json()
        assert_valid(body, schema)
        assert body["total_items"] >= 1 or path.endswith("service_at_locations"), path
    service = client.get(f"/api/oruk/services/{ONE_SERVICE}").json()
    assert_valid(service, "service")
    assert service["organization"]["name"] == "1625 Independent People"
    assert "minimum_age" not in service  # empty optional fields are left out
    organisation = client.get(f"/api/oruk/organizations/{service['organization_id']}").json()
    assert_valid(organisation, "organization")
    taxonomy = client.get("/api/oruk/taxonomies").json()["contents"][0]
    assert_valid(client.get(f"/api/oruk/taxonomies/{taxonomy['id']}").json(), "taxonomy")
    term = TaxonomyTerm.objects.filter(taxonomy__name=FAMILY_HUBS).exclude(parent=None).first()
    assert_valid(client.get(f"/api/oruk/taxonomy_terms/{term.id}").json(), "taxonomy_term")


def test_filters_combine_and_page(client, bristol):
    all_services = client.get("/api/oruk/services").json()
    assert all_services["total_items"] == 3 and all_services["first_page"] and all_services["last_page"]
    assert client.get("/api/oruk/services?search=homeless").json()["total_items"] >= 1
    assert client.get("/api/oruk/services?search=homeless zebra").json()["total_items"] == 0  # AND
    second = client.get("/api/oruk/services?per_page=2&page=2").json()
    assert (second["size"], second["page_number"], second["last_page"], second["total_pages"]) == (
        1,
        2,
        True,
        2,
    )
    organisation = Service.objects.get(pk=ONE_SERVICE).organisation_id
    only = client.get(f"/api/oruk/services?organization_id={organisation}").json()
    assert [s["id"] for s in only["contents"]] == [ONE_SERVICE]
    Service.objects.filter(pk=ONE_SERVICE).update(minimum_age=16, maximum_age=25)
    assert ONE_SERVICE not in {
        s["id"] for s in client.get("/api/oruk/services?maximum_age=5").json()["contents"]
    }
    assert ONE_SERVICE in {
        s["id"] for s in client.get("/api/oruk/services?minimum_age=18").json()["contents"]
    }


def test_large_numbers_are_kept_in_range_and_unknown_ids_answer_404_in_json(client, bristol):
    """A page size above the largest is read as the largest; malformed parameters answer 400
    (test_oruk_feed_complete.py)."""
    clamped = client.get("/api/oruk/services?page=1&per_page=1000").json()
    assert (clamped["page_number"], clamped["size"]) == (1, 3)
    assert client.get("/api/oruk/services?page=99").json()["empty"] is True
    for odd in [f"taxonomy_id={'0' * 32}", "organization_id=00000000-0000-0000-0000-000000000001"]:
        body = client.get(f"/api/oruk/services?{odd}").json()
        assert body["total_items"] == 0, odd
        assert_valid(body, "service_list")
    assert client.get("/api/oruk/services?modified_after=2025-09-01T00:00:00").json()["total_items"] >= 1
    for path in ["services", "taxonomies", "organizations"]:  # PostgreSQL refuses NUL in text: never sent
        assert client.get(f"/api/oruk/{path}?search=%00care").status_code == 200, path
    missing = client.get("/api/oruk/services/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/json"
    assert client.get("/api/oruk/services/not-a-uuid").status_code == 404


def test_the_openapi_document_is_self_contained_and_names_this_server(client):
    document = client.get("/api/oruk/openapi.json").json()
    text = json.dumps(document)
    assert "https://openreferraluk.org/specifications/3.0/schema/" not in text  # no remote references
    assert document["servers"] == [{"url": "/api/oruk"}]
    assert "service" in document["components"]["schemas"]
    assert "404" in document["paths"]["/services/{id}"]["get"]["responses"]


def test_unpublished_services_never_reach_the_feed(client, bristol):
    Service.objects.filter(pk=ONE_SERVICE).update(published=False)
    assert client.get(f"/api/oruk/services/{ONE_SERVICE}").status_code == 404
    assert ONE_SERVICE not in {s["id"] for s in client.get("/api/oruk/services").json()["contents"]}


def test_the_command_line_imports_and_exports(tmp_path, capsys):
    call_command("directory", "load-taxonomies")
    call_command("directory", "import", str(BRISTOL))
    out = capsys.readouterr().out
    assert "Imported 3 services" in out and "HTML removed" in out
    target = tmp_path / "export.json"
    call_command("directory", "export", "--format", "oruk-json", str(target))
    exported = json.loads(target.read_text())
    assert len(exported) == 3
    for record in exported:
        assert_valid(record, "service")


def test_every_response_type_validates_against_the_hsds_schemas_too(client, bristol):
    from equalchance.directory.synthetic import directory_generate

    # with places, times, costs and contacts
    directory_generate(district="E08000029", services=6, by=system_actor())
    assert_hsds_valid(client.get("/api/oruk/").json(), "/")
    for kind in ["services", "organizations", "taxonomies", "taxonomy_terms", "service_at_locations"]:
        page = client.get(f"/api/oruk/{kind}?per_page=50").json()
        assert page["contents"], kind
        assert_hsds_valid(page, f"/{kind}")
        one = client.get(f"/api/oruk/{kind}/{page['contents'][-1]['id']}").json()
        # HSDS's document gives service.json for /service_at_locations/{id}, a slip in the standard
        assert_hsds_valid(
            one, "service_at_location.json" if kind == "service_at_locations" else f"/{kind}/{{id}}"
        )
    for service in Service.objects.all():
        assert_hsds_valid(client.get(f"/api/oruk/services/{service.pk}").json(), "/services/{id}")


def test_a_wrong_response_fails_the_hsds_schema():
    """The HSDS check is live: a bad id, a status the standard lacks, a phone without a number and no
    name are each caught, with formats checked."""
    broken = {"id": "not-a-uuid", "status": "open", "phones": [{"id": ONE_SERVICE}]}
    errors = hsds_validator("/services/{id}").iter_errors(broken)
    assert {("/".join(map(str, e.absolute_path)), e.validator) for e in errors} == {
        ("id", "format"),
        ("status", "enum"),
        ("phones/0", "required"),
        ("", "required"),
    }


def test_the_shipped_taxonomies_load_once():
    first = taxonomies_load()
    # categories, SEND needs, accessibility, Local Offer questions, Childcare (its own and 11 below it)
    assert first == 49 + 5 + 13 + 12 + 1 + 11
    assert taxonomies_load() == first and TaxonomyTerm.objects.count() == first


def test_synthetic_services_with_places_and_times_validate_too(client):
    from equalchance.directory.synthetic import directory_generate

    directory_generate(district="E08000029", services=12, by=system_actor())
    for service in Service.objects.filter(synthetic=True)[:12]:
        body = client.get(f"/api/oruk/services/{service.pk}").json()
        assert_valid(body, "service")
        assert body["service_at_locations"][0]["location"]["addresses"][0]["postal_code"]
    links = client.get("/api/oruk/service_at_locations").json()
    assert links["total_items"] == 12
    assert_valid(links, "service_at_location_list")
    link = links["contents"][0]["id"]
    assert_valid(client.get(f"/api/oruk/service_at_locations/{link}").json(), "service_at_location")


def test_hsds_csv_export_then_import_gives_back_the_same_directory(tmp_path):
    from equalchance.directory.hsds_csv import export
    from equalchance.directory.synthetic import directory_generate

    directory_generate(district="E08000029", services=10, by=system_actor())
    feed_import(BRISTOL, by=system_actor())

    def snapshot():
        return sorted(
            (
                s.name,
                s.minimum_age,
                s.maximum_age,
                s.organisation.name,
                tuple(sorted(t.name for t in s.terms.all())),
                tuple(sorted(link.location.postcode for link in s.service_at_locations.all())),
                tuple(p["number"] for c in s.details.get("contacts", []) for p in c.get("phones", [])),
                tuple(sorted((s.details.get("local_offer") or {}).items())),
                tuple((t.get("byday"), t.get("opens_at")) for t in s.details.get("schedules", [])),
                tuple(
                    sorted(
                        a["description"]
                        for link in s.service_at_locations.all()
                        for a in link.location.details.get("accessibility", [])
                    )
                ),
            )
            for s in Service.objects.filter(published=True)
        )

    before = snapshot()
    assert any(row[7] for row in before) and any(row[9] for row in before)  # answers, accessibility
    assert export(tmp_path) == 13
    assert (
        (tmp_path / "services.csv")
        .read_text()
        .splitlines()[0]
        .startswith("id,organization_id,program_id,name")
    )
    Service.objects.all().delete()
    Organisation.objects.all().delete()  # a feed may bring back only what it brought, so start empty
    result = feed_import(tmp_path, by=system_actor())
    assert result.file_format == "hsds-csv" and result.services == 13
    assert snapshot() == before


def test_the_standards_own_csv_example_imports(tmp_path):
    result = feed_import(CSV_EXAMPLE, by=system_actor())
    service = Service.objects.get(name="Community Counselling")
    assert result.services >= 1 and service.organisation.name
    assert service.service_at_locations.exists() and service.description.startswith("Counselling Services")
