"""Brokerage: a practitioner refers a person to a service, only with the person's consent; the
provider's members accept or decline with a reason; both see the status and history. A referral holds
personal data, so only the referrer and the receiving organisation's members may see it, and every
reading and change is audited."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from equalchance.accounts.permissions import user_can
from equalchance.audit.actions import Action
from equalchance.audit.services import audit_event_record
from equalchance.directory.models import Referral, ReferralEvent, Service


def referrals_visible_to(user):
    """The referrals a user may see: those they made, and those to their organisations' services."""
    return Referral.objects.filter(
        Q(referred_by=user) | Q(service__organisation__memberships__user=user)
    ).distinct()


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
    if not service.published:
        raise ValueError("That service is not in the directory.")
    with transaction.atomic():
        referral = Referral.objects.create(
            service=service,
            referred_by=by,
            person_name=person_name,
            person_contact=person_contact,
            reason=reason,
            consent_recorded_at=timezone.now(),
            consent_note=consent_note,
        )
        ReferralEvent.objects.create(referral=referral, by=by, what="Referred, with the person's consent")
        audit_event_record(
            actor=by, action=Action.REFERRAL_CREATE, obj=referral, changes={"service": str(service.pk)}
        )
    return referral


def referral_read(*, by, referral_id) -> Referral:
    """The referral, if this user may see it (audited); otherwise Referral.DoesNotExist."""
    referral = (
        referrals_visible_to(by).select_related("service__organisation", "referred_by").get(pk=referral_id)
    )
    with transaction.atomic():
        audit_event_record(actor=by, action=Action.REFERRAL_READ, obj=referral)
    return referral


def referral_decide(*, by, referral: Referral, accept: bool, reason: str) -> None:
    """The receiving organisation's members accept or decline (a decline needs a reason)."""
    if not referral.service.organisation.memberships.filter(user=by).exists():
        raise PermissionDenied("Only the service's organisation can accept or decline its referrals.")
    if referral.state != Referral.State.SENT:
        raise ValueError("This referral has been decided already.")
    if not accept and not reason.strip():
        raise ValueError("Say why the referral is declined.")
    with transaction.atomic():
        referral.state = Referral.State.ACCEPTED if accept else Referral.State.DECLINED
        referral.decision_reason = reason.strip()
        referral.save(update_fields=["state", "decision_reason"])
        what = "Accepted" if accept else f"Declined: {referral.decision_reason}"
        ReferralEvent.objects.create(referral=referral, by=by, what=what)
        audit_event_record(
            actor=by, action=Action.REFERRAL_DECIDE, obj=referral, changes={"state": referral.state}
        )
