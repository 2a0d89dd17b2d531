"""What an imported ORUK/HSDS service record must look like before anything is written: the type of
every part the directory reads (text, a number, an object, a list of objects) and the length of text it
keeps. Each problem names the field by its path (`service_at_locations[0].location.addresses`), so the
publisher of the feed can find it. No Django here."""

from collections.abc import Iterator

TEXT_LIMITS = {"name": 300, "url": 500, "website": 500, "uri": 500, "email": 254}
LONG_TEXT = 20_000  # descriptions and other free text
LISTS = ["contacts", "schedules", "cost_options", "languages", "service_areas", "serviceAreas", "funding"]
SERVICE_TEXT = [
    "name",
    "alternate_name",
    "description",
    "url",
    "email",
    "status",
    "fees_description",
    "fees",
    "eligibility_description",
    "application_process",
    "last_modified",
    "assured_date",
]
ORGANISATION_TEXT = ["name", "description", "email", "website", "uri"]
LOCATION_TEXT = ["name", "description", "location_type"]


def _kind(value) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "nothing" if value is None else type(value).__name__


def _text(parent: dict, key: str, path: str) -> Iterator[tuple[str, str]]:
    value = parent.get(key)
    if value is None:
        return
    if not isinstance(value, str):
        yield f"{path}{key}", f"should be text, not {_kind(value)}"
        return
    limit = TEXT_LIMITS.get(key, LONG_TEXT)
    if len(value) > limit:
        yield f"{path}{key}", f"is {len(value):,} characters long; at most {limit:,} are kept"


def _number(parent: dict, key: str, path: str) -> Iterator[tuple[str, str]]:
    """A number, or text that is one (feeds write ages both ways), or nothing."""
    value = parent.get(key)
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return
    if isinstance(value, str):
        try:
            float(value)
            return
        except ValueError:
            if not value.strip():
                return
    yield f"{path}{key}", f"should be a number, not {_kind(value)}"


def _identifier(parent: dict, key: str, path: str) -> Iterator[tuple[str, str]]:
    value = parent.get(key)
    if value is not None and (isinstance(value, bool) or not isinstance(value, str | int)):
        yield f"{path}{key}", f"should be an identifier (text), not {_kind(value)}"
    elif isinstance(value, str) and len(value) > 200:
        yield f"{path}{key}", f"is {len(value):,} characters long; identifiers are at most 200"


def _objects_of(value, path: str):
    if value is None:
        return [], []
    if not isinstance(value, list):
        return [(path, f"should be a list of objects, not {_kind(value)}")], []
    problems, items = [], []
    for index, item in enumerate(value):
        if isinstance(item, dict):
            items.append((f"{path}[{index}].", item))
        else:
            problems.append((f"{path}[{index}]", f"should be an object, not {_kind(item)}"))
    return problems, items


def _object(parent: dict, key: str, path: str):
    value = parent.get(key)
    if value is None:
        return [], None
    if not isinstance(value, dict):
        return [(f"{path}{key}", f"should be an object, not {_kind(value)}")], None
    return [], value


# HSDS nests a service at most about six levels (service > service_at_locations > location >
# addresses...); anything far deeper is not a directory record, and would be republished as it came.
MAX_DEPTH = 16


def _depth(value) -> int:
    """How deeply lists and objects nest inside `value` (without recursion: feeds are untrusted)."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict | list):
            level += 1
            deepest = max(deepest, level)
            if deepest > MAX_DEPTH:
                break
            stack.extend((child, level) for child in (value.values() if isinstance(value, dict) else value))
    return deepest


def service_problems(item) -> list[tuple[str, str]]:
    """Every (field, what is wrong) of one service record; empty when it can be read."""
    if not isinstance(item, dict):
        return [("(record)", f"should be an object (a service), not {_kind(item)}")]
    if _depth(item) > MAX_DEPTH:
        return [("(record)", f"nested more than {MAX_DEPTH} levels deep; a service record is not")]
    problems: list[tuple[str, str]] = []
    for key in SERVICE_TEXT:
        problems += _text(item, key, "")
    problems += _identifier(item, "id", "")
    problems += _identifier(item, "organization_id", "")
    problems += _number(item, "minimum_age", "")
    problems += _number(item, "maximum_age", "")
    found, organisation = _object(item, "organization", "")
    problems += found
    if organisation is not None:
        for key in ORGANISATION_TEXT:
            problems += _text(organisation, key, "organization.")
        problems += _identifier(organisation, "id", "organization.")
    for key in LISTS:
        found, _ = _objects_of(item.get(key), key)
        problems += found
    found, contacts = _objects_of(item.get("contacts"), "contacts")
    for path, contact in contacts:
        found, phones = _objects_of(contact.get("phones"), f"{path}phones")
        problems += found
        for phone_path, phone in phones:
            problems += _text(phone, "number", phone_path)
    found, links = _objects_of(item.get("service_at_locations"), "service_at_locations")
    problems += found
    for path, link in links:
        problems += _identifier(link, "id", path)
        found, location = _object(link, "location", path)
        problems += found
        if location is None:
            continue
        where = f"{path}location."
        for key in LOCATION_TEXT:
            problems += _text(location, key, where)
        problems += _identifier(location, "id", where)
        for key in ("addresses", "accessibility", "phones", "schedules"):
            found, parts = _objects_of(location.get(key), f"{where}{key}")
            problems += found
            if key == "addresses":
                for address_path, address in parts:
                    problems += _text(address, "postal_code", address_path)
    found, attributes = _objects_of(item.get("attributes"), "attributes")
    problems += found
    for path, attribute in attributes:
        problems += _text(attribute, "value", path)
        found, term = _object(attribute, "taxonomy_term", path)
        problems += found
        if term is not None:
            where = f"{path}taxonomy_term."
            problems += _identifier(term, "id", where)
            problems += _identifier(term, "taxonomy_id", where)
            for key in ("name", "description", "code", "taxonomy"):
                problems += _text(term, key, where)
            found, _ = _object(term, "taxonomy_detail", where)
            problems += found
    return problems
