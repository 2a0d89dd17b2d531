"""Brokerage: a practitioner refers a person to a service, only with the person's consent; members of
the organisation it is sent to accept or decline with a reason. The referral records which organisation
received it, so nothing done to directory entries later (a merge, a change of owner) hands the person's
details to another organisation."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from equalchance.accounts.permissions import user_can
from equalchance.audit.actions import Action
from equalchance.audit.services import audit_event_record, audit_refusal_record
from equalchance.directory.models import Referral, ReferralEvent, Service
from equalchance.directory.selectors import referral_receiving, services_public


class AlreadyDecided(ValueError):
    pass


def referral_create(
    *,
    by,
    service: Service,
    person_name: str,
    person_contact: str,
    reason: str,
    consent: bool,
    consent_note: str,
) -> Referral:
    if not user_can(by, "directory.refer"):
        raise PermissionDenied("Only practitioners can refer people to services.")
    if not consent:
        raise ValueError("A person can be referred only with their consent.")
    if not services_public().filter(pk=service.pk).exists():
        raise ValueError("That service is not in the directory.")
    with transaction.atomic():
        referral = Referral.objects.create(
            service=service,
            receiving_organisation_id=service.organisation_id,
            referred_by=by,
            person_name=person_name,
            person_contact=person_contact,
            reason=reason,
            consent_recorded_at=timezone.now(),
            consent_note=consent_note,
        )
        ReferralEvent.objects.create(referral=referral, by=by, what="Referred, with the person's consent")
        audit_event_record(
            actor=by,
            action=Action.REFERRAL_CREATE,
            obj=referral,
            changes={"service": str(service.pk), "organisation": str(service.organisation_id)},
        )
    return referral


def referral_decide(*, by, referral: Referral, accept: bool, reason: str) -> Referral:
    """The receiving organisation's current members accept or decline (a decline needs a reason)."""
    if not referral_receiving(user=by, referral=referral):
        audit_refusal_record(
            actor=by, action=Action.REFERRAL_DECIDE, object_type="directory.referral", object_id=referral.pk
        )
        raise PermissionDenied("Only the organisation the referral was sent to can accept or decline it.")
    if not accept and not reason.strip():
        raise ValueError("Say why the referral is declined.")
    with transaction.atomic():
        current = Referral.objects.select_for_update().get(pk=referral.pk)
        if current.state != Referral.State.SENT:
            raise AlreadyDecided(f"This referral was {current.get_state_display().lower()} already.")
        current.state = Referral.State.ACCEPTED if accept else Referral.State.DECLINED
        current.decision_reason = reason.strip()
        current.decided_at = timezone.now()
        current.save(update_fields=["state", "decision_reason", "decided_at"])
        what = "Accepted" if accept else f"Declined: {current.decision_reason}"
        ReferralEvent.objects.create(referral=current, by=by, what=what)
        audit_event_record(
            actor=by, action=Action.REFERRAL_DECIDE, obj=current, changes={"state": current.state}
        )
    return current
