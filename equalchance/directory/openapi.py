"""The OpenAPI document served at /api/oruk/openapi.json: the official Open Referral UK 3.0 document
(shipped unchanged in data/), made self-contained and describing this server exactly:
- its schema references to openreferraluk.org point at the same schemas, embedded (shipped in
  data/oruk-3.0-schema/), so clients need no other download;
- `servers` names this API's address; unknown ids answer 404 in JSON, which the official document
  leaves unspecified; the extra filters this API offers (ages; postcode and proximity on /services
  too) are listed;
- what each query parameter must be is stated (page sizes from 1, ids as UUIDs, date-times), and a
  parameter that is not so answers 400 in JSON naming it; format=ndjson's answer is described;
- it is served as OpenAPI 3.1 (the official one says 3.0.0 but uses 3.1's schemas and fields), valid
  under openapi-spec-validator, without the template's placeholders (contact, summary, example.com
  examples).
"""

import copy
import functools
import json
import re
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
REMOTE = "https://openreferraluk.org/specifications/3.0/schema/"
NOT_FOUND = {
    "description": "No published record has that id.",
    "content": {
        "application/json": {
            "schema": {"type": "object", "required": ["detail"], "properties": {"detail": {"type": "string"}}}
        }
    },
}
BAD_PARAMETER = {
    "description": "A query parameter cannot be read; the answer names it and what is wrong.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["detail", "parameter", "problem"],
                "properties": {
                    "detail": {"type": "string"},
                    "parameter": {"type": "string"},
                    "problem": {"type": "string"},
                },
            }
        }
    },
}
# What this server accepts, stated where the official document leaves the type loose. Anything else
# answers 400.
PARAMETER_SCHEMAS = {
    "page": {"type": "integer", "minimum": 1},
    "per_page": {"type": "integer", "minimum": 1},
    "modified_after": {"type": "string", "format": "date-time"},
    "taxonomy_term_id": {"type": "string", "format": "uuid"},
    "taxonomy_id": {"type": "string", "format": "uuid"},
    "organization_id": {"type": "string", "format": "uuid"},
    "format": {"type": "string", "enum": ["json", "ndjson"]},
}
NDJSON = "application/x-ndjson"
# open_api.json beside the schemas is the standard's template of this document, not a schema
NOT_SCHEMAS = {"open_api"}
PLACEHOLDER = re.compile(r"\bexample\.(com|org|net)\b|\bHERE\b")
SUMMARY = "The services of this Equal Chance directory as Open Referral UK 3.0: open, without keys."
MINIMAL = (
    "Return every service with just its id and last_modified (and its name and status, which the "
    "service_list schema requires), up to 10,000 in one page. Takes precedence over full=true."
)
# postcodes.normalise's shape, with spaces anywhere and either case
POSTCODE_PATTERN = r"^\s*[A-Za-z]\s*([A-Za-z]\s*)?[0-9]\s*([A-Za-z0-9]\s*)?[0-9]\s*[A-Za-z]\s*[A-Za-z]\s*$"
PROXIMITY = {
    "name": "proximity",
    "in": "query",
    "required": False,
    "description": "Only places within this many metres of the postcode's centroid (5,000 when not "
    "given; at most 100,000). Used only with postcode.",
    "schema": {"type": "number", "exclusiveMinimum": 0},
}
POSTCODE = {
    "name": "postcode",
    "in": "query",
    "required": False,
    "description": "A UK postcode: only services with a place within proximity of its centroid, "
    "nearest first on /service_at_locations. The directory knows the centroids of its partnership's "
    "districts' postcodes; near any other postcode it lists nothing.",
    "schema": {"type": "string", "pattern": POSTCODE_PATTERN},
}
AGE = "Only services for people of this age or older (minimum_age) or younger (maximum_age)."
EXTRA_SERVICE_PARAMETERS = [
    {
        "name": "minimum_age",
        "in": "query",
        "required": False,
        "description": AGE,
        "schema": {"type": "integer", "minimum": 0},
    },
    {
        "name": "maximum_age",
        "in": "query",
        "required": False,
        "description": AGE,
        "schema": {"type": "integer", "minimum": 0},
    },
]


