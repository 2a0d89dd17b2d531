"""`equalchance indicators import|roll-back|load-real-series`: observations in and out."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from equalchance.common.commands import actor_argument_add, command_actor
from equalchance.common.validated_csv import DataFileError
from equalchance.indicators import services
from equalchance.indicators.models import ImportBatch


class Command(BaseCommand):
    help = (
        "Import observations (long-format CSV/XLSX or a Fingertips CSV), roll an import back, "
        "or load the shipped real series."
    )

    def add_arguments(self, parser):
        actor_argument_add(parser)
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="Import a file; refused whole if any row is wrong")
        load.add_argument("path", type=Path)
        load.add_argument("--format", choices=sorted(services.FORMATS), default="long")
        load.add_argument("--source", required=True, help="Where the data came from, shown beside it")
        back = sub.add_parser("roll-back", help="Remove the observations of an import batch")
        back.add_argument("batch", type=int)
        sub.add_parser("load-real-series", help="Load the real national series shipped with Equal Chance")
        synthetic = sub.add_parser(
            "generate-synthetic",
            help="Make synthetic series: LSOAs adding up to real district counts where held, else modelled",
        )
        synthetic.add_argument(
            "--district", help="GSS code, e.g. E08000029 (default: the partnership's districts)"
        )

    def handle(self, *args, action: str, as_user, **options):
        by = command_actor(as_user)
        try:
            if action == "import":
                batch = services.import_batch_run(
                    path=options["path"], file_format=options["format"], source=options["source"], by=by
                )
                self.stdout.write(
                    self.style.SUCCESS(f"Imported {batch.rows:,} observations as import #{batch.pk}.")
                )
            elif action == "roll-back":
                try:
                    batch = ImportBatch.objects.get(pk=options["batch"])
                except ImportBatch.DoesNotExist:
                    raise CommandError(f"There is no import #{options['batch']}.") from None
                services.import_batch_roll_back(batch=batch, by=by)
                self.stdout.write(self.style.SUCCESS(f"Rolled back import #{batch.pk}."))
            elif action == "generate-synthetic":
                from django.conf import settings

                from equalchance.indicators.modelled import modelled_series_generate
                from equalchance.indicators.synthetic import synthetic_series_generate

                districts = [options["district"]] if options["district"] else settings.EQUALCHANCE_DISTRICTS
                batch = modelled_series_generate(lsoa_districts=districts, by=by)
                self.stdout.write(
                    "Modelled series already in place."
                    if batch is None
                    else f"{batch.rows:,} synthetic observations modelled for England (#{batch.pk})."
                )
                for district in districts:
                    batch = synthetic_series_generate(district=district, by=by)
                    if batch is None:
                        self.stdout.write(
                            f"{district}: synthetic series already in place, or no district counts."
                        )
                    else:
                        self.stdout.write(
                            f"{district}: {batch.rows:,} synthetic LSOA observations (#{batch.pk})."
                        )
            else:
                for indicator, loaded, skipped in services.real_series_load(by=by):
                    if loaded or skipped:
                        self.stdout.write(
                            f"  {indicator}: {loaded:,} observations ({skipped:,} rows for areas not held)"
                        )
                    else:
                        self.stdout.write(f"  {indicator}: already loaded")
        except DataFileError as error:
            raise CommandError(f"The file was not imported. {error}") from None
        except (ValueError, OSError) as error:
            raise CommandError(str(error)) from None
