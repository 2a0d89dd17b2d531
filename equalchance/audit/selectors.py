"""Reading the audit trail: one record's history, one user's activity, and checking the chain."""

from django.db.models import QuerySet

from equalchance.audit import chain
from equalchance.audit.models import AuditEvent, ChainHead


def audit_events_for(*, object_type: str, object_id) -> QuerySet[AuditEvent]:
    """Who has seen or changed a record, newest first."""
    return AuditEvent.objects.filter(object_type=object_type, object_id=str(object_id)).select_related(
        "actor"
    )


def audit_events_by(*, actor_id: int) -> QuerySet[AuditEvent]:
    """What a user has opened or changed, newest first."""
    return AuditEvent.objects.filter(actor_id=actor_id)


def audited_object_types() -> list[str]:
    return list(AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct())


def audit_trail_verify() -> chain.Verdict:
    """Check every event's hash and link, in order, then that the head recorded beside the trail agrees
    with its end (rows cut off the end leave the head ahead of the trail)."""
    rows = (
        AuditEvent.objects.order_by("id")
        .values("id", "prev_hash", "hash", *chain.HASHED_FIELDS)
        .iterator(chunk_size=5000)
    )
    verdict = chain.verify(rows)
    head = ChainHead.objects.filter(pk=1).first()
    if (
        verdict.broken is None
        and head is not None
        and (head.events, head.hash) != (verdict.checked, verdict.head)
    ):
        last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        why = (
            f"the trail ends here but the chain head records {head.events} events ending in "
            f"{head.hash[:12]}: events after it were deleted"
        )
        return chain.Verdict(verdict.checked, verdict.head, chain.Break(last, why))
    return verdict


def audit_hash_present(digest: str) -> bool:
    """Whether an event with this hash is in the trail (a head recorded earlier must still be there)."""
    return AuditEvent.objects.filter(hash=digest).exists()
