"""Importing Open Referral UK 3.0 / HSDS 3.0 JSON: a `/services` page, a single nested service, or a
list of services, from a file or every .json file in a folder.

Real feeds are messy. What can be cleaned is cleaned and reported (file, record, field, what was done),
not refused: HTML in descriptions becomes plain text, -1 ages ("not set") become empty, timestamps
without a zone are read as UK time, identifiers that are not UUIDs get a stable UUID derived from them,
phones without ids get one, supplier extension fields (e.g. `pc_`) are set aside, addresses that are not
web addresses (a `javascript:` link) or e-mail addresses are left out. A record that cannot be used at
all (no name) is skipped and reported.

What cannot be cleaned refuses the whole import, naming every problem's file, record and field, before
anything is written: a value of the wrong type (a list where an object belongs, a number for a name),
text longer than the directory holds, two different records with one id, and a record whose id belongs
to an entry that came from somewhere else (a moderated entry, another feed): a feed may change only the
records it brought. Importing the same feed again updates its own records, and each change is kept in
the service's history.
"""

import hashlib
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from equalchance.accounts.models import Organisation
from equalchance.accounts.permissions import user_can
from equalchance.audit.actions import Action
from equalchance.audit.services import audit_event_record
from equalchance.common.web_addresses import is_web_address
from equalchance.directory import local_offer
from equalchance.directory import oruk as oruk_json
from equalchance.directory.hsds_csv import nested_services
from equalchance.directory.importers import feed_checks
from equalchance.directory.models import (
    DirectoryImport,
    Location,
    Service,
    ServiceAtLocation,
    ServiceHistory,
    Taxonomy,
    TaxonomyTerm,
)
from equalchance.directory.placeholders import is_placeholder_email
from equalchance.directory.search import search_index_refresh

UK = ZoneInfo("Europe/London")
NAMESPACE = uuid.UUID("5f0e7c55-7c2e-4d0b-9a59-6b1f0c9f2a11")  # for UUIDs derived from feeds' own ids
NESTED = ["contacts", "schedules", "cost_options", "languages", "service_areas", "funding"]
STATUSES = {s.value for s in Service.Status}
BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "tr", "table"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.parts.append("\n\n")
        if tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        self.parts.append(data)


