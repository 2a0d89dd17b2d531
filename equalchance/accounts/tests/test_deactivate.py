"""Deactivating a user ends their sessions at once: their next request is treated as signed out, their
session rows are gone, and the change is audited. The admin's ways of deactivating go through it."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from equalchance.accounts.services import user_deactivate
from equalchance.accounts.tests.journeys import admin_change_data, sign_in

pytestmark = pytest.mark.django_db


def test_a_deactivated_users_next_request_is_treated_as_signed_out(user_with_role, audit_events):
    user = user_with_role("analyst", username="ada")
    laptop, phone, colleague = Client(), Client(), Client()
    sign_in(laptop, "ada")
    sign_in(phone, "ada")
    colleague.force_login(user_with_role("analyst", username="bea"))
    assert laptop.get("/places/districts/").status_code == 200
    admin = user_with_role("administrator", username="alex")

    user_deactivate(user=user, by=admin)

    for client in (laptop, phone):
        response = client.get("/places/districts/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/")
    assert colleague.get("/places/districts/").status_code == 200  # other people's sessions go on
    assert Session.objects.count() == 1
    [event] = audit_events("accounts.user_deactivate")
    assert (event.actor_id, event.object_id) == (admin.pk, str(user.pk))
    assert event.changes == {"is_active": [True, False], "sessions_ended": 2}
    assert sign_in(Client(), "ada")["Location"] == "/accounts/inactive/"


def test_the_admin_deactivates_through_the_service(client, user_with_role, audit_events):
    admin = user_with_role("administrator", username="alex", is_staff=True, is_superuser=True)
    ada = user_with_role("analyst", username="ada")
    bea = user_with_role("analyst", username="bea")
    ada_session, bea_session = Client(), Client()
    ada_session.force_login(ada)
    bea_session.force_login(bea)
    client.force_login(admin)

    changed = client.post(
        "/admin/accounts/user/",
        {"action": "deactivate", "_selected_action": [ada.pk], "index": 0},
    )
    assert changed.status_code == 302
    ada.refresh_from_db()
    assert not ada.is_active
    assert ada_session.get("/places/districts/").status_code == 302

    page = client.get(f"/admin/accounts/user/{bea.pk}/change/")
    assert page.status_code == 200
    saved = client.post(f"/admin/accounts/user/{bea.pk}/change/", admin_change_data(page, is_active=None))
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    bea.refresh_from_db()
    assert not bea.is_active
    assert bea_session.get("/places/districts/").status_code == 302
    assert [e.object_id for e in audit_events("accounts.user_deactivate")] == [str(ada.pk), str(bea.pk)]
