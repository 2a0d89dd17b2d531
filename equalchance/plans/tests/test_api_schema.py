"""Schemathesis against the API's own OpenAPI document, for the plans operations: generated requests,
from the public and from a signed-in viewer who owns an action, find no server error and no response
that breaks the documented schema (the scorecard operations are exercised in scorecards' own test)."""

import pytest
import schemathesis
import werkzeug.test
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings

from equalchance.plans.tests import access
from tests.authorization.harness import World

pytestmark = pytest.mark.django_db


def test_the_plans_api_keeps_to_its_openapi_document(client, user_with_role, connection_kept_open):
    world = World(people={"referrer": user_with_role("viewer", username="referrer")})
    access.populate(world)
    client.force_login(world.people["referrer"])
    session = client.cookies["sessionid"].value
    app = get_wsgi_application()
    reader = werkzeug.test.Client(app)
    reader.set_cookie("sessionid", session)
    document = reader.get("/api/schema/?format=json")
    assert document.status_code == 200
    schema = schemathesis.openapi.from_dict(document.get_json())
    schema.app = app
    operations = [result.ok() for result in schema.get_all_operations()]
    operations = [operation for operation in operations if operation.path.startswith("/api/plans/")]
    assert len(operations) == 6  # every plans operation in the document is exercised

    for operation in operations:
        exercise(operation, headers={})  # the public
        exercise(operation, headers={"Cookie": f"sessionid={session}"})  # the viewer


def exercise(operation, *, headers: dict) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def conforms(case):
        case.call_and_validate(headers=headers)

    conforms()
