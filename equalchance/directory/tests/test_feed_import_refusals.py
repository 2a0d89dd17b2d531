"""What an imported feed may not do. Each case was a defect found by probing: a `javascript:` address
became a clickable link on the public page; a feed reusing a moderated entry's id overwrote it silently;
two records with one id merged silently; wrong JSON types, deep nesting and huge text gave tracebacks or
were stored. Now each is cleaned and reported, or refuses the whole feed naming file, record and field,
with nothing written."""

import csv
import json
import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from equalchance.accounts.models import Organisation
from equalchance.accounts.tests.factories import OrganisationFactory
from equalchance.directory.importers.oruk import FeedRefused, feed_import
from equalchance.directory.models import DirectoryImport, Service, ServiceHistory
from equalchance.directory.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db
SERVICE = "5b2f7c8e-4a41-4d36-8f0e-0e6e2b9d1a01"
ORGANISATION = "7d1c3a90-2f4b-4e8c-9a51-3c0b6d2e4f12"


def service(**changes) -> dict:
    return {
        "id": SERVICE,
        "name": "Stay and Play",
        "description": "Play sessions",
        "organization": {"id": ORGANISATION, "name": "Play Trust", "description": "A charity"},
        **changes,
    }


def feed(tmp_path, *records, name="feed.json"):
    path = tmp_path / name
    path.write_text(json.dumps(list(records)), encoding="utf-8")
    return path


def nothing_written(before: int) -> bool:
    return Service.objects.count() == before and not DirectoryImport.objects.exists()


def test_a_javascript_address_is_left_out_and_reported_and_never_a_link(tmp_path, system):
    result = feed_import(feed(tmp_path, service(url="javascript:alert(document.cookie)")), by=system)
    stored = Service.objects.get(pk=SERVICE)
    assert stored.url == ""
    assert {
        "file": "feed.json",
        "record": SERVICE,
        "field": "url",
        "what": "not a web address (http or https); left out",
    } in result.cleaned
    # And a page never links an address that is not http(s), wherever it came from.
    Service.objects.filter(pk=SERVICE).update(url=" JaVaScRiPt:alert(1)")
    html = Client().get(f"/directory/services/{SERVICE}/").content.decode()
    assert 'href=" JaVaScRiPt' not in html and 'href="javascript' not in html.lower()


def test_a_feed_cannot_overwrite_an_entry_it_did_not_bring(tmp_path, system):
    moderated = ServiceFactory(
        id=SERVICE,
        organisation__name="Registered Charity",
        name="Moderated entry",
        source="Submitted by the organisation",
    )
    with pytest.raises(FeedRefused) as refused:
        feed_import(feed(tmp_path, service(name="Renamed by a feed")), by=system)
    problems = refused.value.problems
    assert {"file": "feed.json", "record": SERVICE, "field": "id"} == {
        k: problems[0][k] for k in ("file", "record", "field")
    }
    assert "already in the directory from Submitted by the organisation" in problems[0]["what"]
    moderated.refresh_from_db()
    assert moderated.name == "Moderated entry" and not DirectoryImport.objects.exists()


def test_a_feed_cannot_rename_an_organisation_it_did_not_bring(tmp_path, system):
    OrganisationFactory(id=ORGANISATION, name="Registered Charity")
    with pytest.raises(FeedRefused, match="organisation with this id is already in the directory"):
        feed_import(feed(tmp_path, service()), by=system)
    assert Organisation.objects.get(pk=ORGANISATION).name == "Registered Charity"
    assert not Service.objects.filter(pk=SERVICE).exists()


def test_two_different_services_with_one_id_refuse_the_feed_and_a_repeat_is_reported(tmp_path, system):
    with pytest.raises(FeedRefused) as refused:
        feed_import(feed(tmp_path, service(), service(name="Another service")), by=system)
    assert "the same id as feed.json, record" in refused.value.problems[0]["what"]
    assert not Service.objects.filter(pk=SERVICE).exists()
    result = feed_import(feed(tmp_path, service(), service(description="Fuller")), by=system)
    assert any("appears again" in note["what"] for note in result.cleaned)
    assert Service.objects.get(pk=SERVICE).description == "Fuller"


