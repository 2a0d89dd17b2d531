"""Who may open the places pages and downloads beyond the authorisation matrix's rows (access.py):
downloads ask for places.export of their own, and "Your work" offers moderators only where they may go."""

import pytest

pytestmark = pytest.mark.django_db

SOLIHULL = "E08000029"


def test_a_moderator_is_sent_to_the_moderation_queue_not_to_a_refused_page(client, user_with_role):
    client.force_login(user_with_role("moderator"))
    work = client.get("/start/").content.decode()
    assert 'href="/directory/moderation/"' in work and f'href="/places/districts/{SOLIHULL}/"' not in work
    html = client.get("/directory/moderation/").content.decode()
    assert 'href="/scorecards/"' not in html and 'href="/places/districts/"' not in html
    client.force_login(user_with_role("viewer"))
    assert f'href="/places/districts/{SOLIHULL}/"' in client.get("/start/").content.decode()
    assert 'href="/scorecards/"' in client.get(f"/places/districts/{SOLIHULL}/").content.decode()


def test_downloads_ask_for_places_export_not_only_places_view(client, user_with_role, monkeypatch):
    from equalchance.accounts.models import Role
    from equalchance.accounts.permissions import CAPABILITIES

    monkeypatch.setitem(CAPABILITIES, "places.export", {Role.ADMINISTRATOR})  # a table without viewers
    client.force_login(user_with_role("viewer"))
    for page in ["/places/districts/", f"/places/districts/{SOLIHULL}/areas/"]:
        assert client.get(page).status_code == 200
        assert client.get(f"{page}?format=csv").status_code == 403
