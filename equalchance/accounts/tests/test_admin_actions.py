"""Admin actions posted with a selection that cannot name an object of the model (`abc` for a numbered
model, a number beyond the column's range, a NUL character): every ModelAdmin registered on the admin
site, the product's and Django's and allauth's, answers with its changelist and a message, changes
nothing, and never fails with a server error. A selection of real ids still works."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.urls import reverse

from equalchance.accounts.admin_site import CheckedActionsMixin, is_id_of
from equalchance.accounts.models import User
from equalchance.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

REFUSED = "The selection is not valid"
REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.fixture
def administrator(client, user_with_role):
    alex = user_with_role("administrator", username="alex")
    client.force_login(alex)
    return alex


def changelist(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def action_names(model_admin, user) -> list[str]:
    request = RequestFactory().get("/")
    request.user = user
    return list(model_admin.get_actions(request))


def bad_ids(model) -> list[str]:
    if model._meta.pk.get_internal_type() in ("CharField", "TextField"):
        return ["a\x00b", "x" * 1000]
    return ["abc", "9" * 30, "1.5", "a\x00b"]


def counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model, _ in REGISTERED}


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_every_registered_model_admin_checks_the_selection_of_its_actions():
    assert REGISTERED and all(isinstance(model_admin, CheckedActionsMixin) for _, model_admin in REGISTERED)


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=[m._meta.label for m, _ in REGISTERED])
def test_an_admin_action_on_something_that_is_not_an_id_is_refused_with_a_message_not_a_server_error(
    client, administrator, model, model_admin
):
    """The defect: `action=erase&_selected_action=abc&post=yes` on users raised ValueError (a 500), as
    any action on any numbered model did."""
    names = action_names(model_admin, administrator)
    url = changelist(model)
    before, events = counts(), AuditEvent.objects.count()
    for action in names or ["delete_selected"]:
        for value in bad_ids(model):
            response = client.post(
                url,
                {"action": action, "index": "0", "_selected_action": ["1", value], "post": "yes"},
            )
            if names:
                assert response.status_code == 302 and response["Location"] == url, (action, value)
                assert any(REFUSED in message for message in said(response)), (action, value)
            else:  # no actions here (nothing may be deleted): the changelist, as Django shows it
                assert response.status_code == 200, (action, value)
    assert counts() == before and AuditEvent.objects.count() == events  # nothing changed, nothing recorded


@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=[m._meta.label for m, _ in REGISTERED])
def test_an_admin_action_on_well_formed_ids_is_not_refused(client, administrator, model, model_admin):
    names = action_names(model_admin, administrator)
    well_formed = "E01000001" if model._meta.pk.get_internal_type() == "CharField" else None
    if model._meta.pk.get_internal_type() == "UUIDField":
        well_formed = "6f1c5c0e-8f4e-4b43-9d76-3f2b1b0c9a11"
    value = well_formed or "42"  # within every integer column's range (PositiveSmallIntegerField too)
    assert is_id_of(model, value)
    action = names[0] if names else "delete_selected"
    response = client.post(changelist(model), {"action": action, "index": "0", "_selected_action": [value]})
    # The action ran (back to the changelist, or its confirmation page); without actions, the changelist.
    assert response.status_code in ((200, 302) if names else (200,))
    assert not any(REFUSED in message for message in said(response))


def test_a_real_selection_still_runs_the_action(client, administrator, user_with_role):
    viewer = user_with_role("viewer", username="vic")
    response = client.post(
        changelist(User), {"action": "deactivate", "index": "0", "_selected_action": [str(viewer.pk)]}
    )
    assert response.status_code == 302 and said(response) == ["Deactivated 1 user(s)."]
    viewer.refresh_from_db()
    assert viewer.is_active is False

    group = Group.objects.create(name="readers")
    response = client.post(
        changelist(Group),
        {"action": "delete_selected", "index": "0", "_selected_action": [str(group.pk)], "post": "yes"},
    )
    assert response.status_code == 302 and not Group.objects.exists()

    ada = user_with_role("analyst", username="ada")
    page = client.post(changelist(User), {"action": "erase", "index": "0", "_selected_action": [str(ada.pk)]})
    assert page.status_code == 200 and "are you sure" in page.content.decode()  # the confirmation page
