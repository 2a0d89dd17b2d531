"""Who may open which scorecard page, snapshot, export and API view: every role against every view, from
the capability table (scorecards.view, .define, .publish); refusals write nothing but a refused read for
each private snapshot asked for, and reading a private snapshot in full is audited."""

from datetime import date

import pytest

from equalchance.audit.models import AuditEvent
from equalchance.scorecards import selectors
from equalchance.scorecards.models import Commentary, Scorecard, Snapshot
from equalchance.scorecards.publishing import snapshot_publish

pytestmark = pytest.mark.django_db

ROLES = ["administrator", "analyst", "viewer", "moderator", "provider"]
READERS = {"administrator", "analyst", "viewer"}  # scorecards.view
DEFINERS = {"administrator", "analyst"}  # scorecards.define and scorecards.publish


@pytest.fixture
def published(scorecard, user_with_role):
    analyst = user_with_role("analyst", username="publisher")
    kwargs = {"scorecard": scorecard, "commentary": {}, "by": analyst}
    return {
        "earlier": snapshot_publish(title="April 2024", as_at=date(2024, 12, 31), public=False, **kwargs),
        "later": snapshot_publish(title="October 2025", as_at=date(2025, 12, 31), public=False, **kwargs),
        "public": snapshot_publish(title="Public 2025", as_at=date(2025, 12, 31), public=True, **kwargs),
    }


def views(scorecard, snapshots) -> list[tuple[str, set[str], int]]:
    """(address, roles that may open it, private snapshots it reads in full)."""
    pk, line = scorecard.pk, scorecard.themes.first().lines.first().pk
    private, public = snapshots["earlier"].pk, snapshots["public"].pk
    everyone = set(ROLES)  # public snapshots: whoever can read them without signing in, signed in too
    return [
        ("/scorecards/", READERS, 0),
        (f"/scorecards/{pk}/", READERS, 0),
        (f"/scorecards/{pk}/lines/{line}/", READERS, 0),
        (f"/scorecards/{pk}/snapshots/", READERS, 0),
        (f"/scorecards/{pk}/snapshots/compare/?a={private}&b={snapshots['later'].pk}", READERS, 2),
        (f"/scorecards/snapshots/{private}/", READERS, 1),
        (f"/scorecards/snapshots/{private}/export.csv", READERS, 1),
        (f"/scorecards/snapshots/{private}/export.xlsx", READERS, 1),
        (f"/scorecards/snapshots/{private}/export.pdf", READERS, 1),
        (f"/scorecards/{pk}/export.csv", READERS, 0),
        (f"/scorecards/{pk}/export.xlsx", READERS, 0),
        (f"/scorecards/public/{public}/", everyone, 0),
        ("/scorecards/new/", DEFINERS, 0),
        (f"/scorecards/{pk}/edit/", DEFINERS, 0),
        (f"/scorecards/{pk}/publish/", DEFINERS, 0),
        ("/api/scorecards/", READERS, 0),
        (f"/api/scorecards/{pk}/", READERS, 0),
        (f"/api/snapshots/{private}/", READERS, 1),
        (f"/api/public/snapshots/{public}/", everyone, 0),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_exactly_the_scorecard_views_its_capabilities_allow(
    client, role, scorecard, published, user_with_role
):
    """Status per view; and what each request wrote: a read of each private snapshot opened in full, a
    refusal recorded once for each view refused (against the snapshots, where private ones were asked
    for), and nothing else."""
    user = user_with_role(role, username=f"a-{role}")
    client.force_login(user)
    wrong = []
    for address, allowed, private_reads in views(scorecard, published):
        before = AuditEvent.objects.count()
        response = client.get(address)
        expected = 200 if role in allowed else 403
        if response.status_code != expected:
            wrong.append(f"{address}: {response.status_code}, expected {expected}")
        if address.startswith("/api/") and response.status_code == 403:
            assert response["Content-Type"] == "application/json", address
        written = list(
            AuditEvent.objects.order_by("id")[before:].values_list("actor_id", "action", "refused")
        )
        if role in allowed:
            should = [(user.pk, "snapshot.read", False)] * private_reads
        elif private_reads and role != "provider":  # the selector refused, naming the snapshots
            should = [(user.pk, "snapshot.read", True)] * private_reads
        else:  # refused before any snapshot was looked at (providers: by the directory-only middleware)
            should = [(user.pk, "access.refused", True)]
        if written != should:
            wrong.append(f"{address} wrote {written}, expected {should}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
    assert Snapshot.objects.count() == 3 and Commentary.objects.count() == 0
    assert Scorecard.objects.count() == 1


def test_a_moderator_is_refused_alike_for_snapshots_that_exist_and_that_do_not(
    client, published, user_with_role
):
    moderator = user_with_role("moderator")
    client.force_login(moderator)
    private, missing = published["earlier"].pk, Snapshot.objects.order_by("-pk").first().pk + 100
    before = AuditEvent.objects.count()
    for pk in [private, missing, published["public"].pk]:
        page, api = client.get(f"/scorecards/snapshots/{pk}/"), client.get(f"/api/snapshots/{pk}/")
        assert (page.status_code, api.status_code) == (403, 403)
        assert api.json() == {"detail": "Your role cannot read published scorecards in full."}
    refused = AuditEvent.objects.order_by("id")[before:]
    assert [(e.actor_id, e.action, e.object_id, e.refused) for e in refused] == [
        *[(moderator.pk, "snapshot.read", str(private), True)] * 2,
        *[(moderator.pk, "access.refused", str(missing), True)] * 2,
        *[(moderator.pk, "access.refused", str(published["public"].pk), True)] * 2,
    ]


def test_private_snapshots_are_listed_only_to_roles_that_read_scorecards(published, user_with_role):
    everything = set(Snapshot.objects.values_list("pk", flat=True))
    for role in ROLES:
        visible = set(selectors.snapshots_visible_to(user=user_with_role(role)).values_list("pk", flat=True))
        assert visible == (everything if role in READERS else {published["public"].pk}), role


def test_the_snapshot_list_and_comparison_show_private_snapshots_to_a_viewer(
    client, published, user_with_role
):
    client.force_login(user_with_role("viewer"))
    scorecard = published["earlier"].scorecard
    listing = client.get(f"/scorecards/{scorecard.pk}/snapshots/")
    assert {s.title for s in listing.context["snapshots"]} == {"April 2024", "October 2025", "Public 2025"}
    compare = client.get(
        f"/scorecards/{scorecard.pk}/snapshots/compare/?a={published['earlier'].pk}&b={published['later'].pk}"
    )
    assert compare.status_code == 200 and "April 2024 and October 2025" in compare.content.decode()


def test_the_public_page_serves_only_public_snapshots_with_counts_hidden(client, published, user_with_role):
    assert client.get(f"/scorecards/public/{published['earlier'].pk}/").status_code == 404
    assert client.get(f"/api/public/snapshots/{published['earlier'].pk}/").status_code == 404
    client.force_login(user_with_role("analyst"))  # signed in or not, private snapshots are not public
    assert client.get(f"/scorecards/public/{published['earlier'].pk}/").status_code == 404
    body = client.get(f"/api/public/snapshots/{published['public'].pk}/").json()
    assert body["small_numbers_suppressed"] and all(
        area["numerator"] is None
        for theme in body["themes"]
        for line in theme["lines"]
        for area in (line.get("areas") or {}).values()
    )
