"""The scorecard page."""

import pytest

from equalchance.accounts.models import Role, User
from equalchance.indicators.synthetic import synthetic_series_generate
from equalchance.places.models import Area
from equalchance.scorecards.services import scorecard_create_default

pytestmark = pytest.mark.django_db


def test_the_scorecard_page_shows_every_line_and_labels_synthetic_values(client):
    synthetic_series_generate(district="E08000029")
    scorecard = scorecard_create_default(district=Area.objects.get(code="E08000029"))
    client.force_login(User.objects.create_user(username="v", password="x", role=Role.VIEWER))
    response = client.get(f"/scorecards/{scorecard.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="scorecard-theme"') == 5
    assert "are generated, not real" in html and "govuk-tag--yellow" in html
    assert "No data held for this period" in html
    assert '<svg class="app-sparkline"' in html and 'aria-label="Gap over time' in html
    assert client.get("/scorecards/").status_code == 200
    assert client.get("/scorecards/999999/").status_code == 404
