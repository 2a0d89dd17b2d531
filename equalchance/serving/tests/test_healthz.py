"""/healthz: for load balancers and monitors, without sign-in or data."""

import http.client
import json
import signal
import subprocess
import sys
import time

import pytest
from django.db import OperationalError
from django.test import Client, override_settings

from equalchance.serving.tests.test_serve import REAL_KEY, free_port

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


# As `equalchance serve` runs in production: TLS on (redirect to https), only the site's name allowed.
BEHIND_TLS = dict(
    SECURE_SSL_REDIRECT=True,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    ALLOWED_HOSTS=["equalchance.example.org"],
)


@pytest.mark.parametrize("host", ["10.0.0.5:8000", "10.0.0.5", "[fd00::5]:8000", "equalchance.example.org"])
def test_a_load_balancer_gets_ok_over_plain_http_whatever_the_host_header(host):
    with override_settings(**BEHIND_TLS):
        response = Client().get("/healthz", HTTP_HOST=host)  # plain HTTP, no X-Forwarded-Proto
        assert (response.status_code, response.content) == (200, b"ok\n")
        assert not response.cookies and "no-cache" in response["Cache-Control"]
        assert Client().head("/healthz", HTTP_HOST=host).status_code == 200
        assert Client().post("/healthz", HTTP_HOST=host).status_code == 405


def test_every_other_page_still_checks_the_host_and_redirects_to_https():
    with override_settings(**BEHIND_TLS):
        client = Client(raise_request_exception=False)
        assert client.get("/accessibility/", HTTP_HOST="10.0.0.5:8000").status_code == 400
        assert client.get("/healthz/", HTTP_HOST="10.0.0.5:8000").status_code == 400  # only /healthz itself
        redirected = client.get("/accessibility/", HTTP_HOST="equalchance.example.org")
        assert redirected.status_code == 301
        assert redirected["Location"] == "https://equalchance.example.org/accessibility/"
        over_tls = client.get(
            "/accessibility/", HTTP_HOST="equalchance.example.org", HTTP_X_FORWARDED_PROTO="https"
        )
        assert over_tls.status_code == 200


def raw_get(port: int, path: str, host: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_under_serve_with_tls_a_plain_http_check_by_ip_address_gets_ok_and_every_log_line_is_json(
    fresh_database, tmp_path
):
    port = free_port()
    env = {
        **fresh_database,
        "DJANGO_SETTINGS_MODULE": "equalchance.config.settings",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": REAL_KEY,  # TLS settings on, as in production
        "ALLOWED_HOSTS": "equalchance.example.org",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
    }
    log = open(tmp_path / "serve.log", "w+")
    server = subprocess.Popen(
        [sys.executable, "-m", "equalchance.cli", "serve"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        for _ in range(300):
            try:
                status = raw_get(port, "/healthz", "10.0.0.5:8000")
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "serve.log").read_text()
                time.sleep(0.1)
        assert status == (200, b"ok\n")
        assert raw_get(port, "/healthz", "jane.doe.example.net") == (200, b"ok\n")
        assert raw_get(port, "/accessibility/", "jane.doe.example.net")[0] == 400
        assert raw_get(port, "/accessibility/", "equalchance.example.org")[0] == 301
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    lines = [line for line in (tmp_path / "serve.log").read_text().splitlines() if line.strip()]
    django_lines = [json.loads(line) for line in lines if not line.startswith("[")]  # gunicorn's own: [time]
    assert len(django_lines) == len(lines) - sum(line.startswith("[") for line in lines)
    [host_warning] = [line for line in django_lines if line.get("logger") == "django.security.DisallowedHost"]
    assert host_warning["message"] == "Invalid HTTP_HOST header: the host is not in ALLOWED_HOSTS"
    assert host_warning["level"] == "ERROR" and "traceback" not in host_warning
    assert "jane" not in "\n".join(lines) and "10.0.0.5" not in "\n".join(lines)
    assert [line["status"] for line in django_lines if "path" in line] == [400, 301]
