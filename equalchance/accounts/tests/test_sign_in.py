"""Signing in with django-allauth at /accounts/sign-in/: by username or e-mail address, one door (the
admin's sign-in sends people here), and every event on the audit trail, without the typed name."""

import pytest
from django.test import Client

from equalchance.accounts.receivers import how_signed_in
from equalchance.accounts.tests.hashing import hashings
from equalchance.accounts.tests.journeys import PASSWORD, sign_in, text

pytestmark = pytest.mark.django_db


def test_a_user_signs_in_by_username_or_by_email_address(client, user_with_role):
    user = user_with_role("analyst", username="ada", email="ada@example.org")
    assert sign_in(client, "ada")["Location"] == "/start/"
    assert client.get("/places/districts/").status_code == 200
    other = Client()
    assert sign_in(other, "ADA@example.org")["Location"] == "/start/"
    assert other.get("/").wsgi_request.user == user


def test_a_wrong_password_is_refused_in_plain_words(client, user_with_role):
    user_with_role("analyst", username="ada")
    refused = sign_in(client, "ada", "not-the-password")
    assert refused.status_code == 200
    assert "Enter a correct username (or email address) and password" in text(refused)
    assert "govuk-error-summary" in refused.content.decode()
    assert client.get("/places/districts/").status_code == 302


