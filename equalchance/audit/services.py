"""Writing audit events. Call inside the transaction of the change (or the read) being audited, so the
event and what it records are kept or lost together."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from equalchance.audit import chain
from equalchance.audit.actions import Action
from equalchance.audit.models import AuditEvent, ChainHead
from equalchance.common import request_context

ANONYMOUS = object()  # the actor of a public visitor's action (a comment, a failed sign-in)


def _reference(obj: models.Model | None, object_type: str, object_id) -> tuple[str, str]:
    if obj is not None:
        return obj._meta.label_lower, str(obj.pk)
    if not object_type:
        raise ValueError("Say which record the event is about (obj, or object_type and object_id).")
    return object_type, str(object_id)


def audit_event_record(
    *,
    actor,
    action: Action,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id="",
    changes: dict | None = None,
    refused: bool = False,
) -> AuditEvent:
    """Append one event to the trail, chained to the one before it.

    `actor` is the user who acted: a signed-in user, the system actor for automated work
    (`accounts.services.system_actor`), or `ANONYMOUS` for a public visitor. `changes` holds references
    and codes only (never a person's name, contact or a typed reason)."""
    if not isinstance(action, Action):
        raise TypeError(f"Audit actions are an Action, not {action!r}")
    if actor is ANONYMOUS:
        actor_id, role = None, ""
    elif getattr(actor, "pk", None) is not None and getattr(actor, "is_authenticated", False):
        actor_id, role = actor.pk, actor.role
    else:
        raise ValueError("An audit event needs an actor: a user, the system actor or ANONYMOUS.")
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("Audit events must be written in the same transaction as the change they record.")
    object_type, object_id = _reference(obj, object_type, object_id)
    fields = {
        "at": timezone.now(),
        "actor_id": actor_id,
        "actor_role": role,
        "action": action.value,
        "refused": refused,
        "object_type": object_type,
        "object_id": object_id,
        # Exactly what the database will hand back, so the hash can be checked later.
        "changes": json.loads(json.dumps(changes or {}, cls=DjangoJSONEncoder)),
        "request_id": request_context.request_id(),
        "client_ip": request_context.ip_canonical(request_context.client_ip()),
    }
    # Taking the head's lock first orders concurrent writers; the previous hash is read after it.
    updated = ChainHead.objects.filter(pk=1).update(events=models.F("events") + 1)
    if not updated:
        ChainHead.objects.create(pk=1, events=1, hash=chain.GENESIS)
    previous = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or chain.GENESIS
    digest = chain.event_hash(previous, fields)
    event = AuditEvent.objects.create(**fields, prev_hash=previous, hash=digest)
    ChainHead.objects.filter(pk=1).update(hash=digest)
    return event


def audit_refusal_record(*, actor, action: Action, object_type: str, object_id, why: str = "") -> None:
    """Record a refused attempt. Call it before (outside) any transaction that the refusal undoes, or
    the event would be undone with it: services check permissions before they open theirs."""
    with transaction.atomic():
        audit_event_record(
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=object_id,
            changes={"why": why} if why else {},
            refused=True,
        )
    request_context.refusal_mark()