def test_reimporting_a_feed_updates_its_own_entries_and_keeps_the_history(tmp_path, system):
    feed_import(feed(tmp_path, service()), by=system)
    feed_import(feed(tmp_path, service(name="Stay and Play (Tuesdays)")), by=system)
    history = ServiceHistory.objects.filter(service_id=SERVICE).order_by("changed_at", "id")
    assert [h.action for h in history] == ["imported", "imported"]
    assert history.last().changes["name"] == ["Stay and Play", "Stay and Play (Tuesdays)"]
    assert history.last().changed_by == system


@pytest.mark.parametrize(
    "changes, field, what",
    [
        ({"organization": []}, "organization", "should be an object, not a list"),
        ({"name": 5}, "name", "should be text, not a number"),
        ({"contacts": "call us"}, "contacts", "should be a list of objects, not text"),
        ({"contacts": [{"phones": [7]}]}, "contacts[0].phones[0]", "should be an object, not a number"),
        (
            {"service_at_locations": [{"location": {"addresses": {"postal_code": "B37 7UH"}}}]},
            "service_at_locations[0].location.addresses",
            "should be a list of objects, not an object",
        ),
        (
            {"attributes": [{"taxonomy_term": "Parenting"}]},
            "attributes[0].taxonomy_term",
            "should be an object",
        ),
        ({"name": "x" * 100_000}, "name", "is 100,000 characters long; at most 300 are kept"),
        ({"id": {"nested": True}}, "id", "should be an identifier (text), not an object"),
    ],
)
def test_wrong_types_and_huge_text_refuse_the_feed_naming_file_record_and_field(
    tmp_path, system, changes, field, what
):
    before = Service.objects.count()
    with pytest.raises(FeedRefused) as refused:
        feed_import(feed(tmp_path, service(), service(**{"id": str(uuid.uuid4()), **changes})), by=system)
    problem = refused.value.problems[0]
    assert problem["file"] == "feed.json" and problem["field"] == field and what in problem["what"]
    assert "Nothing was written" in str(refused.value)
    assert nothing_written(before)


def test_a_record_that_is_not_an_object_and_deep_nesting_are_refused(tmp_path, system):
    with pytest.raises(
        FeedRefused, match=r"record #2, \(record\): should be an object \(a service\), not text"
    ):
        feed_import(feed(tmp_path, service(), "just text"), by=system)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(ValueError, match="deep.json: nested too deeply"):
        feed_import(deep, by=system)
    assert nothing_written(0)


def test_an_hsds_csv_field_too_large_or_a_row_without_id_is_refused_naming_the_row(tmp_path, system):
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "services.csv").write_text(f"id,name,description\n{SERVICE},Stay,{'x' * 140_000}\n")
    with pytest.raises(ValueError, match=r"services.csv, row \d+: field larger than field limit"):
        feed_import(folder, by=system)
    (folder / "services.csv").write_text("id,name\n,Nameless id\n")
    with pytest.raises(ValueError, match=r"services.csv, row 2: the id is missing"):
        feed_import(folder, by=system)
    assert nothing_written(0)


def test_the_command_line_says_why_a_feed_was_refused(tmp_path):
    path = feed(tmp_path, service(name=5))
    with pytest.raises(CommandError, match=r"feed.json, record .*, name: should be text, not a number"):
        call_command("directory", "import", str(path))


def test_only_administrators_and_automated_work_may_import(tmp_path, user_with_role):
    from django.core.exceptions import PermissionDenied

    for role in ("analyst", "moderator", "viewer", "provider"):
        with pytest.raises(PermissionDenied):
            feed_import(feed(tmp_path, service()), by=user_with_role(role))
    assert nothing_written(0)


def test_one_organisation_id_for_two_named_organisations_refuses_the_feed(tmp_path, system):
    first = service()
    second = service(id=str(uuid.uuid4()), name="Another service")
    second["organization"] = {"id": ORGANISATION, "name": "Second, different org"}
    with pytest.raises(FeedRefused) as refused:
        feed_import(feed(tmp_path, first, second), by=system)
    problem = refused.value.problems[0]
    assert problem["field"] == "organization.id" and "names a different organisation" in problem["what"]
    assert not Organisation.objects.filter(pk=ORGANISATION).exists()


