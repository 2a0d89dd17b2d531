"""Applying the retention rules, and erasing a person's data on request. Each disposal is logged
(`Disposal`: what kind of record, its id, the rule or request, when, by whom) and audited in the same
transaction; records under a legal hold are left alone. The audit trail keeps its references (ids),
which hold no personal data, so it survives erasure whole."""

from dataclasses import dataclass
from datetime import datetime

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from equalchance.accounts.models import Membership, Organisation, Role, User
from equalchance.accounts.permissions import user_can
from equalchance.accounts.services import user_sessions_end
from equalchance.audit.actions import Action
from equalchance.audit.services import audit_event_record
from equalchance.directory.models import LocalOfferComment, Referral, ReferralEvent
from equalchance.privacy.models import Disposal, LegalHold
from equalchance.privacy.rules import BY_KEY

ERASED = "(removed)"


def _days(rule: str) -> int:
    return settings.RETENTION_DAYS.get(rule, BY_KEY[rule].days)


def _held(object_type: str) -> list[str]:
    return list(
        LegalHold.objects.filter(object_type=object_type, lifted_at=None).values_list("object_id", flat=True)
    )


def _log(*, by, obj, how: str, rule: str = "", request_reference: str = "") -> None:
    Disposal.objects.create(
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        how=how,
        rule=rule,
        request_reference=request_reference,
        by=by,
    )
    audit_event_record(
        actor=by,
        action=Action.RETENTION_DISPOSE if rule else Action.PERSON_ERASE,
        obj=obj,
        changes={"how": how, "rule": rule, "request": request_reference},
    )


def _referral_details_remove(referral: Referral) -> None:
    referral.person_name = ERASED
    referral.person_contact = ""
    referral.reason = ""
    referral.consent_note = ERASED
    referral.decision_reason = ""
    referral.personal_details_removed_at = timezone.now()
    referral.save(
        update_fields=[
            "person_name",
            "person_contact",
            "reason",
            "consent_note",
            "decision_reason",
            "personal_details_removed_at",
        ]
    )
    # The history keeps what happened, not the reasons typed about the person.
    ReferralEvent.objects.filter(referral=referral, what__startswith="Declined").update(what="Declined")


def referrals_due(now: datetime):
    cutoff = BY_KEY["referral"].due_before(now, _days("referral"))
    return (
        Referral.objects.filter(personal_details_removed_at=None)
        .filter(Q(decided_at__lt=cutoff) | Q(decided_at=None, created_at__lt=cutoff))
        .exclude(pk__in=_held("directory.referral"))
    )


def comment_emails_due(now: datetime):
    cutoff = BY_KEY["comment_email"].due_before(now, _days("comment_email"))
    return (
        LocalOfferComment.objects.exclude(email="")
        .filter(Q(responded_at__lt=cutoff) | Q(responded_at=None, received_at__lt=cutoff))
        .exclude(pk__in=[int(i) for i in _held("directory.localoffercomment") if i.isdigit()])
    )


def registrations_due(now: datetime):
    cutoff = BY_KEY["unconfirmed_registration"].due_before(now, _days("unconfirmed_registration"))
    return User.objects.filter(
        role=Role.PROVIDER, email_verified_at=None, date_joined__lt=cutoff, last_login=None
    ).exclude(pk__in=[int(i) for i in _held("accounts.user") if i.isdigit()])


@dataclass(frozen=True)
class Applied:
    referrals: int
    comment_emails: int
    registrations: int


def retention_apply(*, by, now: datetime | None = None, dry_run: bool = False) -> Applied:
    """Dispose of what the rules say is due (or, with dry_run, only count it)."""
    if not user_can(by, "privacy.retention"):
        raise PermissionDenied("Only administrators and scheduled work apply retention rules.")
    now = now or timezone.now()
    referrals = list(referrals_due(now))
    comments = list(comment_emails_due(now))
    registrations = list(registrations_due(now))
    if dry_run:
        return Applied(len(referrals), len(comments), len(registrations))
    with transaction.atomic():
        for referral in referrals:
            _referral_details_remove(referral)
            _log(by=by, obj=referral, how=Disposal.How.REMOVED, rule="referral")
        for comment in comments:
            comment.email = ""
            comment.save(update_fields=["email"])
            _log(by=by, obj=comment, how=Disposal.How.REMOVED, rule="comment_email")
        for user in registrations:
            _registration_delete(by=by, user=user)
    return Applied(len(referrals), len(comments), len(registrations))


