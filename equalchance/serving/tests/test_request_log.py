"""One JSON line per request, with nothing personal: no query strings, addresses, usernames, e-mail
addresses or secrets from e-mailed links. Refusals are one short line; server errors keep their
traceback."""

import io
import json
import logging
import re

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from equalchance.accounts.models import Membership, Organisation, Role
from equalchance.directory.models import Referral, Service

pytestmark = pytest.mark.django_db

POSTCODE = "B37 7UH"


@pytest.fixture
def request_lines():
    """The request log's lines, as dicts, captured from the configured logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logger = logging.getLogger("equalchance.requests")
    logger.addHandler(handler)
    lines = []

    def read() -> list[dict]:
        lines.extend(json.loads(text) for text in stream.getvalue().splitlines())
        stream.seek(0)
        stream.truncate()
        return lines

    yield read
    logger.removeHandler(handler)


@pytest.fixture
def server_log():
    """What the console handler (with its filters) writes: Django's warnings and errors."""
    handler = next(h for h in logging.getLogger().handlers if h.filters)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_a_search_near_a_postcode_is_logged_without_the_query(client, request_lines):
    typed = {"q": "toddler groups", "postcode": POSTCODE, "distance": "3"}
    response = client.post("/directory/", typed, follow=True)  # the form is posted, then its address
    assert response.status_code == 200
    posted, shown = request_lines()
    assert (posted["method"], posted["status"], shown["method"], shown["status"]) == ("POST", 302, "GET", 200)
    for line in (posted, shown):
        assert line["path"] == "/directory/" and line["view"] == "directory:search" and line["user"] is None
        assert re.fullmatch(r"[0-9a-f]{32}", line["request_id"])
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["time"])
    assert shown["bytes"] == len(response.content) and shown["duration_ms"] > 0
    assert posted["request_id"] != shown["request_id"]
    text = json.dumps([posted, shown])
    for secret in ("B37", "7UH", "toddler", "postcode", "127.0.0.1", "s="):
        assert secret not in text


def test_a_referral_page_is_logged_with_the_users_number_only(request_lines, user_with_role):
    organisation = Organisation.objects.create(name="Family Hub", description="x")
    service = Service.objects.create(
        organisation=organisation, name="Parenting group", last_modified=timezone.now(), published=True
    )
    worker = user_with_role(Role.VIEWER, username="jo.worker", email="jo.worker@example.org")
    provider = user_with_role(Role.PROVIDER, username="pat.provider", email="pat@example.org")
    Membership.objects.create(organisation=organisation, user=provider)
    client = Client()
    client.force_login(worker)
    client.post(
        f"/directory/services/{service.pk}/refer/",
        {
            "person_name": "Jo Bloggs",
            "person_contact": "07700 900123",
            "reason": "Wants support with sleep.",
            "consent": "on",
            "consent_note": "In person",
        },
    )
    referral = Referral.objects.get()
    assert client.get(f"/directory/referrals/{referral.pk}/").status_code == 200
    refused = Client()
    refused.force_login(provider)
    assert refused.post(f"/directory/referrals/{referral.pk}/", {"decision": "nonsense"}).status_code in (
        200,
        400,
    )
    lines = request_lines()
    sent, read = lines[0], lines[1]
    assert sent["method"] == "POST" and sent["status"] == 302 and sent["view"] == "directory:refer"
    assert read["path"] == f"/directory/referrals/{referral.pk}/" and read["view"] == "directory:referral"
    assert read["user"] == worker.pk and lines[2]["user"] == provider.pk
    text = "\n".join(json.dumps(line) for line in lines)
    for personal in ("Jo Bloggs", "07700", "sleep", "jo.worker", "pat.provider", "@example.org", "Parenting"):
        assert personal not in text


def test_the_token_of_an_emailed_link_is_not_logged(client, request_lines):
    token = "c2FtQGV4YW1wbGUub3Jn:1vABCD:secret-signature-part"
    client.get(f"/accounts/verify-email/{token}/")
    [line] = request_lines()
    assert line["path"] == "/accounts/verify-email/{token}/" and line["view"] == "accounts:verify-email"
    assert "secret-signature" not in json.dumps(line)


@override_settings(ROOT_URLCONF="equalchance.serving.tests.urls")
def test_a_refused_request_is_one_short_line_without_a_traceback(request_lines, server_log, user_with_role):
    client = Client()
    client.force_login(user_with_role(Role.VIEWER))
    assert client.get("/test-refuses/").status_code == 403
    assert [line["status"] for line in request_lines()] == [403]
    assert server_log.getvalue() == ""  # no "Forbidden (Permission denied)" warning, no traceback


@override_settings(ROOT_URLCONF="equalchance.serving.tests.urls")
def test_a_refused_form_without_its_csrf_token_is_one_short_line(request_lines, server_log):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/directory/register/", {"name": "x"}).status_code == 403
    assert [line["status"] for line in request_lines()] == [403]
    assert "Traceback" not in server_log.getvalue() and "CSRF" not in server_log.getvalue()


@override_settings(ROOT_URLCONF="equalchance.serving.tests.urls")
def test_a_server_error_keeps_its_traceback_without_the_query_or_body(
    request_lines, server_log, user_with_role
):
    client = Client(raise_request_exception=False)
    client.force_login(user_with_role(Role.ANALYST))
    response = client.post("/test-fails/?postcode=B37+7UH", {"person_name": "Jo Bloggs"})
    assert response.status_code == 500
    assert [line["status"] for line in request_lines()] == [500]
    logged = server_log.getvalue()
    assert "Internal Server Error: /test-fails/" in logged
    assert "Traceback" in logged and "RuntimeError: A real fault in the code" in logged
    assert "B37" not in logged and "Jo Bloggs" not in logged
