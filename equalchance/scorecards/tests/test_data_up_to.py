"""A snapshot's "data up to" is the end of the latest period it holds, never the reporting date asked
for, never after its publication, written as people write dates."""

import io
from datetime import date

import pytest
from django.db.models import Max
from django.utils import timezone

from equalchance.indicators.models import Observation
from equalchance.scorecards.publishing import snapshot_publish
from equalchance.scorecards.selectors import data_up_to

pytestmark = pytest.mark.django_db


def people(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def latest_period_held(scorecard, *, by: date) -> date:
    """Worked out here from the observations: the latest period ending by that day held for the
    district or England, over the scorecard's measures."""
    codes = [line.indicator_id for theme in scorecard.themes.all() for line in theme.lines.all()]
    return Observation.objects.filter(
        indicator_id__in=codes, area_id__in=[scorecard.district_id, "E92000001"], period_end__lte=by
    ).aggregate(latest=Max("period_end"))["latest"]


def test_a_snapshot_says_its_data_is_up_to_the_end_of_its_latest_period_not_the_year_asked_for(
    client, scorecard, analyst
):
    from pypdf import PdfReader
    from python_calamine import CalamineWorkbook

    today = timezone.localdate()
    asked = date(today.year, 12, 31)  # "latest data up to the end of" this year, asked today
    snapshot = snapshot_publish(
        scorecard=scorecard, title="October", as_at=asked, commentary={}, public=True, by=analyst
    )
    expected = latest_period_held(scorecard, by=today)
    assert expected < today  # the latest period ends before the snapshot was published
    client.force_login(analyst)
    html = client.get(f"/scorecards/snapshots/{snapshot.pk}/").content.decode()
    assert f"with data up to {people(expected)}." in html and people(asked) not in html
    public = client.get(f"/scorecards/public/{snapshot.pk}/").content.decode()
    assert f"with data up to {people(expected)}." in public
    listing = client.get(f"/scorecards/{scorecard.pk}/snapshots/").content.decode()
    assert people(expected) in listing and people(asked) not in listing
    pdf = PdfReader(io.BytesIO(client.get(f"/scorecards/snapshots/{snapshot.pk}/export.pdf").content))
    assert f"Data up to {people(expected)}." in " ".join(pdf.pages[0].extract_text().split())
    workbook = CalamineWorkbook.from_filelike(
        io.BytesIO(client.get(f"/scorecards/snapshots/{snapshot.pk}/export.xlsx").content)
    )
    about = [str(row[0]) for row in workbook.get_sheet_by_name("About").to_python()]
    assert f"Data up to {people(expected)}." in about
    api = client.get(f"/api/snapshots/{snapshot.pk}/").json()
    assert api["data_up_to"] == expected.isoformat()


def test_a_snapshot_frozen_before_period_ends_were_kept_reads_them_from_its_labels(scorecard):
    """Snapshots published before this kept only each line's period label: the end is worked out from
    the label and the indicator's period type, and is never after the day of publication."""
    data = {
        "as_at": "2026-12-31",
        "themes": [
            {
                "name": "T",
                "lines": [
                    {"indicator": "cpp-rate", "period": "31 March 2025"},  # snapshot: that day
                    {"indicator": "neet-years-12-14", "period": "2024/25"},  # academic: 31 August 2025
                    {"indicator": "gld", "period": "2021/22"},
                    {"indicator": "asb-rate", "period": ""},  # no data
                ],
            }
        ],
    }
    assert data_up_to(data) == date(2025, 8, 31)
    assert data_up_to(data, published=date(2025, 6, 1)) == date(2025, 6, 1)
    assert data_up_to({"as_at": "2026-12-31", "themes": []}) is None


def test_the_front_door_gives_a_published_scorecard_the_end_of_its_data_never_the_year_asked_for(
    client, published
):
    """The defect (outside probe): the home page said "Data up to 31 December 2026" for a scorecard
    published in November 2026, whose data end in 2025; its own page said 31 August 2025."""
    from equalchance.scorecards.snapshots import data_up_to

    snapshot = published(title="For everyone", public=True, as_at=date(2026, 12, 31))
    held = data_up_to(snapshot.data)
    assert held is not None and held < date(2026, 1, 1)
    html = client.get("/").content.decode()
    assert f"Data up to {held.day} {held:%B %Y}" in html and "31 December 2026" not in html
