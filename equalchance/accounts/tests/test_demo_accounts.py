"""The demo accounts made by `create_demo_users` may sign in without the second factor their role
needs, and every page tells them so. Nothing else can switch it off: no form, not the admin."""

import pytest
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.test import Client, RequestFactory

from equalchance.accounts.admin import PartnershipUserAdmin
from equalchance.accounts.models import User
from equalchance.accounts.tests.journeys import admin_change_data, sign_in, text

pytestmark = pytest.mark.django_db

BANNER = "Demo account: second factor switched off"


def demo_sign_in(username: str) -> Client:
    client = Client()
    client.post("/accounts/sign-in/", {"login": username, "password": "equal-chance-demo"})
    return client


def test_demo_moderators_and_administrators_sign_in_without_a_second_factor_and_every_page_says_so():
    call_command("create_demo_users", stdout=open("/dev/null", "w"))
    assert set(User.objects.filter(second_factor_exempt=True).values_list("username", flat=True)) == {
        "analyst",
        "viewer",
        "admin",
        "moderator",
        "planner",
    }
    moderator = demo_sign_in("moderator")
    # Moderators have no places.view (the partnership's pages refuse them): directory pages here.
    pages = ["/directory/moderation/", "/directory/moderation/currency/", "/accounts/2fa/", "/directory/"]
    for path in pages:
        page = moderator.get(path)
        assert page.status_code == 200 and BANNER in text(page), path
    admin = demo_sign_in("admin")
    assert BANNER in text(admin.get("/audit/"))
    assert BANNER in text(admin.get("/admin/accounts/user/"))  # the admin's pages too
    analyst = demo_sign_in("analyst")  # nothing is switched off for a role that needs no second factor
    assert BANNER not in text(analyst.get("/places/districts/"))


def test_demo_users_can_keep_the_second_factor():
    call_command("create_demo_users", "--with-second-factor", stdout=open("/dev/null", "w"))
    assert not User.objects.filter(second_factor_exempt=True).exists()
    moderator = demo_sign_in("moderator")
    assert moderator.get("/directory/moderation/")["Location"] == "/accounts/2fa/"


def test_the_admin_does_not_offer_the_exemption(client, user_with_role):
    admin = user_with_role("administrator", username="alex", is_staff=True, is_superuser=True)
    moderator = user_with_role("moderator", username="mo", second_factor=False)
    request = RequestFactory().get("/")
    request.user = admin
    model_admin = PartnershipUserAdmin(User, site)
    assert "second_factor_exempt" not in model_admin.get_form(request, moderator).base_fields
    assert "second_factor_exempt" not in model_admin.get_form(request, None).base_fields

    client.force_login(admin)
    page = client.get(f"/admin/accounts/user/{moderator.pk}/change/")
    assert page.status_code == 200 and 'name="second_factor_exempt"' not in page.content.decode()
    data = admin_change_data(page, second_factor_exempt="on")
    saved = client.post(f"/admin/accounts/user/{moderator.pk}/change/", data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    moderator.refresh_from_db()
    assert moderator.second_factor_exempt is False
    other = Client()
    sign_in(other, "mo")
    assert other.get("/directory/moderation/")["Location"] == "/accounts/2fa/"


def test_demo_users_have_addresses_on_a_reserved_domain_so_the_demos_reminders_can_be_read():
    """Probe 8: no demo account had an address, so the demo's reminders went nowhere without a word."""
    call_command("create_demo_users", stdout=open("/dev/null", "w"))
    addresses = dict(
        User.objects.filter(username__in=["analyst", "planner"]).values_list("username", "email")
    )
    assert addresses == {"analyst": "analyst@example.org", "planner": "planner@example.org"}
