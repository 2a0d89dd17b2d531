"""CSV shapes shared by the command line and the web pages. Every cell goes through
`common.spreadsheets.row_safe`, so a name beginning = + - or @ is text, never a formula."""

import csv
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse

from equalchance.common.spreadsheets import row_safe
from equalchance.places.selectors import SummaryRow

SUMMARY_COLUMNS = ["area_code", "area_name", "domain", "measure", "value", "rank", "ranked_among", "source"]


def summary_source(row: SummaryRow) -> str:
    return "published" if row.published else "computed"


def summary_csv_rows(rows: Iterable[SummaryRow]) -> Iterable[list]:
    """Published values as MHCLG published them; computed ones rounded half up to its places. Values
    are numbers (a Decimal keeps the places), so a negative score is never taken for a formula."""
    for row in rows:
        yield [
            row.area_code,
            row.area_name,
            row.domain,
            row.measure,
            Decimal(row.display),
            row.rank,
            row.ranked_among,
            summary_source(row),
        ]


def summaries_json(rows: list[SummaryRow], *, release) -> dict:
    """Summary measures as the JSON of `?format=json`: numbers as numbers, and the value as text at the
    places it is published (`value_text`), with where it came from."""
    return {
        "release": release.year,
        "release_name": release.name,
        "source": f"MHCLG, English Indices of Deprivation {release.year}",
        "licence": "Open Government Licence v3.0",
        "ranked_among": rows[0].ranked_among if rows else None,
        "summaries": [
            {
                "area_code": row.area_code,
                "area_name": row.area_name,
                "domain": row.domain,
                "measure": row.measure,
                "value": float(row.display),
                "value_text": row.display,
                "rank": row.rank,
                "ranked_among": row.ranked_among,
                "source": summary_source(row),
            }
            for row in rows
        ],
    }


def csv_response(filename: str, header: list[str], rows: Iterable[list]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(row_safe(header))
    writer.writerows(row_safe(row) for row in rows)
    return response
