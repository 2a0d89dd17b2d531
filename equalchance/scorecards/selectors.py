"""Reads for scorecards, including who may see what: the one place that says which scorecards and which
published snapshots a user may open, and the only way views get a snapshot (`snapshot_get_for`), which
refuses, audits and reads in one step."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet

from equalchance.accounts.permissions import user_can
from equalchance.audit.actions import Action
from equalchance.audit.services import audit_event_record, audit_refusal_record
from equalchance.scorecards.compute import partnership_scorecards
from equalchance.scorecards.models import Scorecard, Snapshot
from equalchance.scorecards.params import LARGEST_ID

VIEW = "scorecards.view"


def scorecards_visible_to(*, user) -> QuerySet[Scorecard]:
    """The partnership's scorecards for roles that read scorecards; none for anyone else."""
    if not user_can(user, VIEW):
        return Scorecard.objects.none()
    return partnership_scorecards()


def public_snapshots() -> QuerySet[Snapshot]:
    """Snapshots the partnership has made public (shown with small numbers suppressed)."""
    return Snapshot.objects.filter(public=True).select_related("scorecard__target", "scorecard__district")


def snapshots_visible_to(*, user) -> QuerySet[Snapshot]:
    """Every snapshot of the partnership's scorecards, private ones included, for roles that read
    scorecards; only the public ones for anyone else (and those only through the public pages)."""
    if not user_can(user, VIEW):
        return public_snapshots()
    return Snapshot.objects.filter(scorecard__in=partnership_scorecards()).select_related(
        "scorecard__target", "scorecard__district", "published_by"
    )


def snapshots_get_for(
    *, user, ids: list[int], scorecard: Scorecard | None = None, purpose: str = "page"
) -> list[Snapshot]:
    """Published snapshots in full (counts included), in the order asked, for a role that reads
    scorecards.

    Refused (PermissionDenied) for every other role, whatever the ids, so a refusal says nothing about
    which snapshots exist; each private snapshot asked for is recorded as a refused read. Reading a
    private snapshot is audited once per request (`purpose`: page, csv, xlsx, pdf, api, compare).
    Raises Snapshot.DoesNotExist when an id is not one of the user's snapshots (or not `scorecard`'s)."""
    ids = [int(id) for id in ids]
    keys = [id for id in ids if 0 < id <= LARGEST_ID]  # others cannot be keys (nor reach the database)
    if not user_can(user, VIEW):
        if getattr(user, "is_authenticated", False):
            for private in Snapshot.objects.filter(pk__in=keys, public=False).values_list("pk", flat=True):
                audit_refusal_record(
                    actor=user,
                    action=Action.SNAPSHOT_READ,
                    object_type=Snapshot._meta.label_lower,
                    object_id=private,
                    why=VIEW,
                )
        raise PermissionDenied("Your role cannot read published scorecards in full.")
    snapshots = snapshots_visible_to(user=user)
    if scorecard is not None:
        snapshots = snapshots.filter(scorecard=scorecard)
    found = {snapshot.pk: snapshot for snapshot in snapshots.filter(pk__in=keys)}
    if not ids or any(id not in found for id in ids):
        raise Snapshot.DoesNotExist("No such published scorecard")
    private = [snapshot for snapshot in found.values() if not snapshot.public]
    if private:
        with transaction.atomic():
            for snapshot in private:
                audit_event_record(
                    actor=user, action=Action.SNAPSHOT_READ, obj=snapshot, changes={"as": purpose}
                )
    return [found[id] for id in ids]


def snapshot_get_for(*, user, id: int, scorecard: Scorecard | None = None, purpose: str = "page") -> Snapshot:
    """One published snapshot in full: see `snapshots_get_for`, the only way views get them."""
    return snapshots_get_for(user=user, ids=[id], scorecard=scorecard, purpose=purpose)[0]
