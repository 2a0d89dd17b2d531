"""Writes for accounts: organisations, memberships, the named system actor for automated work,
deactivating a user, and the audit trail of signing in (every event references the account, never the
name someone typed)."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from equalchance.accounts import lockout
from equalchance.accounts.models import SYSTEM_USERNAME, Membership, Organisation, Role, User
from equalchance.accounts.permissions import user_can
from equalchance.audit.actions import Action
from equalchance.audit.services import ANONYMOUS, audit_event_record

USER_TYPE = "accounts.user"


def system_actor() -> User:
    """The actor recorded for work nobody did by hand (loads at set-up, scheduled tasks). Made by a
    migration; it has no usable password and its role cannot sign in."""
    user, _ = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"role": Role.SYSTEM, "first_name": "Automated work", "password": "!"},
    )
    return user


# Form fields that set the password, recorded as "password" (never the value).
PASSWORD_FIELDS = {"password", "password1", "password2", "usable_password"}


def _field_names(fields) -> list[str]:
    return sorted({"password" if name in PASSWORD_FIELDS else name for name in fields})


def user_create(
    *, by: User, username: str, password: str | None, role: str, email: str = "", **fields
) -> User:
    """Make an account (`createsuperuser`, commands): the one password policy applied (a password of
    None leaves the account without a usable one), and its making on the audit trail, with the names
    of the fields given and the role, never their values."""
    user = User(username=username, email=User.objects.normalize_email(email), role=role, **fields)
    if password is None:
        user.set_unusable_password()
    else:
        validate_password(password, user)
        user.set_password(password)
    user.full_clean(exclude=["password"])
    with transaction.atomic():
        user.save()
        given = [
            "username",
            "role",
            *(["email"] if email else []),
            *(["password"] if password else []),
            *fields,
        ]
        user_change_record(by=by, user=user, fields=given, created=True)
    return user


def user_change_record(
    *, by: User, user: User, fields, created: bool = False, role_before: str | None = None, was_active=None
) -> None:
    """Audit an account made or changed (in the admin or by a command): which fields (by name), the role
    (from and to when it changed) and a reactivation; never the values typed (an e-mail address, a
    name)."""
    changes: dict = {"fields": _field_names(fields)}
    if created:
        changes["role"] = user.role
    elif role_before is not None and role_before != user.role:
        changes["role"] = [role_before, user.role]
    if was_active is not None and was_active != user.is_active:
        changes["is_active"] = [was_active, user.is_active]
    with transaction.atomic():
        audit_event_record(
            actor=by, action=Action.USER_CREATE if created else Action.USER_UPDATE, obj=user, changes=changes
        )


def user_email_sync(*, user: User) -> None:
    """Keep allauth's table of addresses (`account_emailaddress`) in step with `User.email`, the one
    source of an account's address: the account keeps at most one row, the one for its `User.email`
    (whatever its case), primary; any other row of the account goes, and so does any row of another
    account holding this address. Password reset and signing in by address read that table, so an old
    or alias address there would still reach the account. Called on every save of an account that may
    change its address (`receivers.on_user_saved`) and when allauth saves a row itself."""
    from allauth.account.models import EmailAddress

    email = (user.email or "").lower()  # allauth keeps (and looks up) its addresses in small letters
    with transaction.atomic():
        keep = None
        if email:
            EmailAddress.objects.filter(email__iexact=email).exclude(user_id=user.pk).delete()
            keep = (
                EmailAddress.objects.filter(user_id=user.pk, email__iexact=email)
                .order_by("-primary", "-verified", "pk")
                .first()
            )
        others = EmailAddress.objects.filter(user_id=user.pk)
        if keep is not None:
            others = others.exclude(pk=keep.pk)
        others.delete()
        if keep is not None and (keep.email != email or not keep.primary):
            keep.email, keep.primary = email, True
            keep.save(update_fields=["email", "primary"])


def user_email_change(*, by: User, user: User, email: str) -> User:
    """Give an account another e-mail address (or none): one account per address, whatever its case;
    allauth's table follows (`user_email_sync`), and the change is audited by field name only."""
    email = User.objects.normalize_email(email or "")
    if email and User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ValidationError(
            {"email": "Another account already has this email address. Each account needs its own address."}
        )
    with transaction.atomic():
        changed = email != user.email
        user.email = email
        if changed:
            user.email_verified_at = None  # a new address is not confirmed by the old one's link
            user.save(update_fields=["email", "email_verified_at"])
            user_change_record(by=by, user=user, fields=["email"])
        user_email_sync(user=user)
    return user


def user_email_vouch(*, by: User, user: User) -> User:
    """An administrator made (or changed) this account with its address: they vouch for it, as for any
    account staff make, so a service provider need not open a link to confirm it. Audited."""
    with transaction.atomic():
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
        audit_event_record(
            actor=by, action=Action.EMAIL_VERIFIED, obj=user, changes={"by_administrator": True}
        )
    return user


