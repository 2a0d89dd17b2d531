"""HSDS 3.0 tabular form (a folder of CSV files, one per entity, as the standard's examples lay out).

Export writes the published directory. Import reads such a folder, nests each service's rows into the
JSON shape and passes it to the ORUK importer, so CSV and JSON are cleaned and reported alike.
"""

import csv
import json
from pathlib import Path

from equalchance.accounts.models import Organisation
from equalchance.common.spreadsheets import cell_safe, cell_text
from equalchance.directory import oruk
from equalchance.directory.models import Location, ServiceAtLocation, Taxonomy, TaxonomyTerm
from equalchance.directory.selectors import services_public

# Column names as in the standard's example CSV files.
COLUMNS = {
    "organizations": (
        "id name alternate_name description email website tax_status tax_id "
        "year_incorporated legal_status logo uri parent_organization_id"
    ).split(),
    "services": (
        "id organization_id program_id name alternate_name description url email status "
        "interpretation_services application_process fees_description wait_time fees "
        "accreditations eligibility_description minimum_age maximum_age assured_date "
        "assurer_email licenses alert last_modified"
    ).split(),
    "locations": (
        "id location_type url organization_id name alternate_name description "
        "transportation latitude longitude external_identifier external_identifier_type"
    ).split(),
    "service_at_location": ("id service_id location_id description").split(),
    "addresses": (
        "id location_id attention address_1 address_2 city region state_province "
        "postal_code country address_type"
    ).split(),
    "accessibility": ("id location_id description details url").split(),
    "taxonomies": ("id name description uri version").split(),
    "taxonomy_terms": ("id code name description parent_id taxonomy language taxonomy_id term_uri").split(),
    "attributes": ("id link_id taxonomy_term_id link_type link_entity value").split(),
    "contacts": (
        "id organization_id service_id service_at_location_id location_id name title department email"
    ).split(),
    "phones": (
        "id location_id service_id organization_id contact_id service_at_location_id "
        "number extension type description"
    ).split(),
    "schedules": (
        "id service_id location_id service_at_location_id valid_from valid_to dtstart "
        "timezone until count wkst freq interval byday byweekno bymonthday byyearday "
        "description opens_at closes_at schedule_link attending_type notes"
    ).split(),
}