@pytest.mark.parametrize("age", [True, [3], {"years": 3}, "three"])
def test_an_age_that_is_not_a_number_refuses_the_feed(tmp_path, system, age):
    with pytest.raises(FeedRefused, match="minimum_age: should be a number"):
        feed_import(feed(tmp_path, service(minimum_age=age)), by=system)
    assert not Service.objects.filter(pk=SERVICE).exists()


def test_a_page_whose_contents_are_not_a_list_is_refused(tmp_path, system):
    path = tmp_path / "page.json"
    path.write_text(json.dumps({"contents": "abc", "total_items": 1}))
    with pytest.raises(ValueError, match="page.json: its contents should be a list of services"):
        feed_import(path, by=system)
    assert nothing_written(0)


def test_the_hsds_csv_export_writes_no_live_formula_and_reads_back_exactly(tmp_path, system):
    from equalchance.directory.hsds_csv import export

    feed_import(
        feed(
            tmp_path,
            service(
                name="=cmd|' /C calc'!A0",
                description="+SUM(1,1)",
                organization={"id": ORGANISATION, "name": "@SUM(1+1)*cmd"},
            ),
        ),
        by=system,
    )
    folder = tmp_path / "csv"
    folder.mkdir()
    export(folder)
    services_csv = (folder / "services.csv").read_text()
    assert "'=cmd|" in services_csv and "'+SUM(1,1)" in services_csv
    assert ",=cmd" not in services_csv and ",+SUM" not in services_csv
    assert "'@SUM(1+1)*cmd" in (folder / "organizations.csv").read_text()
    Service.objects.all().delete()
    Organisation.objects.all().delete()
    feed_import(folder, by=system)
    back = Service.objects.get(pk=SERVICE)
    assert (back.name, back.description, back.organisation.name) == (
        "=cmd|' /C calc'!A0",
        "+SUM(1,1)",
        "@SUM(1+1)*cmd",
    )


def test_a_record_nested_far_deeper_than_a_service_is_refused_not_republished(tmp_path, system):
    """The defect: a 900-deep list inside a phone was imported and served back by the open feed."""
    deep: list = []
    for _ in range(900):
        deep = [deep]
    nested = service(contacts=[{"id": str(uuid.uuid4()), "phones": [{"number": "0121 704 6000", "x": deep}]}])
    with pytest.raises(
        FeedRefused, match=r"feed.json, record [0-9a-f-]+, \(record\): nested more than 16 levels deep"
    ):
        feed_import(feed(tmp_path, nested), by=system)
    assert nothing_written(0)


def test_a_contact_without_an_id_is_given_one_and_the_hsds_csv_export_writes_it(tmp_path, system):
    """The defect: the import accepted a contact without an id, then the HSDS CSV export failed."""
    from equalchance.directory.hsds_csv import export

    contact = {"name": "Reception", "phones": [{"number": "0121 704 6000"}]}
    feed_import(feed(tmp_path, service(contacts=[contact], schedules=[{"byday": "MO"}])), by=system)
    details = Service.objects.get(pk=SERVICE).details
    assert uuid.UUID(details["contacts"][0]["id"]) and uuid.UUID(details["schedules"][0]["id"])
    folder = tmp_path / "csv"
    folder.mkdir()
    export(folder)
    with open(folder / "contacts.csv", newline="") as file:
        contacts = list(csv.DictReader(file))
    with open(folder / "phones.csv", newline="") as file:
        phones = list(csv.DictReader(file))
    assert [c["id"] for c in contacts] == [details["contacts"][0]["id"]]
    assert [(p["contact_id"], p["number"]) for p in phones] == [(contacts[0]["id"], "0121 704 6000")]


def test_the_hsds_csv_export_gives_an_id_to_a_contact_stored_without_one(tmp_path, system):
    from equalchance.directory.hsds_csv import export

    feed_import(feed(tmp_path, service()), by=system)
    Service.objects.filter(pk=SERVICE).update(details={"contacts": [{"phones": [{"number": "01"}]}]})
    folder = tmp_path / "csv"
    folder.mkdir()
    export(folder)
    with open(folder / "phones.csv", newline="") as file:
        (phone,) = csv.DictReader(file)
    assert uuid.UUID(phone["contact_id"])
