"""Publishing a scorecard twice a year: a frozen snapshot with commentary, audited."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from equalchance.accounts.permissions import user_can
from equalchance.audit.actions import Action
from equalchance.audit.services import audit_event_record
from equalchance.scorecards.compute import scorecard_compute
from equalchance.scorecards.models import Commentary, Scorecard, Snapshot
from equalchance.scorecards.snapshots import freeze


def snapshot_publish(
    *, scorecard: Scorecard, title: str, as_at: date, commentary: dict[str, str], public: bool, by
) -> Snapshot:
    if not user_can(by, "scorecards.publish"):
        raise PermissionDenied("Only analysts and administrators can publish scorecards.")
    data = freeze(scorecard_compute(scorecard, as_at=as_at), as_at=as_at)
    with transaction.atomic():
        _lock(scorecard)
        again = _just_published(
            scorecard, title=title, as_at=as_at, commentary=commentary, public=public, by=by
        )
        if again is not None:  # the same post sent twice (a double click, a resent form): one snapshot
            return again
        snapshot = Snapshot.objects.create(
            scorecard=scorecard, title=title, as_at=as_at, public=public, data=data, published_by=by
        )
        Commentary.objects.bulk_create(
            Commentary(snapshot=snapshot, theme=theme, text=text)
            for theme, text in commentary.items()
            if text.strip()
        )
        audit_event_record(
            actor=by,
            action=Action.SNAPSHOT_PUBLISH,
            obj=snapshot,
            changes={"scorecard": scorecard.pk, "public": public, "as_at": as_at.isoformat()},
        )
    return snapshot


REPEAT_WINDOW = timedelta(minutes=10)


def _lock(scorecard: Scorecard) -> None:
    """Publications of one scorecard one at a time: this write takes the scorecard's row lock
    (PostgreSQL) or the database's write lock (SQLite) until the transaction ends, so a second post sent
    at the same moment waits, then finds the first."""
    Scorecard.objects.filter(pk=scorecard.pk).update(baseline_year=F("baseline_year"))


def _just_published(scorecard, *, title, as_at, commentary, public, by) -> Snapshot | None:
    """The snapshot this user published from the same form a moment ago, if this post repeats it."""
    recent = Snapshot.objects.filter(
        scorecard=scorecard,
        title=title,
        as_at=as_at,
        public=public,
        published_by=by,
        published_at__gte=timezone.now() - REPEAT_WINDOW,
    ).order_by("-pk")
    wanted = {theme: text for theme, text in commentary.items() if text.strip()}
    for snapshot in recent:
        if {c.theme: c.text for c in snapshot.commentary.all()} == wanted:
            return snapshot
    return None
