"""/healthz: for load balancers and monitors, without sign-in or data."""

import pytest
from django.db import OperationalError

pytestmark = pytest.mark.django_db


def test_the_health_check_answers_ok_without_sign_in_while_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert not response.cookies  # no session, no CSRF cookie


def test_the_health_check_answers_503_when_the_database_does_not(client, monkeypatch):
    from equalchance.serving import views

    class Unreachable:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(views, "connection", Unreachable())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"database unavailable\n"


def test_the_health_check_only_reads(client):
    assert client.post("/healthz").status_code == 405
