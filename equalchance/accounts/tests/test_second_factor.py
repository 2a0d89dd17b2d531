"""A second factor is required for the roles that can see personal data (administrators, moderators):
without one they are sent to set one up from every page; with one they must pass it at sign-in.
Authenticator apps (codes computed here as the app would), recovery codes that work once each, and the
last factor of such a user cannot be removed. Other roles may add one, and must then use it."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client

from equalchance.accounts import second_factor
from equalchance.accounts.middleware import SET_UP_PAGES
from equalchance.accounts.permissions import CAPABILITIES
from equalchance.accounts.tests.factories import TEST_TOTP_SECRET, totp_code
from equalchance.accounts.tests.journeys import confirm_it_is_you, sign_in, text
from tests.test_sign_in_required import all_patterns, example_path

pytestmark = pytest.mark.django_db

SET_UP = "/accounts/2fa/"


def test_the_rule_is_one_capability_for_administrators_and_moderators():
    assert CAPABILITIES["accounts.requires_mfa"] == {"administrator", "moderator"}


def test_a_moderator_without_a_second_factor_is_sent_to_set_one_up_from_every_page(client, user_with_role):
    client.force_login(user_with_role("moderator", username="mo", second_factor=False))
    checked = 0
    for route, name in all_patterns():
        if name in SET_UP_PAGES:
            continue
        path = example_path(route, 1)
        response = client.get(path)
        if path.startswith("/api/"):
            assert response.status_code == 403 and "second factor" in response.json()["detail"], path
        else:
            assert (response.status_code, response.get("Location")) == (302, SET_UP), (name, path)
        checked += 1
    assert checked > 100
    assert client.post("/directory/moderation/1/", {"decision": "approve"})["Location"] == SET_UP
    page = client.get(SET_UP)
    assert page.status_code == 200 and "you must set up a second factor" in text(page)
    assert client.get("/accessibility/").status_code == 200


def test_a_moderator_sets_up_an_authenticator_app_and_then_gets_in_with_its_codes(
    client, user_with_role, audit_events
):
    user = user_with_role("moderator", username="mo", second_factor=False)
    assert sign_in(client, "mo")["Location"] == "/start/"  # no factor yet: signed in, but confined
    assert client.get("/directory/moderation/")["Location"] == SET_UP

    asked = client.get("/accounts/2fa/totp/activate/")
    assert asked["Location"] == "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    assert "Confirm it is you" in text(client.get(asked["Location"]))
    confirm_it_is_you(client)
    page = client.get("/accounts/2fa/totp/activate/")
    secret = client.session["mfa.totp.secret"]
    shown = text(page)
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in shown  # the key as text
    assert 'src="data:image/svg+xml;base64,' in page.content.decode()  # and as a QR code
    refused = client.post("/accounts/2fa/totp/activate/", {"code": "123456"})
    assert "The code is not right" in text(refused) and not second_factor.has_factor(user)
    client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert second_factor.has_factor(user)
    assert client.get("/directory/moderation/").status_code == 200

    client.post("/accounts/sign-out/")
    assert sign_in(client, "mo")["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/directory/moderation/").status_code == 302  # not signed in until the code
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert "The code is not right" in text(wrong)
    assert client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})["Location"] == "/start/"
    assert client.get("/directory/moderation/").status_code == 200

    added = {e.changes["type"] for e in audit_events("accounts.mfa_added")}
    assert added == {"totp", "recovery_codes"}  # recovery codes come with the first factor
    [failed] = audit_events("accounts.mfa_failed")
    assert failed.object_id == str(user.pk) and failed.refused and failed.actor_id is None
    assert audit_events("accounts.sign_in")[-1].changes == {"method": "password", "second_factor": "totp"}


def test_recovery_codes_work_once_each(client, user_with_role, audit_events):
    user_with_role("moderator", username="mo")
    sign_in(client, "mo")
    client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    confirm_it_is_you(client)
    client.post("/accounts/2fa/recovery-codes/generate/")
    codes = client.get("/accounts/2fa/recovery-codes/").context["unused_codes"]
    assert len(codes) == 10
    client.post("/accounts/sign-out/")

    first = Client()
    sign_in(first, "mo")
    assert first.post("/accounts/2fa/authenticate/", {"code": codes[0]})["Location"] == "/start/"
    assert audit_events("accounts.sign_in")[-1].changes["second_factor"] == "recovery_codes"
    again = Client()
    sign_in(again, "mo")
    assert "The code is not right" in text(again.post("/accounts/2fa/authenticate/", {"code": codes[0]}))
    assert again.post("/accounts/2fa/authenticate/", {"code": codes[1]})["Location"] == "/start/"
    codes_record = Authenticator.objects.get(type="recovery_codes")
    assert len(RecoveryCodes(codes_record).get_unused_codes()) == 8


def test_a_moderator_cannot_remove_their_only_second_factor_but_an_analyst_can(
    client, user_with_role, audit_events
):
    moderator = user_with_role("moderator", username="mo")
    sign_in(client, "mo")
    client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    confirm_it_is_you(client)
    refused = client.post("/accounts/2fa/totp/deactivate/")
    assert "You cannot remove your only second factor" in text(refused)
    assert second_factor.has_factor(moderator)

    analyst = user_with_role("analyst", username="ada")
    TOTP.activate(analyst, TEST_TOTP_SECRET)
    other = Client()
    assert sign_in(other, "ada")["Location"] == "/accounts/2fa/authenticate/"  # having one, must use it
    other.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    confirm_it_is_you(other)
    assert other.post("/accounts/2fa/totp/deactivate/").status_code == 302
    assert not Authenticator.objects.filter(user=analyst, type="totp").exists()
    [removed] = [e for e in audit_events("accounts.mfa_removed") if e.changes["type"] == "totp"]
    assert (removed.actor_id, removed.object_id) == (analyst.pk, str(analyst.pk))


def test_roles_that_need_no_second_factor_sign_in_without_one(client, user_with_role):
    user_with_role("viewer", username="vic")
    assert sign_in(client, "vic")["Location"] == "/start/"
    assert client.get("/places/districts/").status_code == 200
    assert "Sign-in and security" in client.get("/places/districts/").content.decode()
