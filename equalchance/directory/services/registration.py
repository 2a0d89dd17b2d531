"""Service providers register themselves: a provider account, their organisation (with them as its
manager) and a link to confirm their e-mail address. The page says the same whatever happened, and an
address that already has an account gets an e-mail saying so instead, so the form cannot be used to
find out who has an account."""

import re
import secrets

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from equalchance.accounts import email_verification
from equalchance.accounts.models import Membership, Organisation, Role, User
from equalchance.audit.actions import Action
from equalchance.audit.services import ANONYMOUS, audit_event_record
from equalchance.directory.entries import clean_text


def username_for(email: str) -> str:
    """A username nobody has: the address's first part, cleaned, with a random ending."""
    stem = re.sub(r"[^a-z0-9]+", "-", email.split("@")[0].lower()).strip("-")[:30] or "provider"
    while True:
        candidate = f"{stem}-{secrets.token_hex(2)}"
        if not User.objects.filter(username=candidate).exists():
            return candidate


def provider_register(
    *,
    email: str,
    password: str,
    organisation_name: str,
    kind: str,
    description: str,
    public_email: str,
    link_for,
) -> User | None:
    """Register a provider and their organisation, and e-mail a confirmation link (`link_for(token)`
    gives the link's address). Returns the new user, or None when the address already had an account
    (its owner is told by e-mail; the caller shows the same page either way)."""
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    username=username_for(email), email=email, password=password, role=Role.PROVIDER
                )
                organisation = Organisation.objects.create(
                    name=organisation_name.strip(),
                    kind=kind,
                    description=clean_text(description),
                    email=public_email,  # only what they gave to be published, never their own address
                )
                Membership.objects.create(organisation=organisation, user=user, role=Membership.Role.MANAGER)
                audit_event_record(
                    actor=user, action=Action.DIRECTORY_REGISTER, obj=organisation, changes={"user": user.pk}
                )
        except IntegrityError:
            # Someone registered the address at the same moment (addresses are unique among accounts,
            # whatever their case): this is then an address that has an account, answered as one.
            existing = User.objects.filter(email__iexact=email).first()
            if existing is None:
                raise
        else:
            # Sent once the account is written (the block above has committed).
            email_verification.verification_send(user, link_for=link_for)
            return user
    else:
        # The same expensive work as making an account (hashing the password with the configured
        # hasher), so the time the answer takes does not tell which addresses have accounts.
        make_password(password)
    with transaction.atomic():
        audit_event_record(
            actor=ANONYMOUS,
            action=Action.DIRECTORY_REGISTER,
            obj=existing,
            refused=True,
            changes={"why": "address has an account"},
        )
    send_mail(
        subject="Someone tried to register with your email address",
        message=(
            "Someone (perhaps you) tried to register an organisation for the directory of services "
            "with this email address, which already has an account.\n\n"
            f"Your username is {existing.username}. Sign in to add services for your organisation.\n\n"
            "If it was not you, you need do nothing.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[existing.email],
    )
    return None
