"""Accounts made and changed by administrators: the role alone decides who may open the admin; the first
administrator comes from `equalchance createsuperuser` (role administrator, the password policy, on the
audit trail); every account made or changed in the admin or by a command is audited by field names,
never values; the system actor never gets a usable password or another role, by any route."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client

from equalchance.accounts.models import Role, User
from equalchance.accounts.tests.journeys import admin_change_data, sign_in, text
from equalchance.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

STRONG = "kettle-orchard-lantern"


@pytest.fixture
def admin_client(client, user_with_role):
    client.force_login(user_with_role("administrator", username="alex"))
    return client


def nothing_said_of(value: str):
    """No audit event holds `value` (an e-mail address, a name) anywhere in what it records."""
    for event in AuditEvent.objects.all():
        assert value not in json.dumps(event.changes), (event.action, event.changes)


def test_createsuperuser_makes_an_administrator_who_must_set_up_a_second_factor_and_is_audited(
    monkeypatch, system, audit_events
):
    """The defect: it made a "viewer" superuser, with the admin, no second factor and no audit event."""
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", STRONG)
    call_command("createsuperuser", "--noinput", username="root", email="root@example.org", verbosity=0)
    root = User.objects.get(username="root")
    assert (root.role, root.is_staff, root.is_superuser) == (Role.ADMINISTRATOR, True, True)
    [made] = audit_events("accounts.user_create")
    assert (made.actor_id, made.object_id) == (system.pk, str(root.pk))
    assert made.changes == {"fields": ["email", "password", "role", "username"], "role": "administrator"}
    nothing_said_of("root@example.org")
    client = Client()
    assert sign_in(client, "root", STRONG)["Location"] == "/start/"
    assert client.get("/admin/")["Location"] == "/accounts/2fa/"  # a second factor first


@pytest.mark.parametrize("password", ["a", "password1234", "493817265094", "root-root-1"])
def test_createsuperuser_refuses_a_password_the_policy_refuses_even_with_noinput(monkeypatch, password):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", password)
    with pytest.raises(CommandError):
        call_command("createsuperuser", "--noinput", username="root", email="root@example.org", verbosity=0)
    assert not User.objects.filter(username="root").exists()
    assert not AuditEvent.objects.filter(action="accounts.user_create").exists()


def test_the_role_alone_decides_who_may_open_the_admin(user_with_role):
    """The defect: administrators made in the admin were not staff (the admin refused them), and a
    viewer could be a superuser."""
    administrator = user_with_role("administrator", username="alex")
    viewer = user_with_role("viewer", username="vic", is_staff=True, is_superuser=True)
    assert (administrator.is_staff, administrator.is_superuser) == (True, True)
    assert (viewer.is_staff, viewer.is_superuser) == (False, False)
    for user, opens in [(administrator, True), (viewer, False)]:
        client = Client()
        client.force_login(user)
        response = client.get("/admin/accounts/user/")
        assert (response.status_code == 200) is opens, user.role
        assert opens or response["Location"].startswith("/admin/login/")  # which says 403
    viewer.role = Role.ADMINISTRATOR
    viewer.save(update_fields=["role"])
    viewer.refresh_from_db()
    assert (viewer.is_staff, viewer.is_superuser) == (True, True)
    User.objects.filter(pk=viewer.pk).update(role=Role.ANALYST)
    viewer.refresh_from_db()
    viewer.save()
    assert not User.objects.get(pk=viewer.pk).is_superuser


def test_the_admin_offers_no_staff_or_superuser_box_and_a_role_change_carries_them(admin_client):
    vic = User.objects.create_user(username="vic", email="vic@example.org", password=STRONG)
    page = admin_client.get(f"/admin/accounts/user/{vic.pk}/change/")
    form = page.context["adminform"].form
    assert "is_staff" not in form.fields and "is_superuser" not in form.fields
    data = admin_change_data(page, is_superuser="on", is_staff="on")
    assert admin_client.post(f"/admin/accounts/user/{vic.pk}/change/", data).status_code == 302
    vic.refresh_from_db()
    assert (vic.is_staff, vic.is_superuser) == (False, False)
    page = admin_client.get(f"/admin/accounts/user/{vic.pk}/change/")
    data = admin_change_data(page, role="administrator")
    assert admin_client.post(f"/admin/accounts/user/{vic.pk}/change/", data).status_code == 302
    vic.refresh_from_db()
    assert (vic.role, vic.is_staff, vic.is_superuser) == (Role.ADMINISTRATOR, True, True)


def test_making_and_changing_accounts_in_the_admin_is_audited_by_field_names_never_values(
    admin_client, audit_events
):
    """The defect: making users, changing a role, reactivating and changing an address left no event."""
    alex = User.objects.get(username="alex")
    made = admin_client.post(
        "/admin/accounts/user/add/",
        admin_change_data(
            admin_client.get("/admin/accounts/user/add/"),
            username="vic",
            email="vic.private@example.org",
            usable_password="true",
            password1=STRONG,
            password2=STRONG,
            role="viewer",
        ),
    )
    assert made.status_code == 302, made.context["adminform"].form.errors
    vic = User.objects.get(username="vic")
    [created] = audit_events("accounts.user_create")
    assert (created.actor_id, created.object_id) == (alex.pk, str(vic.pk))
    assert created.changes["role"] == "viewer" and "password" in created.changes["fields"]

    def change(**fields):
        page = admin_client.get(f"/admin/accounts/user/{vic.pk}/change/")
        saved = admin_client.post(f"/admin/accounts/user/{vic.pk}/change/", admin_change_data(page, **fields))
        assert saved.status_code == 302, saved.context["adminform"].form.errors

    change(role="administrator")
    change(email="vic.new@example.org", first_name="Victoria")
    User.objects.filter(pk=vic.pk).update(is_active=False)
    change(is_active="on")
    role, address, reactivated = audit_events("accounts.user_update")
    assert role.changes == {"fields": ["role"], "role": ["viewer", "administrator"]}
    assert address.changes == {"fields": ["email", "first_name"]}
    assert reactivated.changes == {"fields": ["is_active"], "is_active": [False, True]}
    assert {event.actor_id for event in (role, address, reactivated)} == {alex.pk}
    for value in ["vic.private@example.org", "vic.new@example.org", "Victoria", STRONG]:
        nothing_said_of(value)


def test_the_demo_accounts_command_is_audited(system, audit_events, settings):
    settings.DEBUG = True
    call_command("create_demo_users", password=STRONG, stdout=open("/dev/null", "w"))
    made = audit_events("accounts.user_create")
    assert len(made) == 5 and {event.actor_id for event in made} == {system.pk}
    assert {event.changes["role"] for event in made} == {
        "analyst",
        "viewer",
        "administrator",
        "moderator",
        "plan_editor",
    }
    assert (
        User.objects.get(username="admin").is_superuser and not User.objects.get(username="viewer").is_staff
    )


def test_the_system_actor_never_gets_a_usable_password_or_another_role_through_the_model(system):
    """The defect: a password set on `system` and its role changed to viewer let a tester sign in."""
    stored = User.objects.filter(pk=system.pk).values().get()
    attempts = [
        lambda u: u.set_password("a-password-someone-set"),
        lambda u: setattr(u, "role", Role.VIEWER),
        lambda u: setattr(u, "role", Role.ADMINISTRATOR),
        lambda u: setattr(u, "username", "renamed"),
    ]
    for attempt in attempts:
        actor = User.objects.get(pk=system.pk)
        attempt(actor)
        with pytest.raises(ValidationError):
            actor.save()
    assert User.objects.filter(pk=system.pk).values().get() == stored
    with pytest.raises(ValidationError):
        User.objects.create_user(username="robot", role=Role.SYSTEM)
    someone = User.objects.create_user(username="vic", password=STRONG)
    someone.role = Role.SYSTEM
    someone.set_unusable_password()
    with pytest.raises(ValidationError):
        someone.save()
    assert User.objects.get(pk=someone.pk).role == Role.VIEWER
    assert not User.objects.filter(username="robot").exists()


def test_the_admin_neither_shows_nor_changes_the_system_actor_nor_gives_anyone_its_role(
    admin_client, system, audit_events
):
    stored = User.objects.filter(pk=system.pk).values().get()
    assert (
        f"/admin/accounts/user/{system.pk}/" not in admin_client.get("/admin/accounts/user/").content.decode()
    )
    assert (
        admin_client.get(f"/admin/accounts/user/{system.pk}/change/").status_code == 302
    )  # "does not exist"
    for path in ["change", "password"]:
        posted = admin_client.post(
            f"/admin/accounts/user/{system.pk}/{path}/",
            {
                "username": "system",
                "role": "viewer",
                "password1": STRONG,
                "password2": STRONG,
                "usable_password": "true",
            },
        )
        assert posted.status_code in (302, 403, 404), path
    assert User.objects.filter(pk=system.pk).values().get() == stored
    assert sign_in(Client(), "system", STRONG).status_code == 200  # refused: no such password

    vic = User.objects.create_user(username="vic", email="vic@example.org", password=STRONG)
    page = admin_client.get(f"/admin/accounts/user/{vic.pk}/change/")
    assert "system" not in [value for value, _ in page.context["adminform"].form.fields["role"].choices]
    refused = admin_client.post(
        f"/admin/accounts/user/{vic.pk}/change/", admin_change_data(page, role="system")
    )
    assert refused.status_code == 200 and "role" in refused.context["adminform"].form.errors
    added = admin_client.post(
        "/admin/accounts/user/add/",
        admin_change_data(
            admin_client.get("/admin/accounts/user/add/"),
            username="robot",
            usable_password="false",
            role="system",
        ),
    )
    assert added.status_code == 200 and "role" in added.context["adminform"].form.errors
    assert not User.objects.filter(username="robot").exists()
    assert User.objects.get(pk=vic.pk).role == Role.VIEWER
    assert audit_events("accounts.user_update") == [] and audit_events("accounts.user_create") == []


def test_a_provider_made_in_the_admin_has_an_address_vouched_for_and_can_propose_entries(
    admin_client, organisation_with, audit_events
):
    """The defect: the add form had no e-mail field, so the provider was told to "open the link we
    emailed to ." and could not send entries (403)."""
    alex = User.objects.get(username="alex")

    def add(**fields):
        page = admin_client.get("/admin/accounts/user/add/")
        assert "email" in page.context["adminform"].form.fields
        data = {"username": "sam", "usable_password": "true", "password1": STRONG, "password2": STRONG}
        return admin_client.post("/admin/accounts/user/add/", admin_change_data(page, **data, **fields))

    refused = add(role="provider")
    assert refused.status_code == 200 and "a provider must have one" in text(refused)
    assert not User.objects.filter(username="sam").exists()
    made = add(role="provider", email="sam@charity.example")
    assert made.status_code == 302, made.context["adminform"].form.errors
    sam = User.objects.get(username="sam")
    assert sam.email == "sam@charity.example" and sam.email_verified_at is not None
    [vouched] = audit_events("accounts.email_verified")
    assert (vouched.actor_id, vouched.object_id, vouched.changes) == (
        alex.pk,
        str(sam.pk),
        {"by_administrator": True},
    )
    nothing_said_of("sam@charity.example")

    organisation = organisation_with(sam)
    provider = Client()
    provider.force_login(sam)
    assert "open the link" not in text(provider.get("/directory/entries/"))
    assert provider.get(f"/directory/entries/{organisation.pk}/new/").status_code == 200


