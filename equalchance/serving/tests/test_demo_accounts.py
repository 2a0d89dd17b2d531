"""Production never serves the demo accounts (published password, no second factor): the deploy check
fails and `equalchance serve` refuses while any is active, unless EQUALCHANCE_ALLOW_DEMO_ACCOUNTS is set
(the browser tests and the load benchmark only), which the deploy check warns about."""

import io
import socket
import subprocess
import sys

import pytest
from django.core import checks
from django.core.management import call_command
from django.core.management.base import CommandError

from equalchance.accounts.models import Role, User
from equalchance.audit.actions import Action
from equalchance.audit.models import AuditEvent
from equalchance.serving.management.commands.serve import Command as Serve
from equalchance.serving.tests.test_serve import REAL_KEY, free_port

pytestmark = pytest.mark.django_db


def deploy_check_ids() -> set[str]:
    return {message.id for message in checks.run_checks(include_deployment_checks=True)}


def test_the_deploy_check_fails_while_an_active_account_may_sign_in_without_a_second_factor(user_with_role):
    assert "serving.E001" not in deploy_check_ids()
    user_with_role(Role.ADMINISTRATOR, username="admin", second_factor_exempt=True)
    [error] = [m for m in checks.run_checks(include_deployment_checks=True) if m.id == "serving.E001"]
    assert error.level == checks.ERROR
    assert "1 active account may sign in without a second factor" in error.msg
    assert "equalchance deactivate_demo_users" in error.msg


def test_a_deactivated_demo_account_no_longer_fails_the_deploy_check(user_with_role):
    user_with_role(Role.ANALYST, second_factor_exempt=True, is_active=False)
    assert "serving.E001" not in deploy_check_ids()


def test_serve_refuses_to_start_while_a_demo_account_is_active_and_says_how_to_remove_it(user_with_role):
    user_with_role(Role.VIEWER, second_factor_exempt=True)
    with pytest.raises(CommandError, match="Refusing to start: 1 active account .* deactivate_demo_users"):
        Serve().demo_accounts_refuse()


def test_the_opt_in_for_the_browser_tests_lets_serve_start_and_the_deploy_check_warns(
    user_with_role, settings
):
    user_with_role(Role.VIEWER, second_factor_exempt=True)
    settings.EQUALCHANCE_ALLOW_DEMO_ACCOUNTS = True
    Serve().demo_accounts_refuse()  # no refusal
    ids = deploy_check_ids()
    assert "serving.W001" in ids and "serving.E001" not in ids


def test_deactivate_demo_users_deactivates_only_the_exempt_accounts_and_audits_each(user_with_role):
    demo = [
        user_with_role(Role.ADMINISTRATOR, second_factor_exempt=True),
        user_with_role(Role.ANALYST, second_factor_exempt=True),
    ]
    real = user_with_role(Role.ANALYST)
    out = io.StringIO()
    call_command("deactivate_demo_users", stdout=out)
    assert out.getvalue().strip() == "Deactivated 2 demo accounts."
    assert [u.is_active for u in User.objects.filter(pk__in=[u.pk for u in demo])] == [False, False]
    assert User.objects.get(pk=real.pk).is_active
    events = AuditEvent.objects.filter(action=Action.USER_DEACTIVATE)
    assert sorted(int(e.object_id) for e in events) == sorted(u.pk for u in demo)
    assert "serving.E001" not in deploy_check_ids()


def run(env, *arguments) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "equalchance.cli", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_production_configuration_on_a_database_with_the_demo_users_fails_check_deploy_and_serve(
    fresh_database,
):
    assert run({**fresh_database, "EQUALCHANCE_TLS": "0"}, "create_demo_users").returncode == 0
    port = free_port()
    production = {
        **fresh_database,
        "DJANGO_SETTINGS_MODULE": "equalchance.config.settings",
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": REAL_KEY,
        "ALLOWED_HOSTS": "equalchance.example.org",
        "PORT": str(port),
    }
    checked = run(production, "check", "--deploy", "--fail-level", "WARNING")
    assert checked.returncode != 0
    assert "serving.E001" in checked.stderr and "5 active accounts" in checked.stderr
    served = run(production, "serve")
    assert served.returncode != 0 and "Refusing to start: 5 active accounts" in served.stderr
    with socket.socket() as s:  # nothing was left listening
        assert s.connect_ex(("127.0.0.1", port)) != 0
    allowed = run(
        {**production, "EQUALCHANCE_ALLOW_DEMO_ACCOUNTS": "1"}, "check", "--deploy", "--fail-level", "WARNING"
    )
    assert (
        allowed.returncode != 0 and "serving.W001" in allowed.stderr and "serving.E001" not in allowed.stderr
    )
    assert run(production, "deactivate_demo_users").returncode == 0
    checked = run(production, "check", "--deploy", "--fail-level", "WARNING")
    assert checked.returncode == 0, checked.stderr


def production(settings) -> None:
    """This process as `serve` runs it: a real SECRET_KEY from the environment, no opt-in."""
    settings.SECRET_KEY_FROM_ENVIRONMENT, settings.SECRET_KEY = True, REAL_KEY
    settings.EQUALCHANCE_ALLOW_DEMO_ACCOUNTS = False


def demo_sign_in(username: str):
    from django.test import Client

    client = Client()
    client.post("/accounts/sign-in/", {"login": username, "password": "equal-chance-demo"})
    return client


def test_in_production_a_demo_account_switched_back_on_is_asked_for_a_second_factor_like_any_other(
    settings,
):
    """The defect: after deactivate_demo_users an administrator ticked "active" on `admin` again, and
    under `serve` it signed in with the published password and no second factor, into /admin/ and
    /audit/. The exemption counts only where demo accounts are allowed."""
    call_command("create_demo_users", stdout=io.StringIO())
    admin = User.objects.get(username="admin")
    # Switched on again by hand, as if deactivate_demo_users had only unticked "active" (older data).
    assert admin.second_factor_exempt and admin.is_active
    production(settings)
    client = demo_sign_in("admin")
    for path in ("/admin/", "/audit/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/accounts/2fa/", path
    settings.EQUALCHANCE_ALLOW_DEMO_ACCOUNTS = True  # the browser tests and the load benchmark
    assert demo_sign_in("admin").get("/audit/").status_code == 200


def test_deactivate_demo_users_also_clears_the_exemption_and_the_published_password(settings):
    call_command("create_demo_users", stdout=io.StringIO())
    call_command("deactivate_demo_users", stdout=io.StringIO())
    admin = User.objects.get(username="admin")
    assert not admin.is_active and not admin.second_factor_exempt and not admin.has_usable_password()
    assert not User.objects.filter(second_factor_exempt=True).exists()
    User.objects.filter(pk=admin.pk).update(is_active=True)  # an administrator ticks "active" again
    client = demo_sign_in("admin")
    assert client.session.get("_auth_user_id") is None  # the published password opens nothing
    updates = AuditEvent.objects.filter(action=Action.USER_UPDATE, object_id=str(admin.pk))
    assert updates.filter(changes__fields=["password", "second_factor_exempt"]).exists()
