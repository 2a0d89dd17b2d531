"""Schemathesis against the API's own OpenAPI document: generated requests to every operation, as a
signed-in analyst, find no server error and no response that breaks the documented schema."""

from datetime import date

import pytest
import schemathesis
import werkzeug.test
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings

from equalchance.scorecards.publishing import snapshot_publish

pytestmark = pytest.mark.django_db


def test_the_api_keeps_to_its_openapi_document(client, scorecard, analyst, connection_kept_open):
    snapshot_publish(
        scorecard=scorecard, title="Public", as_at=date(2025, 12, 31), commentary={}, public=True, by=analyst
    )
    client.force_login(analyst)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    # The document is for signed-in users: read it as one, through the application itself (Django's
    # test client would reconnect the signal that closes the connection after each request).
    app = get_wsgi_application()
    reader = werkzeug.test.Client(app)
    reader.set_cookie("sessionid", client.cookies["sessionid"].value)
    document = reader.get("/api/schema/?format=json")
    assert document.status_code == 200
    schema = schemathesis.openapi.from_dict(document.get_json())
    schema.app = app
    operations = [result.ok() for result in schema.get_all_operations()]
    # every scorecard operation in the document is exercised (plans: equalchance/plans/tests)
    operations = [operation for operation in operations if not operation.path.startswith("/api/plans/")]
    assert len(operations) == 4

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def conforms(case):
            case.call_and_validate(headers={"Cookie": cookie})

        conforms()
