"""CSV shapes shared by the command line and the web pages. Every cell goes through
`common.spreadsheets.row_safe`, so a name beginning = + - or @ is text, never a formula."""

import csv
from collections.abc import Iterable

from django.http import HttpResponse

from equalchance.common.spreadsheets import row_safe
from equalchance.places.selectors import SummaryRow

SUMMARY_COLUMNS = ["area_code", "area_name", "domain", "measure", "value", "rank", "ranked_among", "source"]


def summary_source(row: SummaryRow) -> str:
    return "published" if row.published else "computed"


def summary_csv_rows(rows: Iterable[SummaryRow]) -> Iterable[list]:
    """Published values as MHCLG published them; computed ones rounded half up to its places."""
    for row in rows:
        yield [
            row.area_code,
            row.area_name,
            row.domain,
            row.measure,
            row.display,
            row.rank,
            row.ranked_among,
            summary_source(row),
        ]


def csv_response(filename: str, header: list[str], rows: Iterable[list]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(row_safe(header))
    writer.writerows(row_safe(row) for row in rows)
    return response
