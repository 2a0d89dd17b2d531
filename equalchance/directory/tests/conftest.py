import pytest


@pytest.fixture
def moderator(user_with_role):
    """A signed-in directory moderator (with the second factor the role needs)."""
    from django.test import Client

    client = Client()
    client.force_login(user_with_role("moderator", username="mo"))
    return client
