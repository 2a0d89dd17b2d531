import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Public forms count posts per address in the cache; each test starts from none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def moderator(user_with_role):
    """A signed-in directory moderator (with the second factor the role needs)."""
    from django.test import Client

    client = Client()
    client.force_login(user_with_role("moderator", username="mo"))
    return client
