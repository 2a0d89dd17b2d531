import pytest

from equalchance.places.models import Area
from equalchance.scorecards.services import scorecard_create_default


@pytest.fixture
def scorecard(db, system):
    return scorecard_create_default(district=Area.objects.get(code="E08000029"), by=system)
