"""Schemathesis against the served ORUK OpenAPI document: generated requests to every operation find
no server error, no undocumented status or content type, and no response breaking its schema."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings

from equalchance.accounts.services import system_actor
from equalchance.directory.synthetic import directory_generate

pytestmark = pytest.mark.django_db


def test_the_oruk_api_keeps_to_its_openapi_document(connection_kept_open):
    directory_generate(district="E08000029", services=15, by=system_actor())
    schema = schemathesis.openapi.from_wsgi("/api/oruk/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 11

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def conforms(case):
            case.call_and_validate()

        conforms()
