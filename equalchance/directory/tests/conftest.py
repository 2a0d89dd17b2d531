import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Public forms count posts per address in the cache; each test starts from none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def moderator(django_user_model):
    """A signed-in directory moderator."""
    from django.test import Client

    from equalchance.accounts.models import Role

    client = Client()
    client.force_login(
        django_user_model.objects.create_user(username="mo", password="x", role=Role.MODERATOR)
    )
    return client
