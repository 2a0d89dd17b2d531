"""Fixtures shared by the scorecard tests: Solihull's default scorecard on synthetic LSOA series."""

from datetime import date

import pytest

from equalchance.accounts.models import Role
from equalchance.accounts.tests.factories import UserFactory
from equalchance.indicators.synthetic import synthetic_series_generate
from equalchance.places.models import Area
from equalchance.scorecards.publishing import snapshot_publish
from equalchance.scorecards.services import scorecard_create_default


@pytest.fixture(autouse=True)
def nothing_kept():
    """Each test starts with no computed scorecard kept in this process: on SQLite a rolled-back test
    hands its ids to the next, so a kept result could otherwise meet a different scorecard's data."""
    from equalchance.scorecards.selectors import scorecard_results_forget

    scorecard_results_forget()
    yield
    scorecard_results_forget()


@pytest.fixture
def scorecard(db, system):
    synthetic_series_generate(district="E08000029", by=system)
    return scorecard_create_default(district=Area.objects.get(code="E08000029"), by=system)


@pytest.fixture
def analyst(db):
    return UserFactory(username="analyst", role=Role.ANALYST)


@pytest.fixture
def published(scorecard, analyst):
    """Publish the scorecard as the analyst: `published(title="October", public=False)` (data to 2026)."""

    def publish(*, title: str = "October", public: bool = False, as_at: date = date(2026, 12, 31)):
        return snapshot_publish(
            scorecard=scorecard, title=title, as_at=as_at, commentary={}, public=public, by=analyst
        )

    return publish
