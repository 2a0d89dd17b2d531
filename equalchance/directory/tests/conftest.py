import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Public forms count posts per address in the cache; each test starts from none."""
    cache.clear()
    yield
    cache.clear()
