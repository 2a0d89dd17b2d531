"""Publishing: frozen snapshots with commentary, public pages with small numbers suppressed."""

import copy
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from equalchance.accounts.models import Role
from equalchance.accounts.tests.factories import UserFactory
from equalchance.audit.models import AuditEvent
from equalchance.indicators import services as indicator_services
from equalchance.indicators.models import ImportBatch
from equalchance.scorecards.publishing import snapshot_publish
from equalchance.scorecards.snapshots import SUPPRESSED, suppressed

pytestmark = pytest.mark.django_db


def cpp_line(data):
    return next(
        line for theme in data["themes"] for line in theme["lines"] if line["indicator"] == "cpp-rate"
    )


def test_a_published_snapshot_does_not_change_when_the_data_does(scorecard, analyst, client):
    snapshot = snapshot_publish(
        scorecard=scorecard,
        title="October 2026",
        as_at=date(2026, 12, 31),
        commentary={"Health": "Plans fell after the new early help offer."},
        public=False,
        by=analyst,
    )
    frozen = copy.deepcopy(snapshot.data)
    assert cpp_line(frozen)["areas"]["target"]["estimate"]["value"] > 0
    for batch in ImportBatch.objects.filter(synthetic=True):  # the data behind it goes away
        indicator_services.import_batch_roll_back(batch=batch, by=analyst)
    snapshot.refresh_from_db()
    assert snapshot.data == frozen
    client.force_login(analyst)
    html = client.get(f"/scorecards/snapshots/{snapshot.pk}/").content.decode()
    assert "Plans fell after the new early help offer." in html and "Synthetic" in html
    with pytest.raises(ValueError, match="frozen"):
        snapshot.title = "Changed"
        snapshot.save()
    assert AuditEvent.objects.filter(action="snapshot.publish", actor=analyst).exists()


