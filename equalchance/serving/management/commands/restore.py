"""`equalchance restore FILE`: restore a backup (`equalchance backup`) into the configured PostgreSQL
database, which must be new and empty (`createdb`), in one transaction; then check the audit trail."""

import subprocess
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from equalchance.serving.postgres_tools import connection_environment, postgres_program


class Command(BaseCommand):
    help = "Restore a backup into the new, empty PostgreSQL database of DATABASE_URL; verify the audit trail."

    def add_arguments(self, parser):
        parser.add_argument("dump", type=Path)

    def handle(self, *args, dump: Path, **options):
        env = connection_environment()
        if not dump.is_file():
            raise CommandError(f"There is no backup file at {dump}.")
        tables = connection.introspection.table_names()
        if tables:
            raise CommandError(
                f"The database {connection.settings_dict['NAME']} already has {len(tables)} tables: restore "
                "into a new, empty database (createdb NAME) and point DATABASE_URL at it."
            )
        connection.close()
        restored = subprocess.run(
            [
                postgres_program("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={env['PGDATABASE']}",
                str(dump),
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if restored.returncode != 0:
            raise CommandError(f"pg_restore failed (nothing was restored): {restored.stderr.strip()}")
        self.stdout.write(f"Restored {dump} into {connection.settings_dict['NAME']}.")
        call_command("audit", "verify", stdout=self.stdout)
