"""Shared test set-up: the national open data (areas, deprivation, indicator series) and the modelled
synthetic series are loaded once into the test database of a session; people with roles are made by
`user_with_role`, never by hand in each file."""

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from equalchance.accounts.services import system_actor
    from equalchance.indicators.modelled import modelled_series_generate
    from equalchance.indicators.services import real_series_load
    from equalchance.places.importers.comparators import comparator_groups_load
    from equalchance.places.importers.open_data import open_data_load

    with django_db_blocker.unblock():
        system = system_actor()
        open_data_load(by=system)
        comparator_groups_load()
        real_series_load(by=system)
        modelled_series_generate(lsoa_districts=["E08000029"], by=system)  # synthetic, where no real data


@pytest.fixture
def system(db):
    """The named actor of automated work."""
    from equalchance.accounts.services import system_actor

    return system_actor()


@pytest.fixture
def user_with_role(db):
    """Make a user with a role: `user_with_role("analyst")`, optionally `username=` and other fields."""
    from equalchance.accounts.tests.factories import UserFactory

    def make(role: str, **fields):
        return UserFactory(role=role, **fields)

    return make


@pytest.fixture
def connection_kept_open():
    """Like Django's test client: a WSGI handler called in-process (e.g. by schemathesis) must not close
    the test's database connection after each request (PostgreSQL would lose the test transaction)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def database_for_other_processes(tmp_path, migrate: list[list[str]] | None = None):
    """Environment variables for a new database of the kind the tests run on (a SQLite file, or a new
    PostgreSQL database beside the test one), migrated by `migrate` (lists of `migrate` arguments;
    default: everything), and a function that drops it."""
    import os
    import subprocess
    import sys
    import uuid
    from urllib.parse import urlsplit, urlunsplit

    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(DJANGO_SETTINGS_MODULE="equalchance.config.settings_test", EQUALCHANCE_VAR_DIR=str(tmp_path))
    admin_url, name = None, None
    if env.get("DATABASE_URL", "").startswith("postgres"):
        import psycopg

        parts = urlsplit(env["DATABASE_URL"])
        admin_url = urlunsplit(parts._replace(path="/postgres"))
        name = f"equalchance_fresh_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    else:
        env.pop("DATABASE_URL", None)
    for arguments in migrate or [[]]:
        subprocess.run(
            [sys.executable, "-m", "equalchance.cli", "migrate", "-v0", *arguments],
            env=env,
            check=True,
            timeout=300,
        )

    def drop():
        if name:
            import psycopg

            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return env, drop


@pytest.fixture
def fresh_database(tmp_path):
    """A new, fully migrated database for tests that run the product in other processes."""
    env, drop = database_for_other_processes(tmp_path)
    yield env
    drop()


@pytest.fixture
def database_migrated_to(tmp_path):
    """`database_migrated_to([["accounts", "0004"], ...])`: a new database migrated step by step, for
    testing a migration on data written at the state before it (dropped after the test)."""
    drops = []

    def make(steps: list[list[str]]):
        env, drop = database_for_other_processes(tmp_path, migrate=steps)
        drops.append(drop)
        return env

    yield make
    for drop in drops:
        drop()


@pytest.fixture
def organisation_with(db):
    """Make an organisation and its current members: `organisation_with(provider, name="Family Hub")`."""
    from equalchance.accounts.tests.factories import MembershipFactory, OrganisationFactory

    def make(*members, **fields):
        organisation = OrganisationFactory(**fields)
        for member in members:
            MembershipFactory(user=member, organisation=organisation)
        return organisation

    return make


@pytest.fixture
def python_at_once():
    """`python_at_once(env, scripts)`: run each script in its own Python process, all at once, against
    the database `env` names (see `fresh_database`); fail the test with the errors of any that exits
    non-zero. Returns their outputs."""
    import subprocess
    import sys

    def run(env: dict, scripts: list[str], timeout: int = 300) -> list[str]:
        processes = [
            subprocess.Popen(
                [sys.executable, "-c", script],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for script in scripts
        ]
        outputs = []
        for process in processes:
            output, errors = process.communicate(timeout=timeout)
            assert process.returncode == 0, errors
            outputs.append(output)
        return outputs

    return run
