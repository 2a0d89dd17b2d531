"""The scorecard page."""

import pytest

from equalchance.accounts.models import Role
from equalchance.accounts.tests.factories import UserFactory
from equalchance.indicators.synthetic import synthetic_series_generate
from equalchance.places.models import Area
from equalchance.scorecards.compute import scorecard_compute
from equalchance.scorecards.services import scorecard_create_default

pytestmark = pytest.mark.django_db


def test_the_scorecard_page_shows_every_line_and_labels_synthetic_values(client, system):
    synthetic_series_generate(district="E08000029", by=system)
    scorecard = scorecard_create_default(district=Area.objects.get(code="E08000029"), by=system)
    client.force_login(UserFactory(username="v", role=Role.VIEWER))
    response = client.get(f"/scorecards/{scorecard.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="scorecard-theme"') == 5
    assert "are generated, not real" in html and "govuk-tag--yellow" in html
    assert "No data held for this period" not in html  # every line has data, real or synthetic
    assert (
        "No data held for this period"
        in client.get(f"/scorecards/{scorecard.pk}/?as_at=2013").content.decode()
    )
    assert '<svg class="app-sparkline"' in html and 'aria-label="Target minus the rest over time' in html
    assert client.get("/scorecards/").status_code == 200
    assert client.get("/scorecards/999999/").status_code == 404


def test_a_line_page_has_both_charts_and_the_same_data_as_a_table(client, system):
    synthetic_series_generate(district="E08000029", by=system)
    scorecard = scorecard_create_default(district=Area.objects.get(code="E08000029"), by=system)
    line = scorecard.themes.get(name="Health").lines.get(indicator__code="cpp-rate")
    client.force_login(UserFactory(username="v", role=Role.VIEWER))
    response = client.get(f"/scorecards/{scorecard.pk}/lines/{line.pk}/")
    html = response.content.decode()
    assert response.status_code == 200 and html.count('<svg class="app-chart"') == 2
    assert len(response.context["rows"]) == 13  # 31 March 2013 to 2025
    assert "Synthetic" in html
    other = scorecard_create_default(district=Area.objects.get(code="E08000029"), by=system)
    assert client.get(f"/scorecards/{other.pk}/lines/{line.pk}/").status_code == 404


def test_intervals_can_be_shown_at_99_8_percent(client, scorecard):
    client.force_login(UserFactory(username="v", role=Role.VIEWER))
    wide = client.get(f"/scorecards/{scorecard.pk}/?confidence=99.8")
    assert "with 99.8% intervals (MOVER)" in wide.content.decode()
    narrow_line = next(
        line
        for theme in scorecard_compute(scorecard)
        for line in theme.lines
        if line.indicator.code == "cpp-rate"
    )
    wide_line = next(
        line for theme in wide.context["themes"] for line in theme.lines if line.indicator.code == "cpp-rate"
    )
    assert wide_line.values.target.estimate.lower < narrow_line.values.target.estimate.lower
    assert wide_line.gaps["rest"].upper > narrow_line.gaps["rest"].upper
    assert "?confidence=99.8" in wide.content.decode()  # the line pages keep the level
    line_page = client.get(f"/scorecards/{scorecard.pk}/lines/{wide_line.line.pk}/?confidence=99.8")
    assert "with 99.8% intervals" in line_page.content.decode()
    assert (
        "with 95% intervals (MOVER)"
        in client.get(f"/scorecards/{scorecard.pk}/?confidence=50").content.decode()
    )


def test_names_typed_with_markup_are_shown_as_text_on_every_page(client, scorecard, analyst):
    from datetime import date

    from equalchance.indicators.models import Indicator
    from equalchance.places.models import PriorityArea
    from equalchance.scorecards import services
    from equalchance.scorecards.publishing import snapshot_publish

    markup = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    PriorityArea.objects.filter(pk=scorecard.target_id).update(name=markup)
    scorecard.refresh_from_db()
    line = services.line_add(
        scorecard=scorecard,
        by=analyst,
        indicator=Indicator.objects.get(code="claimant-count-16-64"),
        theme=None,
        new_theme=markup,
        polarity="",
    )
    services.scorecard_update(scorecard=scorecard, by=analyst, name=markup)
    snapshot = snapshot_publish(
        scorecard=scorecard,
        title=markup,
        as_at=date(2025, 12, 31),
        commentary={markup: markup},
        public=True,
        by=analyst,
    )
    client.force_login(analyst)
    for address in [
        f"/scorecards/{scorecard.pk}/",
        f"/scorecards/{scorecard.pk}/lines/{line.pk}/",
        f"/scorecards/{scorecard.pk}/edit/",
        f"/scorecards/{scorecard.pk}/snapshots/",
        f"/scorecards/snapshots/{snapshot.pk}/",
        f"/scorecards/{scorecard.pk}/snapshots/compare/?a={snapshot.pk}&b={snapshot.pk}",
        f"/scorecards/public/{snapshot.pk}/",
        "/scorecards/",
    ]:
        html = client.get(address).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html, address
        assert "&lt;script&gt;alert" in html, address