def test_erasing_personal_details_in_the_admin_asks_for_the_request_reference_first(
    admin_client, user_with_role
):
    """The defect: the admin's "Erase the personal details" action ran at once, with no confirmation."""
    from equalchance.privacy.models import Disposal

    alex = User.objects.get(username="alex")
    ada = user_with_role("analyst", username="ada", email="ada@example.org", first_name="Ada")
    bea = user_with_role("viewer", username="bea", email="bea@example.org")
    chosen = {"action": "erase", "_selected_action": [ada.pk, bea.pk], "index": 0}

    def untouched():
        assert set(User.objects.filter(pk__in=[ada.pk, bea.pk]).values_list("username", "is_active")) == {
            ("ada", True),
            ("bea", True),
        }
        assert not Disposal.objects.exists()
        assert not AuditEvent.objects.filter(action="retention.erase").exists()

    asked = admin_client.post("/admin/accounts/user/", chosen)
    assert asked.status_code == 200
    page = text(asked)
    assert "Erase the personal details of 2 accounts" in page and "This cannot be undone" in page
    assert "reference" in page and "SAR-2026-17" in page
    assert "ada" in page and "bea" in page
    untouched()

    for reference, problem in [("", "Enter the request"), ("SAR 2026 <b>", "no spaces")]:
        refused = admin_client.post(
            "/admin/accounts/user/", {**chosen, "post": "yes", "request_reference": reference}
        )
        assert refused.status_code == 200 and problem in text(refused), reference
        untouched()

    mine = {"action": "erase", "_selected_action": [ada.pk, alex.pk], "index": 0, "post": "yes"}
    refused = admin_client.post(
        "/admin/accounts/user/", {**mine, "request_reference": "SAR-2026-16"}, follow=True
    )
    assert "Nothing was erased" in text(refused)
    untouched()

    done = admin_client.post(
        "/admin/accounts/user/", {**chosen, "post": "yes", "request_reference": "SAR-2026-17"}
    )
    assert done.status_code == 302
    for user in (ada, bea):
        user.refresh_from_db()
        assert (user.username, user.email, user.is_active) == (f"erased-{user.pk}", "", False)
    assert set(Disposal.objects.values_list("object_id", "request_reference")) == {
        (str(ada.pk), "SAR-2026-17"),
        (str(bea.pk), "SAR-2026-17"),
    }
    erased = AuditEvent.objects.filter(action="retention.erase", actor_id=alex.pk)
    assert sorted(event.changes["request"] for event in erased) == ["SAR-2026-17", "SAR-2026-17"]
