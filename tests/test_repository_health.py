"""Meta-tests that keep the repository honest."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_migrations_are_up_to_date():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def production_env(tmp_path, **extra) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="equalchance.config.settings",
        SECRET_KEY="k9$Zq!2vX8#rT4&mW7pL0@nB5^cY3*hJ6%fD1_sG9+aE2=uQ8r",
        EQUALCHANCE_VAR_DIR=str(tmp_path),
        **extra,
    )
    return env


def test_deploy_checks_are_clean_with_production_settings(tmp_path):
    env = production_env(tmp_path, ALLOWED_HOSTS="equalchance.example.org", DJANGO_DEBUG="0")
    result = subprocess.run(
        [sys.executable, "-m", "equalchance.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_demo_users_are_refused_on_a_production_configuration(tmp_path):
    env = production_env(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "equalchance.cli", "create_demo_users"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "Refusing" in result.stderr


def test_the_statistics_package_imports_no_web_framework():
    code = (
        "import sys, equalchance.stats; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'rest_framework'}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
