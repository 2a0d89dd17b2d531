"""The backup and restore procedure of docs/deployment.md, run for real on PostgreSQL: `equalchance
backup` dumps a database with pg_dump, `equalchance restore` puts it into a new database with
pg_restore, the audit trail verifies and every table has the same number of rows."""

import json
import os
import stat
import subprocess
import sys
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="pg_dump and pg_restore need PostgreSQL",
)

# Rows in several tables, audit events among them (three pieces of work queued by the system actor).
SEED = (
    "from django.core.management import call_command; "
    "from equalchance.accounts.services import system_actor; "
    "from equalchance.background.services import background_task_start; "
    "call_command('directory', 'load-taxonomies', verbosity=0); "
    "call_command('create_demo_users', verbosity=0); "
    "[background_task_start(kind='directory-reminders', by=system_actor()) for _ in range(3)]; "
)
ROW_COUNTS = (
    "import django, json; django.setup(); from django.db import connection; "
    "cursor = connection.cursor(); "
    "tables = connection.introspection.table_names(cursor); "
    "print(json.dumps({t: cursor.execute(f'SELECT count(*) FROM \"{t}\"').fetchone()[0] for t in tables}))"
)


def equalchance(env, *arguments, check=True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "equalchance.cli", *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert not check or result.returncode == 0, result.stdout + result.stderr
    return result


def row_counts(env, *, seed: bool = False) -> dict[str, int]:
    code = ROW_COUNTS.replace("django.setup(); ", "django.setup(); " + SEED) if seed else ROW_COUNTS
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])  # the last line: commands print too


@pytest.fixture
def new_database():
    import psycopg

    parts = urlsplit(os.environ["DATABASE_URL"])
    admin = urlunsplit(parts._replace(path="/postgres"))
    name = f"equalchance_restored_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')  # createdb, as the procedure says
    yield urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_into_a_new_database_with_the_audit_trail_intact(
    fresh_database, new_database, tmp_path
):
    source = {**fresh_database, "DJANGO_SETTINGS_MODULE": "equalchance.config.settings"}
    before = row_counts(source, seed=True)
    assert before["audit_auditevent"] >= 3 and before["background_backgroundtask"] == 3
    assert before["directory_taxonomyterm"] > 0 and before["accounts_user"] >= 4

    dump = tmp_path / "backups" / "equalchance.dump"
    backed_up = equalchance(source, "backup", "--output", str(dump))
    assert f"Backed up to {dump}" in backed_up.stdout
    assert (
        stat.S_IMODE(dump.stat().st_mode) == 0o600 and not dump.with_name("equalchance.dump.partial").exists()
    )

    target = {**source, "DATABASE_URL": new_database}
    restored = equalchance(target, "restore", str(dump))
    assert "The audit trail is intact" in restored.stdout
    assert row_counts(target) == before

    again = equalchance(target, "restore", str(dump), check=False)  # never over a database in use
    assert again.returncode != 0 and "already has" in again.stderr and "new, empty database" in again.stderr
