"""Security headers on public pages, signed-in pages and the open API: a Content-Security-Policy with a
per-request nonce and no inline script otherwise, a Permissions-Policy, and no caching of anything
served to a signed-in user or setting a cookie."""

import re

import pytest
from django.test import Client

from equalchance.accounts.models import Role

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_public_pages_carry_the_content_security_policy_with_the_nonce_of_their_inline_scripts(client):
    response = client.get("/accessibility/")
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"] and policy["base-uri"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    [nonce] = [source[len("'nonce-") : -1] for source in policy["script-src"] if source.startswith("'nonce-")]
    html = response.content.decode()
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)([^>]*)>", html)
    assert inline_scripts and all(f'nonce="{nonce}"' in attributes for attributes in inline_scripts)
    assert (
        "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    )


def test_every_request_gets_a_new_nonce(client):
    first, second = (directives(client.get("/accessibility/"))["script-src"] for _ in range(2))
    assert first != second


def test_a_public_page_without_cookies_may_be_cached_and_one_setting_a_cookie_may_not(client):
    plain = client.get("/accessibility/")
    assert "no-store" not in plain.get("Cache-Control", "") and not plain.cookies
    form = client.get("/directory/register/")  # a form: sets the CSRF cookie
    assert form.cookies and form["Cache-Control"] == "no-store, private"


def test_signed_in_pages_are_never_stored_and_carry_the_same_headers(user_with_role):
    client = Client()
    client.force_login(user_with_role(Role.ANALYST))
    for path in ("/scorecards/", "/directory/", "/accessibility/", "/directory/referrals/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == "no-store, private", path
        assert "'nonce-" in response["Content-Security-Policy"], path
        assert "microphone=()" in response["Permissions-Policy"], path


def test_static_files_keep_their_caching_for_signed_in_users(user_with_role):
    client = Client()
    client.force_login(user_with_role(Role.ANALYST))
    response = client.get("/static/frontend/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_open_api_keeps_its_cors_header_beside_the_security_headers(client):
    response = client.get("/api/oruk/services", {"per_page": 2})
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert directives(response)["default-src"] == ["'self'"]
    assert "usb=()" in response["Permissions-Policy"]
    assert "no-store" not in response.get("Cache-Control", "")  # open data, no cookie: cacheable


def test_the_api_answers_signed_in_users_without_caching(user_with_role):
    client = Client()
    client.force_login(user_with_role(Role.ANALYST))
    response = client.get("/api/scorecards/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    assert "Content-Security-Policy" in response
