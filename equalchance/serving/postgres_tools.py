"""pg_dump and pg_restore for the configured PostgreSQL database: the programs (from PATH, or Debian's
/usr/lib/postgresql/N/bin) and the connection, passed in libpq's environment variables so that the
password never shows in a process list."""

import glob
import os
import shutil

from django.conf import settings
from django.core.management.base import CommandError


def postgres_program(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_version, reverse=True)), None
    )
    if not found:
        raise CommandError(f"{name} is not installed (Debian package postgresql-client).")
    return found


def _version(path: str) -> int:
    part = path.split("/")[4]
    return int(part) if part.isdigit() else 0


def connection_environment() -> dict:
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise CommandError("Backups and restores are for PostgreSQL (set DATABASE_URL to a postgres:// URL).")
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    return env
