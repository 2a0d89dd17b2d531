"""The OpenAPI document served at /api/oruk/openapi.json: the official Open Referral UK 3.0 document
(shipped unchanged in data/), made self-contained and describing this server exactly:
- its schema references to openreferraluk.org point at the same schemas, embedded (shipped in
  data/oruk-3.0-schema/), so clients need no other download;
- `servers` names this API's address; unknown ids answer 404 in JSON, which the official document
  leaves unspecified; the extra filters this API offers (ages) are listed;
- what each query parameter must be is stated (page sizes from 1, ids as UUIDs, date-times), and a
  parameter that is not so answers 400 in JSON naming it.
"""

import copy
import functools
import json
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
MINIMAL = (
    "Return every service with just its id and last_modified (and its name and status, which the "
    "service_list schema requires), up to 10,000 in one page. Cannot be combined with full=true."
)
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


def _local(node):
    """Every reference to an official schema file turned into a reference inside this document."""
    if isinstance(node, dict):
        return {
            key: (
                f"#/components/schemas/{value[len(REMOTE) : -5]}"
                if key == "$ref" and str(value).startswith(REMOTE)
                else _local(value)
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_local(item) for item in node]
    return node


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
        schemas[path.stem] = _local(json.loads(path.read_text(encoding="utf-8")))
    result["servers"] = [{"url": base_path}]
    for name, schema in PARAMETER_SCHEMAS.items():
        result["components"]["parameters"][name]["schema"] = schema
    for path, item in result["paths"].items():
        operation = item["get"]
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
    return result
