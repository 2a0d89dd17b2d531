"""A moderator's "not a duplicate": the pair is remembered (either way round) and never suggested again
until the decision is undone; deciding and undoing are audited with who and when. Merging is
`services_merge` (in `entries`), the one way entries are merged."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from equalchance.audit.actions import Action
from equalchance.audit.services import audit_event_record
from equalchance.directory.models import NotDuplicate, Service
from equalchance.directory.services.entries import _require_moderator


def not_duplicate_mark(*, by, first: Service, second: Service) -> NotDuplicate:
    """Record that two public entries are not the same service. Refused with ValueError (nothing
    written) for an entry and itself, an entry no longer public, or a pair already marked."""
    _require_moderator(by)
    if first.pk == second.pk:
        raise ValueError("An entry cannot be a duplicate of itself: choose two different entries.")
    first_pk, second_pk = sorted((first.pk, second.pk))
    try:
        with transaction.atomic():
            current = Service.objects.select_for_update().in_bulk([first_pk, second_pk])
            if not all(pk in current and current[pk].published for pk in (first_pk, second_pk)):
                raise ValueError(
                    "One of those entries is no longer in the directory (it may have been merged already)."
                )
            if NotDuplicate.objects.filter(first_id=first_pk, second_id=second_pk, undone_at=None).exists():
                raise ValueError("Those entries are already marked as not duplicates.")
            decision = NotDuplicate.objects.create(
                first_id=first_pk, second_id=second_pk, decided_by=by, decided_at=timezone.now()
            )
            audit_event_record(
                actor=by,
                action=Action.DIRECTORY_NOT_DUPLICATE,
                obj=decision,
                changes={"first": str(first_pk), "second": str(second_pk)},
            )
    except IntegrityError:  # marked by someone else at the same moment
        raise ValueError("Those entries are already marked as not duplicates.") from None
    return decision


def not_duplicate_undo(*, by, decision: NotDuplicate) -> None:
    """Withdraw a "not a duplicate" decision: the pair can be suggested again. The record stays, with
    who undid it and when. Refused with ValueError if it was undone already."""
    _require_moderator(by)
    with transaction.atomic():
        current = NotDuplicate.objects.select_for_update().get(pk=decision.pk)
        if current.undone_at is not None:
            raise ValueError("That decision was undone already.")
        current.undone_by, current.undone_at = by, timezone.now()
        current.save(update_fields=["undone_by", "undone_at"])
        audit_event_record(
            actor=by,
            action=Action.DIRECTORY_NOT_DUPLICATE_UNDO,
            obj=current,
            changes={"first": str(current.first_id), "second": str(current.second_id)},
        )
    decision.undone_by, decision.undone_at = current.undone_by, current.undone_at
