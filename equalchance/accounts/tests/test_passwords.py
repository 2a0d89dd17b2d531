"""One password policy (at least 12 characters, not common, not all numbers, not like the person's
name) on every form that sets a password: allauth's reset and change, and the admin's. A reset by
e-mail does not reveal whether an address has an account, is rate-limited, and is audited."""

import re

import pytest
from django.core import mail
from django.test import Client

from equalchance.accounts.models import User
from equalchance.accounts.tests.journeys import PASSWORD, sign_in, text

pytestmark = pytest.mark.django_db

WEAK = {
    "short-one": "too short",
    "password1234": "too common",
    "493817265094": "entirely numeric",
    "adalovelace1815": "too similar",
}
STRONG = "kettle-orchard-lantern"


def reset_link(message) -> str:
    return re.search(r"http://testserver(/accounts/password/reset/key/\S+)", message.body)[1]


def open_reset_link(client, message) -> str:
    """Follow the e-mailed link; allauth moves the key into the session and shows the form's address."""
    response = client.get(reset_link(message))
    return response["Location"] if response.status_code == 302 else reset_link(message)


def test_a_password_reset_by_email_applies_the_policy_and_is_audited(client, user_with_role, audit_events):
    user = user_with_role("analyst", username="adalovelace", email="ada@example.org", first_name="Ada")
    asked = client.post("/accounts/password/reset/", {"email": "ada@example.org"})
    assert asked["Location"] == "/accounts/password/reset/done/"
    [message] = mail.outbox
    assert message.to == ["ada@example.org"] and message.subject == "Equal Chance: Reset your password"
    assert "The link works for 3 days" in message.body
    [requested] = audit_events("accounts.password_reset_request")
    assert requested.object_id == str(user.pk) and requested.actor_id is None

    form = open_reset_link(client, message)
    for weak, why in WEAK.items():
        refused = client.post(form, {"password1": weak, "password2": weak})
        assert refused.status_code == 200 and why in text(refused), weak
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    done = client.post(form, {"password1": STRONG, "password2": STRONG})
    assert done["Location"] == "/accounts/password/reset/key/done/"
    user.refresh_from_db()
    assert user.check_password(STRONG)
    [reset] = audit_events("accounts.password_reset")
    assert reset.object_id == str(user.pk)
    assert "may have been used already" in text(Client().get(reset_link(message), follow=True))  # works once


def test_a_reset_does_not_reveal_whether_an_address_has_an_account(user_with_role, audit_events):
    user_with_role("analyst", username="ada", email="ada@example.org")
    known = Client().post("/accounts/password/reset/", {"email": "ada@example.org"}, follow=True)
    unknown = Client().post("/accounts/password/reset/", {"email": "nobody@example.org"}, follow=True)
    assert text(known) == text(unknown)
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]  # nothing sent to an unknown address
    assert len(audit_events("accounts.password_reset_request")) == 1


def test_asking_for_reset_links_is_rate_limited_per_address(user_with_role):
    user_with_role("analyst", username="ada", email="ada@example.org")
    for n in range(5):
        Client().post("/accounts/password/reset/", {"email": f"someone{n}@example.org"})
    refused = Client().post("/accounts/password/reset/", {"email": "ada@example.org"})
    assert refused.status_code == 429 or "Too many requests" in text(refused)
    assert mail.outbox == []


def test_changing_a_password_applies_the_policy_and_is_audited(client, user_with_role, audit_events):
    user = user_with_role("analyst", username="adalovelace", first_name="Ada")
    sign_in(client, "adalovelace")
    for weak, why in WEAK.items():
        refused = client.post(
            "/accounts/password/change/", {"oldpassword": PASSWORD, "password1": weak, "password2": weak}
        )
        assert why in text(refused), weak
    assert not audit_events("accounts.password_changed")
    client.post(
        "/accounts/password/change/", {"oldpassword": PASSWORD, "password1": STRONG, "password2": STRONG}
    )
    user.refresh_from_db()
    assert user.check_password(STRONG)
    [changed] = audit_events("accounts.password_changed")
    assert (changed.actor_id, changed.object_id) == (user.pk, str(user.pk))
    assert client.get("/places/districts/").status_code == 200  # this session stays signed in


def test_the_admin_applies_the_same_policy(client, user_with_role, audit_events):
    admin = user_with_role("administrator", username="alex", is_staff=True, is_superuser=True)
    client.force_login(admin)
    for weak, why in WEAK.items():
        refused = client.post(
            "/admin/accounts/user/add/",
            {
                "username": "adalovelace",
                "password1": weak,
                "password2": weak,
                "usable_password": "true",
                "role": "viewer",
            },
        )
        assert refused.status_code == 200 and why in text(refused), weak
    assert not User.objects.filter(username="adalovelace").exists()

    ada = user_with_role("analyst", username="adalovelace", first_name="Ada")
    refused = client.post(
        f"/admin/accounts/user/{ada.pk}/password/", {"password1": "short-one", "password2": "short-one"}
    )
    assert "too short" in text(refused)
    done = client.post(f"/admin/accounts/user/{ada.pk}/password/", {"password1": STRONG, "password2": STRONG})
    assert done.status_code == 302
    ada.refresh_from_db()
    assert ada.check_password(STRONG)
    [changed] = audit_events("accounts.password_changed")
    assert (changed.actor_id, changed.object_id) == (admin.pk, str(ada.pk))
    assert changed.changes == {"by_administrator": True}


def test_reset_links_are_limited_per_ipv6_network_like_every_other_limit(user_with_role):
    for n in range(1, 6):
        Client(REMOTE_ADDR=f"2001:db8:5:6::{n}").post(
            "/accounts/password/reset/", {"email": f"s{n}@example.org"}
        )
    refused = Client(REMOTE_ADDR="2001:db8:5:6::99").post(
        "/accounts/password/reset/", {"email": "x@example.org"}
    )
    assert refused.status_code == 429 or "Too many requests" in text(refused)
    other = Client(REMOTE_ADDR="2001:db8:5:7::1").post(
        "/accounts/password/reset/", {"email": "x@example.org"}
    )
    assert other.status_code == 302
