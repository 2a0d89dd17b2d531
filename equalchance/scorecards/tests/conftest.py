"""Fixtures shared by the scorecard tests: Solihull's default scorecard on synthetic LSOA series."""

import pytest

from equalchance.accounts.models import Role, User
from equalchance.indicators.synthetic import synthetic_series_generate
from equalchance.places.models import Area
from equalchance.scorecards.services import scorecard_create_default


@pytest.fixture
def scorecard(db, system):
    synthetic_series_generate(district="E08000029", by=system)
    return scorecard_create_default(district=Area.objects.get(code="E08000029"), by=system)


@pytest.fixture
def analyst(db):
    return User.objects.create_user(username="analyst", password="x", role=Role.ANALYST)