def _local(node, within: str = ""):
    """Every reference to an official schema file turned into a reference inside this document; a
    schema file's references to its own parts (`#/definitions/...`) point into its embedded copy."""
    if isinstance(node, dict):
        return {
            key: _ref(value, within) if key == "$ref" else _local(value, within)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_local(item, within) for item in node]
    return node


def _without_placeholders(node):
    """The schema without example values that are placeholders (example.com addresses)."""
    if isinstance(node, dict):
        return {
            key: _without_placeholders(value)
            for key, value in node.items()
            if not (key == "example" and isinstance(value, str) and PLACEHOLDER.search(value))
        }
    if isinstance(node, list):
        return [_without_placeholders(item) for item in node]
    return node


def _ref(value, within: str):
    value = str(value)
    if value.startswith(REMOTE):
        return f"#/components/schemas/{value[len(REMOTE) : -5]}"
    if within and value.startswith("#/"):
        return f"#/components/schemas/{within}/{value[2:]}"
    return value


def _ndjson_answer(answer: dict) -> None:
    """format=ndjson: every record of the list, one JSON object a line, without the page header."""
    listed = answer["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    record = {"service_at_location_list": "service_at_location", "taxonomy_term_list": "taxonomy_term"}.get(
        listed, listed.removesuffix("_list")
    )
    answer["content"][NDJSON] = {
        "schema": {"$ref": f"#/components/schemas/{record}"},
        "x-description": "One record a line (newline-delimited JSON), every record, without pages.",
    }


@functools.cache
def document(base_path: str = "/api/oruk") -> dict:
    official = json.loads((DATA / "oruk-3.0-openapi.json").read_text(encoding="utf-8"))
    result = _local(copy.deepcopy(official))
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for path in sorted((DATA / "oruk-3.0-schema").glob("*.json")):
        if path.stem not in NOT_SCHEMAS:
            schemas[path.stem] = _without_placeholders(
                _local(json.loads(path.read_text(encoding="utf-8")), within=path.stem)
            )
    # The official document declares OpenAPI 3.0.0 but uses 3.1's JSON Schema 2020-12 dialect and
    # fields (jsonSchemaDialect, info.summary): it is served as the 3.1 document it is, without the
    # template's placeholders, and with its operations' informal names as extensions.
    result["openapi"] = "3.1.0"
    result["info"].pop("contact", None)  # "YOUR CONTACT NAME HERE"...
    result["info"]["summary"] = SUMMARY
    result["servers"] = [{"url": base_path}]
    for name, schema in PARAMETER_SCHEMAS.items():
        result["components"]["parameters"][name]["schema"] = schema
    result["components"]["parameters"]["postcode"] = POSTCODE
    result["components"]["parameters"]["proximity"] = PROXIMITY
    for path, item in result["paths"].items():
        operation = item["get"]
        if "name" in operation:
            operation["x-name"] = operation.pop("name")
        for parameter in item.get("parameters", []):
            if "summary" in parameter:
                parameter["x-summary"] = parameter.pop("summary")
        if "{id}" in path:
            operation["responses"]["404"] = NOT_FOUND
        if operation.get("parameters"):
            operation["responses"]["400"] = BAD_PARAMETER
            for parameter in operation["parameters"]:
                if parameter.get("name") == "parent_id":
                    parameter["schema"] = {"type": "string", "format": "uuid"}
                if parameter.get("$ref") == "#/components/parameters/minimal":
                    parameter["description"] = MINIMAL
                if parameter.get("$ref") == "#/components/parameters/format":
                    _ndjson_answer(operation["responses"]["200"])
        if path == "/services":
            operation["parameters"] = operation.get("parameters", []) + EXTRA_SERVICE_PARAMETERS
            operation["parameters"] += [
                {"$ref": "#/components/parameters/postcode"},
                {"$ref": "#/components/parameters/proximity"},
            ]
    return result
