"""Who may open the indicator pages: indicators.view to read, .edit and .import to change; every role
against every page, from the capability table."""

import pytest

from equalchance.indicators.models import ImportBatch

pytestmark = pytest.mark.django_db

ROLES = ["administrator", "analyst", "viewer", "moderator", "provider"]
READERS = {"administrator", "analyst", "viewer"}  # indicators.view
CHANGERS = {"administrator", "analyst"}  # indicators.edit and indicators.import


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_exactly_the_indicator_pages_its_capabilities_allow(client, role, user_with_role):
    client.force_login(user_with_role(role))
    expected = {
        "/indicators/": READERS,
        "/indicators/cpp-rate/": READERS,
        "/indicators/imports/": READERS,
        "/indicators/cpp-rate/edit/": CHANGERS,
        "/indicators/imports/new/": CHANGERS,
    }
    wrong = [
        f"{address}: {status}"
        for address, allowed in expected.items()
        if (status := client.get(address).status_code) != (200 if role in allowed else 403)
    ]
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
    batch = ImportBatch.objects.order_by("pk").first()
    if role not in CHANGERS:  # a refused roll-back changes nothing
        assert client.post(f"/indicators/imports/{batch.pk}/roll-back/").status_code == 403
        batch.refresh_from_db()
        assert batch.rolled_back_at is None and batch.observations.exists()