def test_the_sign_in_page_is_gov_uk_and_offers_a_password_reset_and_passkeys(client):
    page = client.get("/accounts/sign-in/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="govuk-input govuk-input--width-20"' in html and 'autocomplete="username"' in html
    assert "Username or email address" in html and "I have forgotten my password" in html
    assert "Sign in with a passkey" in html and 'src="/static/mfa/js/webauthn.js"' in html
    assert "<script>" not in html.split('<a href="#main-content"')[1]  # no inline code beyond the base's
    assert "Sign in with Microsoft" not in html  # no single sign-on unless it is configured


def test_signing_in_and_out_is_audited_and_a_failure_does_not_store_the_typed_name(
    client, user_with_role, audit_events
):
    user = user_with_role("analyst", username="ada")
    sign_in(client, "ada", "wrong-password-1")
    sign_in(client, "nobody-by-this-name", "typed-secret")
    sign_in(client, "ada")
    client.post("/accounts/sign-out/")

    failed = audit_events("accounts.sign_in_failed")
    assert [(e.object_id, e.changes["why"], e.refused, e.actor_id) for e in failed] == [
        (str(user.pk), "wrong_password", True, None),
        ("", "unknown_account", True, None),
    ]
    stored = str([(e.object_type, e.object_id, e.changes) for e in failed])
    assert "nobody-by-this-name" not in stored and "typed-secret" not in stored
    assert all(e.client_ip == "127.0.0.1" for e in failed)
    [signed_in] = audit_events("accounts.sign_in")
    assert (signed_in.actor_id, signed_in.object_id) == (user.pk, str(user.pk))
    assert signed_in.changes == {"method": "password", "second_factor": ""}
    [signed_out] = audit_events("accounts.sign_out")
    assert signed_out.actor_id == user.pk
    assert client.get("/places/districts/").status_code == 302


def test_the_admin_sign_in_sends_everyone_to_the_one_sign_in_page(client, user_with_role):
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/sign-in/?next=/admin/accounts/user/"
    assert client.get("/admin/")["Location"].startswith("/admin/login/")

    admin = user_with_role("administrator", username="alex", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get("/admin/accounts/user/").status_code == 200
    viewer = Client()
    viewer.force_login(user_with_role("viewer"))
    assert viewer.get("/admin/login/?next=/admin/").status_code == 403  # signed in, not staff: no loop
    assert client.get("/admin/password_change/")["Location"] == "/accounts/password/change/"

    door = Client()  # the admin's form no longer signs anyone in
    posted = door.post("/admin/login/", {"username": "alex", "password": PASSWORD})
    assert posted.status_code == 302 and posted["Location"].startswith("/accounts/sign-in/")
    assert door.get("/admin/")["Location"].startswith("/admin/login/")


def test_nobody_can_sign_up_through_allauth(client):
    page = client.get("/accounts/signup/")
    assert "You cannot make an account here" in text(page)
    posted = client.post(
        "/accounts/signup/",
        {"username": "eve", "email": "eve@example.org", "password1": "x" * 20, "password2": "x" * 20},
    )
    assert "You cannot make an account here" in text(posted)
    from equalchance.accounts.models import User

    assert not User.objects.filter(username="eve").exists()


def test_the_system_actor_cannot_sign_in_whatever_its_password(client, system, audit_events):
    # No route gives it a password (User.save refuses); written straight into the table, it still
    # cannot sign in.
    from django.contrib.auth.hashers import make_password

    from equalchance.accounts.models import User

    User.objects.filter(pk=system.pk).update(password=make_password("a-password-someone-set"))
    response = sign_in(client, "system", "a-password-someone-set")
    assert response["Location"] == "/accounts/inactive/"
    assert client.get("/places/districts/").status_code == 302
    assert audit_events("accounts.sign_in") == []
    [failed] = audit_events("accounts.sign_in_failed")
    assert (failed.object_id, failed.changes["why"]) == (str(system.pk), "inactive")


def test_an_inactive_account_is_told_so_and_the_attempt_is_audited(client, user_with_role, audit_events):
    user = user_with_role("analyst", username="ada", is_active=False)
    response = sign_in(client, "ada")
    assert response["Location"] == "/accounts/inactive/"
    assert "This account is not active" in text(client.get(response["Location"]))
    [failed] = audit_events("accounts.sign_in_failed")
    assert (failed.object_id, failed.changes["why"]) == (str(user.pk), "inactive")


def test_pages_that_are_not_offered_answer_not_found(client, user_with_role):
    client.force_login(user_with_role("analyst"))
    for path in ["/accounts/email/", "/accounts/3rdparty/", "/accounts/confirm-email/"]:
        assert client.get(path).status_code == 404, path


def test_the_audit_says_how_each_sign_in_was_made():
    password = {"method": "password", "at": 1.0}
    assert how_signed_in([], None) == ("direct", "")
    assert how_signed_in([password], None) == ("password", "")
    assert how_signed_in([password, {"method": "mfa", "type": "totp"}], None) == ("password", "totp")
    passkey = {"method": "mfa", "type": "webauthn", "passwordless": True}
    assert how_signed_in([passkey], None) == ("passkey", "passkey")
    sso = {"method": "socialaccount", "provider": "oidc", "uid": "7"}
    assert how_signed_in([sso], {"uid": "7", "mfa": True}) == ("sso", "idp")
    assert how_signed_in([sso], {"uid": "8", "mfa": True}) == ("sso", "")  # another sign-in's claim
    assert how_signed_in([sso, {"method": "mfa", "type": "totp"}], {"uid": "7", "mfa": False}) == (
        "sso",
        "totp",
    )
    reauthenticated = {"method": "mfa", "type": "totp", "reauthenticated": True}
    assert how_signed_in([password, reauthenticated], None) == ("password", "")


def test_a_wrong_password_costs_one_hashing_whether_or_not_the_name_or_address_is_an_account(
    user_with_role,
):
    """The defect: by e-mail address, a wrong password for an account was hashed twice (~510 ms), an
    unknown address once (~290 ms), so the time told which addresses have accounts."""
    user_with_role("analyst", username="ada", email="ada@example.org")
    for login in ["ada@example.org", "ADA@example.org", "nobody@example.org", "ada", "nobody"]:
        with hashings() as calls:
            refused = sign_in(Client(), login, "not-the-password")
        assert refused.status_code == 200 and "Enter a correct" in text(refused), login
        assert len(calls) == 1, login
    with hashings() as calls:
        assert sign_in(Client(), "ada@example.org")["Location"] == "/start/"
    assert len(calls) == 1
