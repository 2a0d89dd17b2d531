"""One JSON line per request, with nothing personal: no query strings, addresses, usernames, e-mail
addresses or secrets from e-mailed links. Refusals are one short line; server errors keep their
traceback."""

import io
import json
import logging
import re

import pytest
from django.core import mail
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


def pieces_of(secret: str, size: int = 6) -> set[str]:
    """Every run of `size` characters of `secret`: none may be in the log."""
    return {secret[i : i + size] for i in range(len(secret) - size + 1)}


def test_the_password_reset_link_from_the_outbox_is_logged_without_any_part_of_its_key(
    client, request_lines, user_with_role
):
    # The user's number is chosen so that it also occurs inside a key: replacing the number where it
    # appears in the path (as the log once did) left the rest of the key readable.
    user = user_with_role("analyst", username="adalovelace", email="ada@example.org")
    assert client.post("/accounts/password/reset/", {"email": "ada@example.org"}).status_code == 302
    [message] = mail.outbox
    link = re.search(r"http://testserver(/accounts/password/reset/key/(\w+)-(\S+)/)", message.body)
    path, uidb36, key = link[1], link[2], link[3]
    opened = client.get(path)
    form = opened["Location"] if opened.status_code == 302 else path  # allauth keeps the key in the session
    strong = "kettle-orchard-lantern"
    assert client.post(form, {"password1": strong, "password2": strong}).status_code == 302
    user.refresh_from_db()
    assert user.check_password(strong)  # the real flow worked
    lines = request_lines()
    reset_lines = [line for line in lines if line["view"] == "account_reset_password_from_key"]
    assert len(reset_lines) == 2  # the link opened, then the new password posted
    for line in reset_lines:
        assert line["path"] == "/accounts/password/reset/key/{uidb36}-{key}/"
    text = json.dumps(lines)
    assert not [piece for piece in pieces_of(key) if piece in text]
    assert path not in text and f"/{uidb36}-" not in text


def test_the_link_confirming_an_email_address_is_logged_without_its_token(client, request_lines):
    from equalchance.directory.importers.taxonomies import taxonomies_load
    from equalchance.directory.tests.journeys import link_in, register

    taxonomies_load()
    register(client, name="jane.doe", confirm=False, sign_in=False)
    [message] = mail.outbox
    path = link_in(message)
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert Client().get(path).status_code in (200, 302)
    [line] = [line for line in request_lines() if line["view"] == "accounts:verify-email"]
    assert line["path"] == "/accounts/verify-email/{token}/" and line["status"] in (200, 302)
    text = json.dumps(request_lines())
    assert not [piece for piece in pieces_of(token) if piece in text]
    assert "jane.doe" not in text


@pytest.mark.parametrize(
    "sent, logged",
    [
        ("/directory/services/jane.doe@example.org/", "/directory/…"),
        ("/directory/jane.doe@example.org", "/directory/…"),
        ("/jane.doe@example.org/", "/…"),
        ("/jane.doe@example.org", "/…"),
        ("/Jane%20Doe%20B37%207UH/referral/", "/…"),
        ("/accounts/password/reset/kye/8-a6f515efda/", "/accounts/…"),
        ("/static/jane.doe@example.org.css", "/static/…"),
    ],
)
def test_a_path_that_matches_no_url_is_logged_by_its_first_segment_only(client, request_lines, sent, logged):
    assert client.get(sent).status_code == 404
    [line] = request_lines()
    assert (line["path"], line["view"], line["status"]) == (logged, None, 404)
    for personal in ("jane", "doe", "example", "B37", "a6f515efda"):
        assert personal not in json.dumps(line).lower()