def _registration_delete(*, by, user: User) -> None:
    memberships = list(Membership.objects.filter(user=user).select_related("organisation"))
    for membership in memberships:
        organisation = membership.organisation
        membership.delete()
        if not (
            organisation.services.exists()
            or organisation.submissions.exists()
            or organisation.memberships.exists()
            or organisation.referrals_received.exists()
        ):
            _log(by=by, obj=organisation, how=Disposal.How.DELETED, rule="unconfirmed_registration")
            Organisation.objects.filter(pk=organisation.pk).delete()
    _log(by=by, obj=user, how=Disposal.How.DELETED, rule="unconfirmed_registration")
    User.objects.filter(pk=user.pk).delete()


def _require_eraser(by) -> None:
    if not user_can(by, "privacy.erase"):
        raise PermissionDenied("Only administrators can erase personal data.")


def referral_details_erase(*, by, referral: Referral, request_reference: str) -> Referral:
    """Remove a referred person's details at their request (the referral stays as a bare record)."""
    _require_eraser(by)
    with transaction.atomic():
        _referral_details_remove(referral)
        _log(by=by, obj=referral, how=Disposal.How.REMOVED, request_reference=request_reference)
    return referral


def comment_erase(*, by, comment: LocalOfferComment, request_reference: str) -> LocalOfferComment:
    """Remove a commenter's name and address (and the text, unless it was published with a response)."""
    _require_eraser(by)
    with transaction.atomic():
        comment.name, comment.email = "", ""
        if comment.state != LocalOfferComment.State.PUBLISHED:
            comment.text = ERASED
        comment.save(update_fields=["name", "email", "text"])
        _log(by=by, obj=comment, how=Disposal.How.REMOVED, request_reference=request_reference)
    return comment


def user_erase(*, by, user: User, request_reference: str) -> User:
    """Erase a person's account details. The account row stays, renamed, so everything that refers to it
    (referrals they made, decisions, the audit trail) still holds together; they can no longer sign in,
    and their memberships end."""
    _require_eraser(by)
    if user.pk == by.pk:
        raise PermissionDenied("Ask another administrator to erase your own account.")
    if user.role == Role.SYSTEM:
        raise PermissionDenied("The system actor is not a person.")
    with transaction.atomic():
        address = user.email
        user.username = f"erased-{user.pk}"
        user.first_name = user.last_name = user.email = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        Membership.objects.filter(user=user, ended_at=None).update(ended_at=timezone.now())
        # Sign-in data is theirs too: second factors, and single sign-on links (which keep the
        # identity provider's claims: name and address).
        Authenticator.objects.filter(user=user).delete()
        SocialAccount.objects.filter(user=user).delete()
        # allauth's table of addresses (and its confirmations, which go with each row): every row of the
        # account, and any row of another account holding the person's address.
        EmailAddress.objects.filter(user=user).delete()
        if address:
            EmailAddress.objects.filter(email__iexact=address).delete()
            # Comments sent from the person's address are theirs too (as `comment_erase` removes them).
            for comment in LocalOfferComment.objects.filter(email__iexact=address):
                comment_erase(by=by, comment=comment, request_reference=request_reference)
        user_sessions_end(user=user)
        _log(by=by, obj=user, how=Disposal.How.REMOVED, request_reference=request_reference)
    return user


def legal_hold_place(*, by, object_type: str, object_id: str, reason: str) -> LegalHold:
    _require_eraser(by)
    with transaction.atomic():
        hold = LegalHold.objects.create(
            object_type=object_type, object_id=object_id, reason=reason, placed_by=by
        )
        audit_event_record(
            actor=by,
            action=Action.LEGAL_HOLD_PLACE,
            object_type=object_type,
            object_id=object_id,
            changes={"hold": hold.pk},
        )
    return hold