def user_sessions_end(*, user: User) -> int:
    """Delete every session signed in as `user` (database sessions: each live one is read once)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


def user_deactivate(*, user: User, by: User) -> User:
    """Stop `user` signing in and end their sessions at once: their next request is signed out."""
    with transaction.atomic():
        was_active = user.is_active
        user.is_active = False
        user.save(update_fields=["is_active"])
        ended = user_sessions_end(user=user)
        audit_event_record(
            actor=by,
            action=Action.USER_DEACTIVATE,
            obj=user,
            changes={"is_active": [was_active, False], "sessions_ended": ended},
        )
    return user


def _actor(user: User | None):
    return user if user is not None and user.is_authenticated else ANONYMOUS


def _account_ref(user: User | None) -> dict:
    # A name that is no account is not recorded at all (it may be someone's mistyped password).
    return {"obj": user} if user is not None else {"object_type": USER_TYPE, "object_id": ""}


def sign_in_record(*, user: User, method: str, second_factor: str) -> None:
    """A full sign-in: audited, and the account's failed attempts forgiven."""
    with transaction.atomic():
        lockout.failures_clear(account=lockout.account_key(user))
        audit_event_record(
            actor=user,
            action=Action.SIGN_IN,
            obj=user,
            changes={"method": method, "second_factor": second_factor},
        )


def sign_in_failure_record(
    *, user: User | None, account: str, address: str | None, why: str
) -> lockout.Lock | None:
    """A failed attempt (wrong password, refused single sign-on): counted and audited. Returns the lock
    this failure brings into force, if it does."""
    with transaction.atomic():
        lockout.failure_record(account=account, address=address)
        audit_event_record(
            actor=ANONYMOUS,
            action=Action.SIGN_IN_FAILED,
            refused=True,
            changes={"why": why},
            **_account_ref(user),
        )
    return lockout.lock_for(account=account, address=address)


def second_factor_failure_record(*, user: User, address: str | None, signed_in: bool) -> None:
    """A wrong code at the second-factor step (counted towards the account's lock, like a wrong
    password) or when a signed-in user confirms who they are."""
    with transaction.atomic():
        if not signed_in:
            lockout.failure_record(account=lockout.account_key(user), address=address)
        audit_event_record(
            actor=user if signed_in else ANONYMOUS,
            action=Action.MFA_FAILED,
            obj=user,
            refused=True,
            changes={"step": "reauthenticate" if signed_in else "sign_in"},
        )


def sign_in_refusal_record(*, user: User | None, lock: lockout.Lock) -> None:
    """An attempt refused without looking at the password, because a lock is in force."""
    with transaction.atomic():
        audit_event_record(
            actor=ANONYMOUS,
            action=Action.SIGN_IN_LOCKED,
            refused=True,
            changes={"scope": lock.scope, "until": lock.until},
            **_account_ref(user),
        )


def sign_out_record(*, user: User) -> None:
    with transaction.atomic():
        audit_event_record(actor=user, action=Action.SIGN_OUT, obj=user, changes={})


def account_event_record(*, user: User, action: Action, by: User | None = None, changes: dict | None = None):
    """Something happened to an account's sign-in (password changed or reset, a second factor added,
    removed or refused): recorded against the account, by whoever was signed in (or anonymously)."""
    with transaction.atomic():
        audit_event_record(
            actor=_actor(by),
            action=action,
            obj=user,
            changes=changes or {},
        )


def sso_link(*, user: User, sociallogin, request) -> None:
    """Link the identity a provider vouched for to `user`'s account (`accounts.sso.matching` chose it)."""
    with transaction.atomic():
        sociallogin.connect(request, user)
        audit_event_record(
            actor=user, action=Action.SSO_LINK, obj=user, changes={"provider": sociallogin.account.provider}
        )


def organisation_create(*, by, name: str, kind: str = Organisation.Kind.OTHER, **fields) -> Organisation:
    if not user_can(by, "organisations.manage"):
        raise PermissionDenied("Only administrators can add organisations.")
    with transaction.atomic():
        organisation = Organisation.objects.create(name=name, kind=kind, **fields)
        audit_event_record(
            actor=by, action=Action.ORGANISATION_CREATE, obj=organisation, changes={"kind": kind}
        )
    return organisation


def membership_add(
    *, by, user: User, organisation: Organisation, role: str = Membership.Role.MEMBER
) -> Membership:
    """Make `user` a current member (an existing current membership is kept, with the role given)."""
    if not user_can(by, "organisations.manage"):
        raise PermissionDenied("Only administrators can change who belongs to an organisation.")
    with transaction.atomic():
        membership = Membership.objects.filter(user=user, organisation=organisation, ended_at=None).first()
        if membership is None:
            membership = Membership.objects.create(user=user, organisation=organisation, role=role)
        elif membership.role != role:
            membership.role = role
            membership.save(update_fields=["role"])
        audit_event_record(
            actor=by,
            action=Action.MEMBERSHIP_ADD,
            obj=membership,
            changes={"user": user.pk, "organisation": str(organisation.pk), "role": role},
        )
    return membership


def membership_end(*, by, membership: Membership) -> Membership:
    """End a membership now: what the user could see through the organisation they no longer can. The
    row stays, so who belonged when is still known."""
    if not user_can(by, "organisations.manage"):
        raise PermissionDenied("Only administrators can change who belongs to an organisation.")
    with transaction.atomic():
        if membership.ended_at is None:
            membership.ended_at = timezone.now()
            membership.save(update_fields=["ended_at"])
            audit_event_record(
                actor=by,
                action=Action.MEMBERSHIP_END,
                obj=membership,
                changes={"user": membership.user_id, "organisation": str(membership.organisation_id)},
            )
    return membership