@pytest.mark.parametrize(
    "sent, logged",
    [
        ("/places/districts/jane.doe@example.org/", "/places/districts/{code}/"),
        ("/places/districts/E08000029/", "/places/districts/E08000029/"),
        ("/indicators/jane-doe/", "/indicators/{code}/"),
        ("/scorecards/12/export.csv", "/scorecards/12/export.csv"),
        ("/admin/jane.doe@example.org", "/admin/{url}"),
        ("/admin/accounts/user/jane.doe/change/", "/admin/accounts/user/{object_id}/change/"),
        ("/admin/accounts/user/12/change/", "/admin/accounts/user/12/change/"),
    ],
)
def test_a_path_keeps_only_argument_values_that_cannot_be_personal(
    user_with_role, request_lines, sent, logged
):
    client = Client(raise_request_exception=False)
    client.force_login(user_with_role(Role.ADMINISTRATOR, second_factor_exempt=True))
    client.get(sent)
    [line] = request_lines()
    assert line["path"] == logged
    assert "jane" not in json.dumps(line)


def test_a_static_file_served_is_logged_with_its_path(client, request_lines):
    assert client.get("/static/frontend/app.css").status_code == 200
    [line] = request_lines()
    assert line["path"] == "/static/frontend/app.css"


def test_every_url_of_the_site_is_logged_as_a_path_without_pattern_syntax():
    from django.urls import URLResolver, get_resolver

    from equalchance.serving.request_log import route_shown

    def routes(patterns, prefix=""):
        for entry in patterns:
            route = prefix + str(entry.pattern).lstrip("^")
            if isinstance(entry, URLResolver):
                yield from routes(entry.url_patterns, route)
            else:
                yield route

    every = set(routes(get_resolver().url_patterns))
    assert len(every) > 100
    for route in every:
        shown = route_shown(route, lambda name, group: "{" + str(name) + "}")
        assert shown.startswith("/") and not re.search(r"[\\^$()\[\]*+?|<>]", shown), (route, shown)
    assert route_shown(
        r"password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$", lambda n, g: f"{{{n}}}"
    ) == ("/password/reset/key/{uidb36}-{key}/")


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


def server_lines(server_log) -> list[dict]:
    """The console log's lines: each must be a JSON object."""
    return [json.loads(line) for line in server_log.getvalue().splitlines()]


def test_a_host_not_allowed_is_one_json_line_without_the_host(request_lines, server_log):
    client = Client(raise_request_exception=False)
    assert client.get("/accessibility/", HTTP_HOST="jane.doe.example.net").status_code == 400
    [line] = server_lines(server_log)
    assert line["logger"] == "django.security.DisallowedHost" and line["status"] == 400
    assert line["message"] == "Invalid HTTP_HOST header: the host is not in ALLOWED_HOSTS"
    assert re.fullmatch(r"[0-9a-f]{32}", line["request_id"]) and "traceback" not in line
    assert [(r["status"], r["path"]) for r in request_lines()] == [(400, "/accessibility/")]
    assert "jane" not in server_log.getvalue()


@override_settings(ROOT_URLCONF="equalchance.serving.tests.urls")
def test_a_server_error_is_one_json_line_with_its_traceback_and_the_path_as_the_request_log_shows_it(
    request_lines, server_log, user_with_role
):
    client = Client(raise_request_exception=False)
    client.force_login(user_with_role(Role.ANALYST))
    assert client.get("/test-fails/jane.doe@example.org/").status_code == 500
    [line] = server_lines(server_log)
    assert (line["logger"], line["level"], line["status"]) == ("django.request", "ERROR", 500)
    assert line["message"] == "Internal Server Error: /test-fails/{name}/"
    assert line["traceback"].startswith("Traceback") and "RuntimeError: A real fault" in line["traceback"]
    assert line["request_id"] == request_lines()[0]["request_id"]
    assert "jane" not in server_log.getvalue()


def test_the_products_own_warnings_are_json_lines_too(server_log):
    logging.getLogger("equalchance.directory").warning("A feed was refused: %s", "an id names two")
    [line] = server_lines(server_log)
    assert (line["logger"], line["level"]) == ("equalchance.directory", "WARNING")
    assert line["message"] == "A feed was refused: an id names two"
