"""Runs every row of the authorisation matrix, and checks that every URL is in it or in the public
allow-list (a new page without rows fails here)."""

import pytest
from django.urls import reverse

from equalchance.audit.models import AuditEvent
from tests.authorization.conftest import parts
from tests.test_sign_in_required import PUBLIC, all_patterns

ROWS = [case for part in parts() for case in getattr(part, "ROWS", [])]


@pytest.mark.parametrize("case", ROWS, ids=[case.id for case in ROWS])
def test_the_matrix(case, world, client):
    if case.actor != "anonymous":
        client.force_login(world.people[case.actor])
    path = reverse(case.url, kwargs=case.args(world) if case.args else None)
    query = case.query(world) if callable(case.query) else case.query
    path += f"?{query}" if query else ""
    before = case.unchanged(world) if case.unchanged else None
    refusals = AuditEvent.objects.filter(refused=True).count()
    if case.method == "post":
        response = client.post(path, case.data(world) if case.data else {})
    else:
        response = client.get(path)
    expected = case.expect if isinstance(case.expect, tuple) else (case.expect,)
    assert response.status_code in expected, f"{case.id}: {response.status_code}"
    if case.refusal_audited:
        refused = AuditEvent.objects.filter(refused=True, actor=world.people[case.actor])
        assert refused.count() > 0 and AuditEvent.objects.filter(refused=True).count() > refusals, case.id
    if case.unchanged:
        assert case.unchanged(world) == before, f"{case.id} changed what it was refused"
    body = response.content.decode(errors="replace")
    for text in case.shows:
        assert text in body, f"{case.id} should show {text!r}"
    for text in case.hides:
        assert text not in body, f"{case.id} should not show {text!r}"


def test_every_url_is_in_the_matrix_or_the_public_allow_list():
    covered = {case.url for case in ROWS}
    missing = sorted(
        name
        for _, name in all_patterns()
        if name and name not in PUBLIC and name not in covered and not name.startswith("admin:")
    )
    assert missing == [], f"URLs with no row in the authorisation matrix: {missing}"


def test_every_refused_row_proves_something():
    for case in ROWS:
        if case.method == "post" and case.expect in (403, 404) and case.actor != "anonymous":
            assert case.unchanged, f"{case.id}: a refused write must show that nothing changed"