def _write(folder: Path, table: str, rows: list[dict]) -> None:
    columns = COLUMNS[table]
    with open(folder / f"{table}.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            # Text that a spreadsheet would run as a formula is written with a leading apostrophe
            # (common.spreadsheets); reading the folder back takes it off again.
            writer.writerow({k: "" if v is None else cell_safe(v) for k, v in row.items()})


def export(folder: Path) -> int:
    """Write the published directory as HSDS CSV files; returns how many services."""
    folder.mkdir(parents=True, exist_ok=True)
    services = list(
        services_public()
        .select_related("organisation")
        .prefetch_related("terms", "service_at_locations__location")
        .order_by("name", "id")
    )
    records = [oruk.service_json(s) for s in services]
    organisations = Organisation.objects.filter(services__in=services).distinct()
    _write(folder, "organizations", [oruk.organisation_json(o) for o in organisations])
    _write(folder, "services", [{**r, "fees_description": r.get("fees")} for r in records])
    links = ServiceAtLocation.objects.filter(service__in=services).select_related("location")
    locations = Location.objects.filter(service_at_locations__in=links).distinct()
    _write(
        folder,
        "locations",
        [{**oruk.location_json(loc), "organization_id": loc.organisation_id} for loc in locations],
    )
    _write(
        folder,
        "service_at_location",
        [{"id": link.id, "service_id": link.service_id, "location_id": link.location_id} for link in links],
    )
    _write(
        folder,
        "addresses",
        [{**a, "location_id": loc.id} for loc in locations for a in loc.details.get("addresses", [])],
    )
    _write(
        folder,
        "accessibility",
        [{**a, "location_id": loc.id} for loc in locations for a in loc.details.get("accessibility", [])],
    )
    term_ids = {a["taxonomy_term_id"] for r in records for a in r.get("attributes", [])}
    terms = TaxonomyTerm.objects.filter(id__in=term_ids).select_related("taxonomy")
    _write(
        folder,
        "taxonomies",
        [oruk.taxonomy_json(t) for t in Taxonomy.objects.filter(terms__in=terms).distinct()],
    )
    _write(folder, "taxonomy_terms", [oruk.term_json(t, with_taxonomy=True) for t in terms])
    _write(
        folder,
        "attributes",
        [a | {"link_entity": "service"} for r in records for a in r.get("attributes", [])],
    )
    contacts = [
        c | {"id": c.get("id") or oruk.part_id(r["id"], "contacts", i), "service_id": r["id"]}
        for r in records
        for i, c in enumerate(r.get("contacts", []))
    ]
    _write(folder, "contacts", contacts)
    _write(folder, "phones", [{**p, "contact_id": c["id"]} for c in contacts for p in c.get("phones", [])])
    _write(
        folder, "schedules", [{**s, "service_id": r["id"]} for r in records for s in r.get("schedules", [])]
    )
    (folder / "datapackage.json").write_text(
        json.dumps(
            {
                "name": "directory",
                "profile": "tabular-data-package",
                "resources": [
                    {"name": t, "path": f"{t}.csv", "profile": "tabular-data-resource"} for t in COLUMNS
                ],
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    return len(services)


def _read(folder: Path, table: str) -> list[dict]:
    """The table's rows, each keeping its filled cells; a row with no id is refused (ValueError naming
    the file and row), as is a file that is not CSV text."""
    path = folder / f"{table}.csv"
    if not path.exists():
        return []
    rows = []
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            for row in reader:
                kept = {k: cell_text(v) for k, v in row.items() if isinstance(k, str) and v not in ("", None)}
                if "id" not in kept:
                    raise ValueError(f"{table}.csv, row {reader.line_num}: the id is missing")
                rows.append(kept)
    except csv.Error as error:
        raise ValueError(f"{table}.csv, row {reader.line_num}: {error}") from None
    except UnicodeDecodeError:
        raise ValueError(f"{table}.csv: not text in UTF-8") from None
    return rows


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def nested_services(folder: Path) -> list[dict]:
    """The folder's services, each nested with its organisation, places, contacts, times and terms."""
    by = {}
    for table in ("organizations", "locations", "taxonomies", "taxonomy_terms"):
        by[table] = {row["id"]: row for row in _read(folder, table)}
    addresses, access, phones, contacts, schedules, attributes, links = {}, {}, {}, {}, {}, {}, {}
    for row in _read(folder, "addresses"):
        addresses.setdefault(row.get("location_id"), []).append(row)
    for row in _read(folder, "accessibility"):
        access.setdefault(row.get("location_id"), []).append(row)
    for row in _read(folder, "phones"):
        phones.setdefault(row.get("contact_id"), []).append(row)
    for row in _read(folder, "contacts"):
        contacts.setdefault(row.get("service_id"), []).append({**row, "phones": phones.get(row["id"], [])})
    for row in _read(folder, "schedules"):
        schedules.setdefault(row.get("service_id"), []).append(row)
    for row in _read(folder, "attributes"):
        term = by["taxonomy_terms"].get(row.get("taxonomy_term_id"))
        if term:
            taxonomy = by["taxonomies"].get(term.get("taxonomy_id"), {})
            attributes.setdefault(row.get("link_id"), []).append(
                {**row, "taxonomy_term": {**term, "taxonomy": taxonomy.get("name", term.get("taxonomy"))}}
            )
    for row in _read(folder, "service_at_location"):
        location = by["locations"].get(row.get("location_id"))
        if location:
            place = {
                **location,
                "latitude": _number(location.get("latitude")),
                "longitude": _number(location.get("longitude")),
            }
            links.setdefault(row.get("service_id"), []).append(
                {
                    "id": row["id"],
                    "location": {
                        **place,
                        "addresses": addresses.get(location["id"], []),
                        "accessibility": access.get(location["id"], []),
                    },
                }
            )
    return [
        {
            **row,
            "organization": by["organizations"].get(row.get("organization_id")),
            "contacts": contacts.get(row["id"], []),
            "schedules": schedules.get(row["id"], []),
            "attributes": attributes.get(row["id"], []),
            "service_at_locations": links.get(row["id"], []),
        }
        for row in _read(folder, "services")
    ]
