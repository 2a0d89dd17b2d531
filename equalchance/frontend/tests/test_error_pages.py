"""Styled 403, 404, 500 and CSRF failure pages for pages, with the site's header; JSON for the API. The
500 page renders without a database or a request."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.test import Client, RequestFactory
from django.urls import path

from equalchance.config.urls import handler403, handler404, handler500  # noqa: F401
from equalchance.config.urls import urlpatterns as site_urls
from equalchance.frontend import views


@login_not_required  # so that it fails for anyone, before any sign-in
def broken(request):
    raise RuntimeError("something broke")


# The site's own addresses and handlers, with two that fail (one a page, one in the API).
urlpatterns = [path("broken/", broken), path("api/broken/", broken), *site_urls]

HEADER = '<a href="/" class="govuk-header__link govuk-header__link--homepage">'


@pytest.mark.django_db
@pytest.mark.urls("equalchance.frontend.tests.test_error_pages")
def test_a_server_error_shows_the_styled_page_with_the_header(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html and "Try again later." in html
    assert HEADER in html and "/static/frontend/app.css" in html
    assert "something broke" not in html and "Traceback" not in html


@pytest.mark.django_db
@pytest.mark.urls("equalchance.frontend.tests.test_error_pages")
def test_a_server_error_in_the_api_answers_in_json(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/api/broken/")
    assert response.status_code == 500
    assert response.json() == {"detail": "There is a problem with the service."}


def test_the_500_page_needs_neither_the_database_nor_the_request():
    """No django_db mark: any query would fail the test. The request is not passed to the template."""
    response = views.server_error(RequestFactory().get("/anything/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Sorry, there is a problem with the service" in html and HEADER in html
    assert "Sign out" not in html  # no user, so no account links


@pytest.mark.django_db
def test_a_missing_page_is_styled_with_the_header_and_says_what_to_do(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html and "If you typed the web address, check it is correct." in html
    assert HEADER in html and 'href="/directory/"' in html


@pytest.mark.django_db
def test_a_missing_api_address_answers_in_json(client, user_with_role):
    client.force_login(user_with_role("analyst"))
    response = client.get("/api/scorecards/999999/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_a_refused_page_is_styled_and_says_who_to_ask(client, user_with_role):
    client.force_login(user_with_role("provider"))
    response = client.get(f"/places/districts/{'E08000029'}/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "You do not have permission to view this page" in html and "ask your partnership" in html
    assert HEADER in html and 'href="/start/"' in html


@pytest.mark.django_db
def test_a_refused_api_call_answers_in_json(client, user_with_role):
    client.force_login(user_with_role("provider"))
    response = client.get("/api/scorecards/")
    assert response.status_code == 403 and response["Content-Type"] == "application/json"


@pytest.mark.django_db
def test_a_form_sent_without_its_security_token_gets_a_styled_page(user_with_role):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/directory/shortlist/change/", {"service": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your form could not be sent" in html and "reload the page and try again" in html
    assert HEADER in html and "CSRF" not in html
