"""`equalchance deprivation summaries`: MHCLG summary measures for districts or wards, as CSV.

Districts get MHCLG's published File 10 values and ranks (IoD2019, IoD2025); wards, and releases whose
File 10 is not held, get them computed from the LSOA data (column `source` says which)."""

import csv
import io

from django.core.management.base import BaseCommand, CommandError

from equalchance.common.spreadsheets import row_safe
from equalchance.places import selectors
from equalchance.places.exports import SUMMARY_COLUMNS, summary_csv_rows
from equalchance.places.models import Area, AreaLevel, Release


class Command(BaseCommand):
    help = "Deprivation commands. `summaries`: district or ward summary measures as CSV."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        summaries = sub.add_parser(
            "summaries", help="Summary measures (average score, average rank, ...) as CSV"
        )
        summaries.add_argument("--release", type=int, default=2025, help="2015, 2019 or 2025 (default 2025)")
        summaries.add_argument("--level", choices=["district", "ward"], default="district")
        summaries.add_argument(
            "--district", help="Only this district (GSS code), or its wards with --level ward"
        )
        summaries.add_argument("--output", default="-", help="File to write, or - for standard output")

    def handle(
        self, *args, action: str, release: int, level: str, district: str | None, output: str, **options
    ):
        if not Release.objects.filter(year=release).exists():
            years = ", ".join(str(y) for y in Release.objects.values_list("year", flat=True)) or "none"
            raise CommandError(
                f"No release {release} is loaded (loaded: {years}). Run `equalchance load-open-data`."
            )
        rows = selectors.deprivation_summaries(release=release, level=level)
        if not rows:
            raise CommandError(f"IoD{release} has no data for {level} summaries.")
        if district:
            if not Area.objects.filter(code=district, level=AreaLevel.DISTRICT).exists():
                raise CommandError(
                    f"{district} is not a district code we know (e.g. E08000029 for Solihull)."
                )
            if level == AreaLevel.DISTRICT:
                rows = [row for row in rows if row.area_code == district]
            else:
                wards = {w.code for w in selectors.wards_in_district(release=release, district=district)}
                rows = [row for row in rows if row.area_code in wards]
        if not selectors.summaries_are_published(release=release, level=level):
            for gap in selectors.measures_not_computed(release):
                self.stderr.write(f"Not computed: {gap.domain} {gap.measure}. {gap.why}")
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(SUMMARY_COLUMNS)
        writer.writerows(row_safe(row) for row in summary_csv_rows(rows))  # names are text, never formulas
        if output == "-":
            self.stdout.write(text.getvalue(), ending="")
        else:
            with open(output, "w", newline="", encoding="utf-8") as handle:
                handle.write(text.getvalue())
            self.stderr.write(f"Wrote {len(rows):,} rows to {output}")