def test_only_analysts_and_administrators_publish(scorecard, client):
    viewer = UserFactory(username="viewer", role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        snapshot_publish(
            scorecard=scorecard, title="x", as_at=date(2026, 12, 31), commentary={}, public=True, by=viewer
        )
    client.force_login(viewer)
    assert client.get(f"/scorecards/{scorecard.pk}/publish/").status_code == 403
    assert (
        client.post(f"/scorecards/{scorecard.pk}/publish/", {"title": "x", "as_at": 2026}).status_code == 403
    )
    assert not scorecard.snapshots.exists()


def test_the_publish_form_publishes_and_keeps_what_was_typed_on_error(scorecard, analyst, client):
    client.force_login(analyst)
    response = client.post(
        f"/scorecards/{scorecard.pk}/publish/", {"title": "", "as_at": 2026, "commentary_2": "Kept"}
    )
    assert response.status_code == 200 and "Enter a title" in response.content.decode()
    assert "Kept" in response.content.decode()
    response = client.post(
        f"/scorecards/{scorecard.pk}/publish/",
        {"title": "April 2026", "as_at": 2025, "commentary_2": "Story", "public": "on"},
    )
    snapshot = scorecard.snapshots.get()
    assert response.status_code == 302 and snapshot.public and snapshot.as_at == date(2025, 12, 31)


def test_the_public_see_public_snapshots_only_without_small_numbers(scorecard, analyst, client):
    hidden = snapshot_publish(
        scorecard=scorecard,
        title="Internal",
        as_at=date(2026, 12, 31),
        commentary={},
        public=False,
        by=analyst,
    )
    shown = snapshot_publish(
        scorecard=scorecard, title="Public", as_at=date(2026, 12, 31), commentary={}, public=True, by=analyst
    )
    assert client.get(f"/scorecards/public/{hidden.pk}/").status_code == 404
    assert (
        client.get(f"/scorecards/snapshots/{shown.pk}/").status_code == 302
    )  # the full version needs sign-in
    response = client.get(f"/scorecards/public/{shown.pk}/")
    assert response.status_code == 200 and "Small numbers are suppressed" in response.content.decode()
    public_cpp = cpp_line({"themes": response.context["themes"]})
    assert public_cpp["areas"]["target"]["numerator"] is None  # counts are never published


def test_secondary_suppression_hides_whatever_would_reveal_a_small_count():
    line = {
        "indicator": "x",
        "disclosure_minimum": 5,
        "synthetic": False,
        "areas": {
            "target": {"estimate": {"value": 1.0}, "numerator": 3, "denominator": 300, "note": ""},
            "rest": {"estimate": {"value": 2.0}, "numerator": 200, "denominator": 10000, "note": ""},
            "district": {"estimate": {"value": 2.0}, "numerator": 203, "denominator": 10300, "note": ""},
            "england": {"estimate": {"value": 2.1}, "numerator": 9000, "denominator": 430000, "note": ""},
            "comparators": {"estimate": None, "numerator": None, "denominator": None, "note": ""},
        },
        "gaps": {"rest": {"value": -1.0}},
        "status": "no significant gap",
        "from_previous": {"direction": "x"},
        "gap_series": [["2020", {"value": -1}]],
    }
    public = suppressed({"as_at": "2026-12-31", "themes": [{"name": "T", "lines": [line]}]})
    out = public["themes"][0]["lines"][0]
    assert out["areas"]["target"]["estimate"] is None and out["areas"]["target"]["note"] == SUPPRESSED
    assert out["areas"]["rest"]["estimate"] is None  # else district minus rest gives the target
    assert out["gaps"] == {} and out["from_previous"] is None and out["gap_series"] == []
    assert out["areas"]["district"]["estimate"] == {"value": 2.0}  # published figures stay
    assert all(area["numerator"] is None for area in out["areas"].values())
    large = copy.deepcopy(line)
    large["areas"]["target"]["numerator"] = 30
    kept = suppressed({"as_at": "x", "themes": [{"name": "T", "lines": [large]}]})["themes"][0]["lines"][0]
    assert kept["areas"]["target"]["estimate"] == {"value": 1.0} and kept["gaps"] == {"rest": {"value": -1.0}}


def test_two_snapshots_can_be_compared(scorecard, analyst, client):
    a = snapshot_publish(
        scorecard=scorecard,
        title="October 2019",
        as_at=date(2019, 12, 31),
        commentary={},
        public=False,
        by=analyst,
    )
    b = snapshot_publish(
        scorecard=scorecard,
        title="October 2025",
        as_at=date(2025, 12, 31),
        commentary={},
        public=False,
        by=analyst,
    )
    client.force_login(analyst)
    response = client.get(f"/scorecards/{scorecard.pk}/snapshots/compare/?a={a.pk}&b={b.pk}")
    html = response.content.decode()
    assert response.status_code == 200 and "31 March 2019" in html and "31 March 2025" in html


def test_a_publish_form_sent_twice_publishes_one_snapshot(scorecard, analyst, client):
    from equalchance.scorecards.models import Snapshot

    client.force_login(analyst)
    themes = list(scorecard.themes.values_list("name", flat=True))
    form = {"title": "October 2026", "as_at": "2025", "public": "on", "commentary_2": "Fewer plans."}
    first = client.post(f"/scorecards/{scorecard.pk}/publish/", form)
    second = client.post(f"/scorecards/{scorecard.pk}/publish/", form)
    snapshot = Snapshot.objects.get()
    assert first["Location"] == second["Location"] == f"/scorecards/snapshots/{snapshot.pk}/"
    assert {c.theme: c.text for c in snapshot.commentary.all()} == {themes[2]: "Fewer plans."}
    assert AuditEvent.objects.filter(action="snapshot.publish").count() == 1
    # Something different (other commentary) is a new snapshot.
    client.post(f"/scorecards/{scorecard.pk}/publish/", {**form, "commentary_2": "Fewer plans again."})
    assert Snapshot.objects.count() == 2


def test_a_signed_in_provider_reads_public_snapshots_as_anyone_can(scorecard, analyst, user_with_role):
    """The defect: the public could read a public snapshot but a signed-in service provider was refused
    (and the refusal audited), because providers were kept to the directory's addresses."""
    from django.test import Client

    shown = snapshot_publish(
        scorecard=scorecard, title="Public", as_at=date(2026, 12, 31), commentary={}, public=True, by=analyst
    )
    provider = Client()
    provider.force_login(user_with_role("provider"))
    assert provider.get(f"/scorecards/public/{shown.pk}/").status_code == 200
    assert provider.get(f"/api/public/snapshots/{shown.pk}/").status_code == 200
    assert provider.get(f"/scorecards/snapshots/{shown.pk}/").status_code == 403  # the full version is not
