"""Publishing a scorecard twice a year: a frozen snapshot with commentary, audited."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction

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
