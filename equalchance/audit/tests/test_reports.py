"""The two reports (who has seen a record; what a user has opened) are for administrators only, come
as a page and a CSV file, and reading them is itself recorded."""

import csv
import io

import pytest
from django.db import transaction

from equalchance.audit.actions import Action
from equalchance.audit.models import AuditEvent
from equalchance.audit.services import audit_event_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def trail(user_with_role):
    worker = user_with_role("viewer", username="worker")
    with transaction.atomic():
        for _ in range(2):
            audit_event_record(
                actor=worker, action=Action.REFERRAL_READ, object_type="directory.referral", object_id="r-1"
            )
        audit_event_record(
            actor=worker,
            action=Action.REFERRAL_READ,
            object_type="directory.referral",
            object_id="r-2",
            refused=True,
        )
    return worker


def test_an_administrator_sees_who_opened_a_record_and_downloads_it(client, trail, user_with_role):
    admin = user_with_role("administrator")
    client.force_login(admin)
    page = client.get("/audit/records/", {"object_type": "directory.referral", "object_id": "r-1"})
    assert page.status_code == 200
    # The worker's two readings, and (newest) this reading of the report itself.
    assert page.context["page"].paginator.count == 3
    assert [r["who"] for r in page.context["rows"]] == [admin.username, "worker", "worker"]
    download = client.get(
        "/audit/records/", {"object_type": "directory.referral", "object_id": "r-1", "format": "csv"}
    )
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0][:4] == ["When (UTC)", "Who", "Role at the time", "What"]
    assert [r[1] for r in rows[1:]] == [admin.username] * 2 + ["worker", "worker"]
    assert rows[-1][3] == "Opened a referral" and rows[1][3] == "Downloaded the audit trail"
    reads = AuditEvent.objects.filter(actor=admin, object_id="r-1")
    assert sorted(reads.values_list("action", flat=True)) == [Action.AUDIT_EXPORT, Action.AUDIT_REPORT]


def test_an_administrator_sees_what_a_user_opened_including_refusals(client, trail, user_with_role):
    client.force_login(user_with_role("administrator"))
    found = client.get("/audit/users/", {"username": "worker"})
    assert found.status_code == 302 and found["Location"] == f"/audit/users/{trail.pk}/"
    page = client.get(found["Location"])
    assert page.context["page"].paginator.count == 3
    assert "Refused" in page.content.decode()
    missing = client.get("/audit/users/", {"username": "nobody"})
    assert missing.status_code == 400 and "There is no user with that username" in missing.content.decode()


@pytest.mark.parametrize("role", ["analyst", "viewer", "moderator", "provider"])
def test_other_roles_cannot_read_the_trail(client, trail, user_with_role, role):
    client.force_login(user_with_role(role))
    for path in (
        "/audit/",
        "/audit/records/?object_type=directory.referral&object_id=r-1",
        f"/audit/users/{trail.pk}/",
        f"/audit/users/{trail.pk}/?format=csv",
    ):
        assert client.get(path).status_code == 403, path
