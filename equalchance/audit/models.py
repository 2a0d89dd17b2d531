"""Audit events: who did (or tried to do) what to which record, when. Append-only in the database itself
(triggers refuse UPDATE and DELETE; see the migrations) and chained by hash (`audit.chain`).

Events hold references only: the record's type and id, the actor's id and role, and in `changes` field
names with codes, ids and numbers. Never a person's name, contact or a free-text reason."""

from django.conf import settings
from django.db import models

from equalchance.audit.actions import Action


class AuditEvent(models.Model):
    at = models.DateTimeField(db_index=True)
    # A plain reference, not a constraint: the trail must outlive the accounts it mentions, and a row
    # may never be changed to forget one.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text="Empty only for an anonymous visitor (a public form, a failed sign-in)",
    )
    actor_role = models.CharField(max_length=20, blank=True, help_text="The actor's role at the time")
    action = models.CharField(max_length=60, choices=Action.choices)
    refused = models.BooleanField(default=False, help_text="The action was attempted and refused")
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    changes = models.JSONField(default=dict, blank=True, help_text="References and codes only")
    request_id = models.CharField(max_length=32, blank=True)
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_audit_object__0e78a5_idx"),
            models.Index(fields=["actor", "at"], name="audit_audit_actor_i_6f1c2d_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit events are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only and cannot be deleted.")


class ChainHead(models.Model):
    """One row: how many events there are and the newest one's hash. Recording an event updates it
    first, which takes a lock (a row lock on PostgreSQL, the write lock on SQLite) until the transaction
    ends, so events are chained one after another even when many processes write at once. `audit
    verify` compares it with the trail, which finds rows cut off the end."""

    events = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)