def plain_text(html: str) -> str:
    """Text of an HTML fragment: tags removed (scripts and all), paragraphs kept as blank lines."""
    parser = _Text()
    parser.feed(re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", "", html))
    parser.close()
    text = "".join(parser.parts)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


@dataclass
class Report:
    file: str = ""
    source: str = ""
    by: object = None
    cleaned: list[dict] = field(default_factory=list)
    service_ids: set = field(default_factory=set)  # a service can appear in more than one file
    organisations: int = 0
    skipped: int = 0

    def note(self, record: str, field_name: str, what: str) -> None:
        self.cleaned.append({"file": self.file, "record": record, "field": field_name, "what": what})


def stable_id(value, report: Report, record: str, field_name: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        derived = uuid.uuid5(NAMESPACE, str(value))
        report.note(record, field_name, f"{value!r} is not a UUID; used {derived}, derived from it")
        return derived


def _text(value, report: Report, record: str, field_name: str) -> str:
    if not value:
        return ""
    value = str(value)
    if re.search(r"<[a-zA-Z/!][^>]*>", value):
        report.note(record, field_name, "HTML removed; paragraphs kept")
        return plain_text(value)
    return value.strip()


def _web(value, report: Report, record: str, field_name: str) -> str:
    if not value:
        return ""
    if not is_web_address(value):
        report.note(record, field_name, "not a web address (http or https); left out")
        return ""
    return str(value).strip()


def _email(value, report: Report, record: str, field_name: str) -> str:
    if not value:
        return ""
    try:
        validate_email(str(value).strip())
    except ValidationError:
        report.note(record, field_name, "not an e-mail address; left out")
        return ""
    if is_placeholder_email(value):
        report.note(record, field_name, PLACEHOLDER_NOTE)
        return ""
    return str(value).strip()


PLACEHOLDER_NOTE = "a placeholder e-mail address (see directory/placeholders.py); left out"


def _coordinate(value, report: Report, record: str, field_name: str, limit: float) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        report.note(record, field_name, f"{str(value)[:40]!r} is not a number; left empty")
        return None
    if not -limit <= number <= limit:
        report.note(record, field_name, f"{number} is out of range; left empty")
        return None
    return number


def _age(value, report: Report, record: str, field_name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        age = int(value)
    except (TypeError, ValueError):
        report.note(record, field_name, f"{value!r} is not an age; left empty")
        return None
    if age < 0 or age > 120:
        report.note(record, field_name, f"{age} read as 'not set'; left empty")
        return None
    return age


def _timestamp(value, report: Report, record: str) -> datetime:
    if not value:
        report.note(record, "last_modified", "missing; the time of import used")
        return timezone.now()
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        report.note(record, "last_modified", f"{value!r} is not a date and time; the time of import used")
        return timezone.now()
    if moment.tzinfo is None:
        report.note(record, "last_modified", "no time zone; read as UK time")
        moment = moment.replace(tzinfo=UK)
    return moment


def _date(value, report: Report, record: str, field_name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        report.note(record, field_name, f"{value!r} is not a date; left empty")
        return None


def _nested(item: dict, report: Report, record: str, service_id: uuid.UUID) -> dict:
    """The nested parts kept as they are, with ids added where the standard requires them."""
    details = {}
    for key in NESTED + ["serviceAreas"]:
        if not item.get(key):
            continue
        name = "service_areas" if key == "serviceAreas" else key
        details[name] = item[key]
    for name, parts in details.items():
        for index, part in enumerate(parts):
            if isinstance(part, dict) and not part.get("id"):
                part["id"] = oruk_json.part_id(service_id, name, index)
                report.note(record, f"{name}.id", "missing; a stable id was given")
    for contact in details.get("contacts", []):
        for phone in contact.get("phones", []) or []:
            if not phone.get("id"):
                phone["id"] = str(uuid.uuid5(NAMESPACE, f"{record}/{phone.get('number', '')}"))
                report.note(record, "contacts.phones.id", "missing; a stable id was given")
    for index, contact in enumerate(details.get("contacts", [])):
        if isinstance(contact, dict) and contact.get("email") and is_placeholder_email(contact["email"]):
            del contact["email"]
            report.note(record, f"contacts.{index}.email", PLACEHOLDER_NOTE)
    for area in details.get("service_areas", []):
        if "serviceId" in area:
            area["service_id"] = area.pop("serviceId")
            report.note(record, "service_areas.serviceId", "renamed service_id, as the standard spells it")
    extensions = sorted(k for k in item if k.startswith("pc_") or k not in KNOWN_SERVICE_FIELDS)
    if extensions:
        report.note(record, ", ".join(extensions), "fields outside the standard set aside")
    return details


KNOWN_SERVICE_FIELDS = {
    *"id organization_id program_id name alternate_name description url email status".split(),
    *"interpretation_services application_process fees_description wait_time fees accreditations".split(),
    *"eligibility_description minimum_age maximum_age assured_date assurer_email licenses alert".split(),
    *"last_modified organization service_at_locations attributes".split(),
    *NESTED,
}


def organisation_id_of(item: dict, report: Report, record: str) -> uuid.UUID:
    data = item.get("organization") or {}
    return stable_id(
        data.get("id") or item.get("organization_id") or uuid.uuid5(NAMESPACE, f"org/{record}"),
        report,
        record,
        "organization.id",
    )


def _organisation(item: dict, report: Report, record: str) -> Organisation:
    data = item.get("organization") or {}
    org_id = organisation_id_of(item, report, record)
    name = (data.get("name") or "").strip()
    organisation, created = Organisation.objects.update_or_create(
        id=org_id,
        defaults={
            "name": name or "Unnamed organisation",
            "description": _text(data.get("description"), report, record, "organization.description") or name,
            "email": _email(data.get("email"), report, record, "organization.email"),
            "website": _web(data.get("website"), report, record, "organization.website"),
            "uri": _web(data.get("uri"), report, record, "organization.uri"),
            "source": report.source,
        },
    )
    if not name:
        report.note(record, "organization.name", "missing; recorded as 'Unnamed organisation'")
    report.organisations += created
    return organisation


def _location(data: dict, report: Report, record: str, organisation: Organisation) -> Location:
    addresses = data.get("addresses") or []
    postcode = next((a.get("postal_code", "") for a in addresses if a.get("postal_code")), "")
    location, _ = Location.objects.update_or_create(
        id=stable_id(data.get("id") or uuid.uuid5(NAMESPACE, f"loc/{record}"), report, record, "location.id"),
        defaults={
            "organisation": organisation,
            "location_type": data.get("location_type")
            if data.get("location_type") in Location.Kind.values
            else "physical",
            "name": data.get("name") or "",
            "description": _text(data.get("description"), report, record, "location.description"),
            "latitude": _coordinate(data.get("latitude"), report, record, "location.latitude", 90),
            "longitude": _coordinate(data.get("longitude"), report, record, "location.longitude", 180),
            "postcode": " ".join(postcode.upper().split())[:8],
            "details": {
                k: data[k] for k in ("addresses", "accessibility", "phones", "schedules") if data.get(k)
            },
        },
    )
    return location


def _terms(item: dict, report: Report, record: str) -> list[TaxonomyTerm]:
    terms = []
    for attribute in item.get("attributes") or []:
        data = attribute.get("taxonomy_term") or {}
        if not data.get("id") or not data.get("name") or local_offer.question_of(attribute):
            continue
        taxonomy_data = data.get("taxonomy_detail") or {}
        taxonomy_name = data.get("taxonomy") or taxonomy_data.get("name") or "Imported terms"
        taxonomy, _ = Taxonomy.objects.get_or_create(
            id=stable_id(
                data.get("taxonomy_id") or uuid.uuid5(NAMESPACE, f"taxonomy/{taxonomy_name}"),
                report,
                record,
                "taxonomy_id",
            ),
            defaults={"name": taxonomy_name, "description": taxonomy_name},
        )
        term, _ = TaxonomyTerm.objects.get_or_create(
            id=stable_id(data["id"], report, record, "taxonomy_term.id"),
            defaults={
                "taxonomy": taxonomy,
                "name": data["name"],
                "description": data.get("description") or data["name"],
                "code": data.get("code") or "",
            },
        )
        terms.append(term)
    return terms


def _answers(item: dict, report: Report, record: str) -> dict:
    """The Local Offer answers among the attributes, as text."""
    answers = {
        key: _text(value, report, record, f"local_offer.{key}")
        for key, value in local_offer.answers_from_attributes(item.get("attributes")).items()
    }
    return {"local_offer": answers} if answers else {}


TRACKED = ["name", "description", "url", "email", "status", "minimum_age", "maximum_age", "organisation_id"]


def service_id_of(item: dict, report: Report, record: str) -> uuid.UUID:
    name = str(item.get("name") or "").strip()
    return stable_id(item.get("id") or uuid.uuid5(NAMESPACE, f"service/{name}"), report, record, "id")


def record_label(item, index: int) -> str:
    """How a record is named in reports: its id, else its name, else its place in the file."""
    label = item.get("id") or item.get("name") if isinstance(item, dict) else None
    return (
        str(label)[:80] if isinstance(label, str | int) and not isinstance(label, bool) else f"#{index + 1}"
    )


def service_import(item: dict, report: Report, record: str) -> Service | None:
    name = (item.get("name") or "").strip()
    if not name:
        report.skipped += 1
        report.note(record, "name", "no name: the record was skipped")
        return None
    organisation = _organisation(item, report, record)
    status = item.get("status") or "active"
    if status not in STATUSES:
        report.note(record, "status", f"{status!r} is not a status of the standard; read as active")
        status = "active"
    minimum = _age(item.get("minimum_age"), report, record, "minimum_age")
    maximum = _age(item.get("maximum_age"), report, record, "maximum_age")
    if minimum is not None and maximum is not None and minimum > maximum:
        report.note(record, "minimum_age", f"{minimum} is above the maximum {maximum}; swapped")
        minimum, maximum = maximum, minimum
    costs = item.get("cost_options") or []
    service_id = service_id_of(item, report, record)
    if service_id in report.service_ids:  # the same service again (checked to have the same name)
        report.note(record, "id", "the same service appears again; the details of this record are used")
    before = Service.objects.filter(pk=service_id).values(*TRACKED).first()
    service, created = Service.objects.update_or_create(
        id=service_id,
        defaults={
            "organisation": organisation,
            "name": name,
            "description": _text(item.get("description"), report, record, "description"),
            "url": _web(item.get("url"), report, record, "url"),
            "email": _email(item.get("email"), report, record, "email"),
            "status": status,
            "fees_description": _text(
                item.get("fees_description") or item.get("fees"), report, record, "fees"
            ),
            "free": (not any(c.get("amount") for c in costs)) if costs else None,
            "minimum_age": minimum,
            "maximum_age": maximum,
            "eligibility_description": _text(
                item.get("eligibility_description"), report, record, "eligibility_description"
            ),
            "assured_date": _date(item.get("assured_date"), report, record, "assured_date"),
            "last_modified": _timestamp(item.get("last_modified"), report, record),
            "details": _nested(item, report, record, service_id) | _answers(item, report, record),
            "published": True,  # an open feed is public already
            "source": report.source,
        },
    )
    after = {name: getattr(service, name) for name in TRACKED}
    changes = {k: [str(before[k]), str(after[k])] for k in TRACKED if before and before[k] != after[k]}
    if created or changes:
        ServiceHistory.objects.create(
            service=service,
            changed_by=report.by,
            action="imported",
            changes=changes or {"From": ["", report.source]},
        )
    service.terms.set(_terms(item, report, record))
    for link in item.get("service_at_locations") or []:
        if link.get("location"):
            location = _location(link["location"], report, record, organisation)
            ServiceAtLocation.objects.update_or_create(
                service=service,
                location=location,
                defaults={
                    "id": stable_id(
                        link.get("id") or uuid.uuid5(NAMESPACE, f"sal/{service.id}/{location.id}"),
                        report,
                        record,
                        "service_at_locations.id",
                    )
                },
            )
    report.service_ids.add(service.id)
    return service


class FeedRefused(ValueError):
    """The feed cannot be imported; nothing was written. `problems` names each file, record and field."""

    def __init__(self, problems: list[dict]):
        self.problems = problems
        shown = [f"{p['file']}, record {p['record']}, {p['field']}: {p['what']}" for p in problems[:20]]
        more = " (the first 20 are listed)" if len(problems) > 20 else ""
        super().__init__(
            f"The feed was not imported: {len(problems):,} problem{'s' if len(problems) != 1 else ''}{more}. "
            "Nothing was written.\n" + "\n".join(shown)
        )


def _items(document) -> list:
    if isinstance(document, dict) and "contents" in document:
        if not isinstance(document["contents"], list):
            raise ValueError("its contents should be a list of services")
        return document["contents"]
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        return [document]
    raise ValueError("not an ORUK page, service or list of services")


def _batches(path: Path) -> tuple[str, list[tuple[str, list]], str]:
    """(format, [(file name, records)], sha256) of a JSON file, a folder of JSON files, or an HSDS CSV
    folder (one with services.csv)."""
    digest = hashlib.sha256()
    if path.is_dir() and (path / "services.csv").exists():
        for file in sorted(path.glob("*.csv")):
            digest.update(file.read_bytes())
        return "hsds-csv", [("services.csv", nested_services(path))], digest.hexdigest()
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    if not files:
        raise ValueError(f"{path}: no .json files (or services.csv) to import")
    batches = []
    for file in files:
        raw = file.read_bytes()
        digest.update(raw)
        try:
            batches.append((file.name, _items(json.loads(raw))))
        except RecursionError:
            raise ValueError(f"{file.name}: nested too deeply to be a directory feed") from None
        except UnicodeDecodeError:
            raise ValueError(f"{file.name}: not text in UTF-8") from None
        except (json.JSONDecodeError, ValueError) as error:
            raise ValueError(f"{file.name}: {error}") from None
    return "oruk-json", batches, digest.hexdigest()


def feed_problems(batches: list[tuple[str, list]], source: str) -> list[dict]:
    """Everything that stops the feed being imported, before anything is written: wrong types, text too
    long, two different services with one id, and records whose id belongs to an entry from elsewhere."""
    problems: list[dict] = []
    scratch = Report()  # ids derived here are derived again (and reported) when importing
    services: dict[uuid.UUID, tuple[str, str, str]] = {}
    organisations: dict[uuid.UUID, tuple[str, str, str]] = {}
    for file_name, items in batches:
        for index, item in enumerate(items):
            record = record_label(item, index)
            found = feed_checks.service_problems(item)
            problems += [{"file": file_name, "record": record, "field": f, "what": w} for f, w in found]
            name = str(item.get("name") or "").strip() if not found else ""
            if not name:
                continue
            service_id = service_id_of(item, scratch, record)
            first = services.setdefault(service_id, (file_name, record, name))
            if first[2] != name:
                problems.append(
                    {
                        "file": file_name,
                        "record": record,
                        "field": "id",
                        "what": f"the same id as {first[0]}, record {first[1]}, which is a different service "
                        f"({first[2][:60]!r})",
                    }
                )
            organisation_name = str((item.get("organization") or {}).get("name") or "").strip()
            first_organisation = organisations.setdefault(
                organisation_id_of(item, scratch, record), (file_name, record, organisation_name)
            )
            if organisation_name and first_organisation[2] and first_organisation[2] != organisation_name:
                problems.append(
                    {
                        "file": file_name,
                        "record": record,
                        "field": "organization.id",
                        "what": f"the same organisation id as {first_organisation[0]}, record "
                        f"{first_organisation[1]}, which names a different organisation "
                        f"({first_organisation[2][:60]!r})",
                    }
                )
    elsewhere = "; a feed may change only the entries it brought"
    for service_id, there in Service.objects.filter(pk__in=services).values_list("pk", "source"):
        if there != source:
            file_name, record, _ = services[service_id]
            problems.append(
                {
                    "file": file_name,
                    "record": record,
                    "field": "id",
                    "what": f"an entry with this id is already in the directory from {there or 'a moderator'}"
                    + elsewhere,
                }
            )
    for organisation_id, there in Organisation.objects.filter(pk__in=organisations).values_list(
        "pk", "source"
    ):
        if there != source:
            file_name, record, _ = organisations[organisation_id]
            problems.append(
                {
                    "file": file_name,
                    "record": record,
                    "field": "organization.id",
                    "what": "an organisation with this id is already in the directory from "
                    f"{there or 'registration or an administrator'}" + elsewhere,
                }
            )
    return problems


def feed_import(path: Path, *, by, source: str = "") -> DirectoryImport:
    """Import ORUK/HSDS JSON (a file or a folder) or an HSDS CSV folder, in one transaction, recording who
    ran it. Every file is read and every record checked before anything is written (FeedRefused lists
    what stops it); returns the recorded import with what was cleaned."""
    if not user_can(by, "directory.import"):
        raise PermissionDenied("Only administrators can import directory feeds.")
    file_format, batches, sha256 = _batches(path)
    source = source or f"Open Referral feed ({path.name})"
    problems = feed_problems(batches, source)
    if problems:
        raise FeedRefused(problems)
    report = Report(source=source, by=by)
    with transaction.atomic():
        for file_name, items in batches:
            report.file = file_name
            for index, item in enumerate(items):
                service_import(item, report, record_label(item, index))
        search_index_refresh(report.service_ids)
        result = DirectoryImport.objects.create(
            file_name=path.name[:300],
            file_format=file_format,
            sha256=sha256,
            services=len(report.service_ids),
            organisations=report.organisations,
            cleaned=report.cleaned,
            imported_by=by,
        )
        audit_event_record(
            actor=by,
            action=Action.DIRECTORY_IMPORT,
            obj=result,
            changes={"services": result.services, "organisations": result.organisations, "sha256": sha256},
        )
    return result
