"""Confirming that people who register themselves own the e-mail address they gave: a signed link,
valid for three days and only for that address, is sent to it. Service providers must confirm before
they send entries to the directory (accounts made by an administrator are vouched for already)."""

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from equalchance.accounts.models import Role, User
from equalchance.audit.actions import Action
from equalchance.audit.services import audit_event_record

SALT = "equalchance.accounts.email-verification"
MAX_AGE_SECONDS = 3 * 24 * 3600


class LinkNotValid(ValueError):
    pass


def needs_verification(user) -> bool:
    return getattr(user, "role", None) == Role.PROVIDER and user.email_verified_at is None


def verification_token(user: User) -> str:
    # The address is inside the token: if the user changes it, old links stop working.
    return signing.dumps({"user": user.pk, "email": user.email}, salt=SALT, compress=True)


def verification_send(user: User, *, link_for) -> None:
    """E-mail the user a link; `link_for(token)` gives the link's full address."""
    link = link_for(verification_token(user))
    send_mail(
        subject="Confirm your email address for the directory of services",
        message=(
            f"Hello {user.username},\n\n"
            "Open this link to confirm your email address. Then you can send your organisation's "
            f"services to the directory:\n\n{link}\n\n"
            f"Your username for signing in is {user.username}\n\n"
            "The link works for 3 days. If you did not register, you can ignore this email.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )


def email_confirm(token: str) -> User:
    """Mark the address in the token confirmed; LinkNotValid says why a link cannot be used."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.SignatureExpired as error:
        raise LinkNotValid("This link has expired. Sign in and ask for a new one.") from error
    except signing.BadSignature as error:
        raise LinkNotValid("This link is not valid. Check you copied all of it.") from error
    user = User.objects.filter(pk=data.get("user"), email=data.get("email"), is_active=True).first()
    if user is None:
        raise LinkNotValid("This link is for an address that is no longer on the account.")
    if user.email_verified_at is None:
        with transaction.atomic():
            user.email_verified_at = timezone.now()
            user.save(update_fields=["email_verified_at"])
            audit_event_record(actor=user, action=Action.EMAIL_VERIFIED, obj=user, changes={})
    return user
