"""Who may open the places pages (places.view) and download their tables (places.export): every role
against every page and download, from the capability table."""

import pytest

from equalchance.places.models import Area
from equalchance.places.services import priority_area_create

pytestmark = pytest.mark.django_db

ROLES = ["administrator", "analyst", "viewer", "moderator", "provider"]
READERS = {"administrator", "analyst", "viewer"}  # places.view and places.export
MANAGERS = {"administrator", "analyst"}  # priority_areas.manage
SOLIHULL = "E08000029"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_exactly_the_places_pages_and_downloads_its_capabilities_allow(
    client, role, user_with_role
):
    analyst = user_with_role("analyst", username="maker")
    area = priority_area_create(
        name="North",
        district=Area.objects.get(code=SOLIHULL),
        by=analyst,
        method="wards",
        codes=["E05001287"],
        description="",
    )
    client.force_login(user_with_role(role, username=f"p-{role}"))
    pages = [
        "/places/districts/",
        f"/places/districts/{SOLIHULL}/",
        f"/places/districts/{SOLIHULL}/areas/",
        f"/places/districts/{SOLIHULL}/change/",
        "/places/priority-areas/",
        f"/places/priority-areas/{area.pk}/",
    ]
    expected = {page: READERS for page in pages}
    downloads = [f"{page}?format=csv" for page in pages if page != "/places/priority-areas/"]
    expected.update({download: READERS for download in downloads})
    expected[f"/places/districts/{SOLIHULL}/priority-areas/new/"] = MANAGERS
    expected[f"/places/priority-areas/{area.pk}/versions/new/"] = MANAGERS
    wrong = []
    for address, allowed in expected.items():
        status = client.get(address).status_code
        if status != (200 if role in allowed else 403):
            wrong.append(f"{address}: {status}")
        if address in downloads and status == 200:
            assert client.get(address)["Content-Type"].startswith("text/csv"), address
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def test_a_moderator_is_sent_to_the_moderation_queue_not_to_a_refused_page(client, user_with_role):
    client.force_login(user_with_role("moderator"))
    assert client.get("/")["Location"] == "/directory/moderation/"
    html = client.get("/directory/moderation/").content.decode()
    assert 'href="/scorecards/"' not in html and 'href="/places/districts/"' not in html
    client.force_login(user_with_role("viewer"))
    assert client.get("/")["Location"] == f"/places/districts/{SOLIHULL}/"
    assert 'href="/scorecards/"' in client.get(f"/places/districts/{SOLIHULL}/").content.decode()


def test_downloads_ask_for_places_export_not_only_places_view(client, user_with_role, monkeypatch):
    from equalchance.accounts.models import Role
    from equalchance.accounts.permissions import CAPABILITIES

    monkeypatch.setitem(CAPABILITIES, "places.export", {Role.ADMINISTRATOR})  # a table without viewers
    client.force_login(user_with_role("viewer"))
    for page in ["/places/districts/", f"/places/districts/{SOLIHULL}/areas/"]:
        assert client.get(page).status_code == 200
        assert client.get(f"{page}?format=csv").status_code == 403
