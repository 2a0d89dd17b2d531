"""SQLite (local runs, the demo, small deployments): the database file is readable by its owner only,
and writers arriving together wait their turn instead of failing with "database is locked". E-mail
written as files (no mail server set) is readable by its owner only too.

These tests make their own SQLite file in another process, whichever database the suite runs on."""

import json
import os
import stat
import subprocess
import sys

import pytest

# 20 registrations at once, each in its own thread and connection, through the directory's registration
# service (a read, then writes in one transaction), against a SQLite file; prints what each one gave.
REGISTER_TOGETHER = """
import json, threading, traceback
import django
django.setup()
from django.core.management import call_command
from django.db import connection
call_command("migrate", verbosity=0)
connection.close()
from django.db import close_old_connections
from equalchance.accounts.models import User
from equalchance.directory.services.registration import provider_register

WRITERS = 20
barrier = threading.Barrier(WRITERS)
outcomes = []

def register(n):
    try:
        barrier.wait()
        provider_register(
            email=f"provider{n}@example.org", password="a long enough password",
            organisation_name=f"Group {n}", kind="voluntary", description="Synthetic test group.",
            public_email="",
            link_for=lambda token: "http://testserver/accounts/verify-email/" + token + "/",
        )
        outcomes.append("ok")
    except Exception as error:
        outcomes.append(f"{type(error).__name__}: {error}")
    finally:
        close_old_connections()
        connection.close()

threads = [threading.Thread(target=register, args=(n,)) for n in range(WRITERS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps({"outcomes": outcomes, "users": User.objects.filter(role="provider").count()}))
"""


def sqlite_environment(var_dir) -> dict:
    """Settings on a SQLite file in `var_dir`, whatever DATABASE_URL the suite runs with."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(DJANGO_SETTINGS_MODULE="equalchance.config.settings_test", EQUALCHANCE_VAR_DIR=str(var_dir))
    return env


def run(code: str, env: dict, *, umask: int = 0o022) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=lambda: os.umask(umask),
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_twenty_registrations_at_once_on_sqlite_all_succeed_without_database_is_locked(tmp_path):
    result = json.loads(run(REGISTER_TOGETHER, sqlite_environment(tmp_path)).splitlines()[-1])
    failures = [outcome for outcome in result["outcomes"] if outcome != "ok"]
    assert failures == [] and len(result["outcomes"]) == 20
    assert result["users"] == 20


MIGRATE_AND_WRITE = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from equalchance.accounts.services import system_actor
system_actor()
"""


def test_the_sqlite_database_and_its_companion_files_are_made_readable_by_their_owner_only(tmp_path):
    run(MIGRATE_AND_WRITE, sqlite_environment(tmp_path), umask=0o022)  # the usual umask: 0644 files
    database = tmp_path / "equalchance.sqlite3"
    made = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("equalchance.sqlite3"))
    assert "equalchance.sqlite3" in made
    for name in made:
        assert mode(tmp_path / name) == 0o600, name
    assert mode(database) == 0o600


def test_a_sqlite_database_left_readable_by_others_is_made_private_on_the_next_connection(tmp_path):
    env = sqlite_environment(tmp_path)
    run(MIGRATE_AND_WRITE, env)
    database = tmp_path / "equalchance.sqlite3"
    database.chmod(0o644)  # as an earlier version left it, or a copy made by hand
    run("import django; django.setup(); from django.db import connection as c; c.ensure_connection()", env)
    assert mode(database) == 0o600


SEND_A_LINK = """
import django
django.setup()
from django.core.mail import send_mail
send_mail("Reset your password", "https://example.org/reset/secret-key/", "a@b.test", ["c@d.test"])
"""


@pytest.mark.parametrize("umask", [0o022, 0o002], ids=["umask 022", "umask 002"])
def test_e_mail_written_as_files_in_the_var_folder_is_readable_by_its_owner_only(tmp_path, umask):
    env = {k: v for k, v in sqlite_environment(tmp_path).items() if not k.startswith("EMAIL_")}
    env["DJANGO_SETTINGS_MODULE"] = "equalchance.config.settings"  # no mail server: mail goes to files
    run(SEND_A_LINK, env, umask=umask)
    [written] = (tmp_path / "mail").iterdir()
    assert b"https://example.org/reset/secret-key/" in written.read_bytes()
    assert mode(written) == 0o600 and mode(tmp_path / "mail") == 0o700
