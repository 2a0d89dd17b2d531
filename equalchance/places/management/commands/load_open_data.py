"""`equalchance load-open-data`: load the national open data shipped in the repository."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from equalchance.places.importers.open_data import DATA_DIR, open_data_load
from equalchance.places.importers.validated_csv import DataFileError


class Command(BaseCommand):
    help = "Load areas, lookups, boundaries and the Indices of Deprivation (2015, 2019, 2025). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir", type=Path, default=DATA_DIR, help="Folder of data files (default: shipped)"
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not show progress bars")

    def handle(self, *args, data_dir: Path, no_progress: bool, verbosity: int, **options):
        try:
            result = open_data_load(data_dir=data_dir, show_progress=not no_progress and verbosity > 0)
        except DataFileError as error:
            raise CommandError(f"The open data was not loaded. {error}") from None
        if not result.loaded:
            self.stdout.write("The open data is already loaded (same files); nothing to do.")
            return
        for file, (sha, rows) in result.files.items():
            self.stdout.write(f"  {file}: {rows:,} rows (sha256 {sha[:12]})")
        if result.skipped and verbosity > 1:
            for line in result.skipped:
                self.stdout.write(f"  skipped {line}")
        elif result.skipped:
            self.stdout.write(
                f"  {len(result.skipped)} boundaries had no matching area and were skipped (-v 2 lists them)"
            )
        self.stdout.write(self.style.SUCCESS("Loaded the national open data."))
