"""`equalchance backup [--output FILE]`: the PostgreSQL database as one pg_dump file (custom format,
compressed), written under another name first and checked readable before it takes its place."""

import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from equalchance.serving.postgres_tools import connection_environment, postgres_program


class Command(BaseCommand):
    help = "Back up the PostgreSQL database (pg_dump, custom format) to FILE (default: VAR_DIR/backups/)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="Where to write the dump")

    def handle(self, *args, output: Path | None, **options):
        env = connection_environment()
        output = (
            output or Path(settings.VAR_DIR) / "backups" / f"equalchance-{timezone.now():%Y%m%d-%H%M%S}.dump"
        )
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        dumped = subprocess.run(
            [
                postgres_program("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={partial}",
            ],
            env=env,
            capture_output=True,
            text=True,
        )
        if dumped.returncode != 0:
            partial.unlink(missing_ok=True)
            raise CommandError(f"pg_dump failed: {dumped.stderr.strip()}")
        listed = subprocess.run(
            [postgres_program("pg_restore"), "--list", str(partial)], capture_output=True, text=True
        )
        if listed.returncode != 0:
            partial.unlink(missing_ok=True)
            raise CommandError(f"The dump cannot be read back: {listed.stderr.strip()}")
        partial.replace(output)
        output.chmod(0o600)  # it holds everything, personal data included
        self.stdout.write(f"Backed up to {output} ({output.stat().st_size:,} bytes).")
