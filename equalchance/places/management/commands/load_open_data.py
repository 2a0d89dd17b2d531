"""`equalchance load-open-data`: load the national open data shipped in the repository."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from equalchance.common.commands import actor_argument_add, command_actor
from equalchance.common.validated_csv import DataFileError
from equalchance.places.importers.comparators import comparator_groups_load
from equalchance.places.importers.open_data import DATA_DIR, open_data_load


class Command(BaseCommand):
    help = "Load areas, lookups, boundaries and the Indices of Deprivation (2015, 2019, 2025). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir", type=Path, default=DATA_DIR, help="Folder of data files (default: shipped)"
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not show progress bars")
        actor_argument_add(parser)

    def handle(self, *args, data_dir: Path, no_progress: bool, verbosity: int, as_user, **options):
        by = command_actor(as_user)
        try:
            result = open_data_load(data_dir=data_dir, by=by, show_progress=not no_progress and verbosity > 0)
        except DataFileError as error:
            raise CommandError(f"The open data was not loaded. {error}") from None
        if not result.loaded:
            self.stdout.write("Areas and deprivation are already loaded (same files).")
        groups, left_out = comparator_groups_load()
        if groups:
            self.stdout.write(
                f"Comparator groups: {groups:,} ({left_out:,} members outside England left out)"
            )
        self._load_indicator_series(by)
        if not result.loaded:
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

    def _load_indicator_series(self, by):
        from equalchance.indicators.services import real_series_load

        try:
            report = real_series_load(by=by)
        except DataFileError as error:
            raise CommandError(f"The indicator series were not loaded. {error}") from None
        loaded = [(code, n) for code, n, _ in report if n]
        if loaded:
            self.stdout.write("Indicator series: " + ", ".join(f"{code} {n:,}" for code, n in loaded))
