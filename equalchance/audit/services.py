"""Writing audit events. Call inside the transaction of the change being audited."""

from django.db import models, transaction

from equalchance.audit.models import AuditEvent


def audit_event_record(*, actor, action: str, obj: models.Model, changes: dict | None = None) -> AuditEvent:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Audit events must be written in the same transaction as the change they record.")
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        changes=changes or {},
    )
