"""Personal data is kept only as long as the rules say: referred people's details, commenters' e-mail
addresses and never-confirmed registrations are disposed of when due, holds stop it, every disposal is
logged and audited. A person's data can be erased on request without breaking the records around it.
The defects: commenters' addresses were kept for ever; deleting a user who had made referrals failed."""

from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from equalchance.accounts.models import Organisation, Role, User
from equalchance.audit.models import AuditEvent
from equalchance.audit.selectors import audit_trail_verify
from equalchance.directory.models import LocalOfferComment, Referral, ReferralEvent
from equalchance.directory.services import referral_create, referral_decide
from equalchance.directory.tests.factories import LocalOfferCommentFactory, ServiceFactory
from equalchance.privacy.models import Disposal
from equalchance.privacy.services import (
    comment_erase,
    legal_hold_place,
    referral_details_erase,
    retention_apply,
    user_erase,
)

pytestmark = pytest.mark.django_db
LATER = timedelta(days=800)


@pytest.fixture
def referral(user_with_role, organisation_with):
    provider = user_with_role(Role.PROVIDER, username="provider")
    service = ServiceFactory(organisation=organisation_with(provider, name="Family Hub"), name="Group")
    made = referral_create(
        by=user_with_role(Role.VIEWER, username="worker"),
        service=service,
        person_name="Jo Bloggs",
        person_contact="07700 900123",
        reason="Sleep",
        consent=True,
        consent_note="In person",
    )
    return referral_decide(by=provider, referral=made, accept=False, reason="Full; Jo can try March")


def test_a_referred_persons_details_go_when_due_and_the_referral_stays(referral, system):
    assert retention_apply(by=system).referrals == 0  # not due yet
    applied = retention_apply(by=system, now=timezone.now() + LATER)
    assert applied.referrals == 1
    referral.refresh_from_db()
    assert referral.person_name == "(removed)" and referral.person_contact == "" and referral.reason == ""
    assert referral.state == "declined" and referral.personal_details_removed_at is not None
    assert not ReferralEvent.objects.filter(referral=referral, what__contains="March").exists()
    log = Disposal.objects.get(object_id=str(referral.pk))
    assert (log.rule, log.how, log.by) == ("referral", "removed", system)
    assert AuditEvent.objects.filter(action="retention.dispose", object_id=str(referral.pk)).exists()
    assert retention_apply(by=system, now=timezone.now() + LATER).referrals == 0  # done once
    assert audit_trail_verify().broken is None


def test_a_legal_hold_stops_disposal(referral, system, user_with_role):
    admin = user_with_role(Role.ADMINISTRATOR)
    legal_hold_place(
        by=admin, object_type="directory.referral", object_id=str(referral.pk), reason="Complaint 41"
    )
    assert retention_apply(by=system, now=timezone.now() + LATER).referrals == 0
    referral.refresh_from_db()
    assert referral.person_name == "Jo Bloggs"


def test_commenters_addresses_are_not_kept_for_ever(system):
    old = LocalOfferCommentFactory(text="More Saturday groups", email="parent@example.org")
    LocalOfferComment.objects.filter(pk=old.pk).update(received_at=timezone.now() - timedelta(days=400))
    recent = LocalOfferCommentFactory(text="Thank you", email="other@example.org")
    assert retention_apply(by=system).comment_emails == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.email == "" and old.text == "More Saturday groups" and recent.email == "other@example.org"


def test_never_confirmed_registrations_are_deleted_and_confirmed_ones_kept(client, system):
    from equalchance.directory.tests.journeys import register

    register(client, "stale", organisation="Never Confirmed", confirm=False, sign_in=False)
    register(Client(), "kept", organisation="Confirmed Group")
    User.objects.filter(email__in=["stale@example.org", "kept@example.org"]).update(
        date_joined=timezone.now() - timedelta(days=40)
    )
    applied = retention_apply(by=system)
    assert applied.registrations == 1
    assert not User.objects.filter(email="stale@example.org").exists()
    assert not Organisation.objects.filter(name="Never Confirmed").exists()
    assert Organisation.objects.filter(name="Confirmed Group").exists()
    assert Disposal.objects.filter(how="deleted").count() == 2  # the account and its organisation


def test_a_user_who_made_referrals_can_be_erased_and_everything_still_holds(referral, user_with_role):
    admin = user_with_role(Role.ADMINISTRATOR, username="admin")
    worker = User.objects.get(username="worker")
    Authenticator.objects.create(user=worker, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"})
    SocialAccount.objects.create(
        user=worker, provider="entra", uid="w-1", extra_data={"name": "Wendy Worker"}
    )
    signed_in = Client()
    signed_in.force_login(worker)
    user_erase(by=admin, user=worker, request_reference="SAR-2026-17")
    worker.refresh_from_db()
    assert worker.username == f"erased-{worker.pk}" and worker.email == "" and not worker.is_active
    assert not worker.has_usable_password()
    assert Referral.objects.get(pk=referral.pk).referred_by_id == worker.pk  # references intact
    assert signed_in.get("/directory/referrals/").status_code == 302  # their session ended
    assert not Authenticator.objects.filter(user=worker).exists()
    assert not SocialAccount.objects.filter(user=worker).exists()
    assert AuditEvent.objects.filter(actor_id=worker.pk).exists()  # the trail still names the account
    assert audit_trail_verify().broken is None


def test_erasure_on_request_is_for_administrators_and_is_logged(referral, user_with_role):
    comment = LocalOfferCommentFactory(text="About my son", name="A parent", email="p@example.org")
    for role in (Role.ANALYST, Role.MODERATOR, Role.VIEWER):
        with pytest.raises(PermissionDenied, match="Only administrators"):
            referral_details_erase(by=user_with_role(role), referral=referral, request_reference="R1")
    admin = user_with_role(Role.ADMINISTRATOR)
    comment_erase(by=admin, comment=comment, request_reference="R2")
    comment.refresh_from_db()
    assert (comment.name, comment.email, comment.text) == ("", "", "(removed)")
    referral_details_erase(by=admin, referral=referral, request_reference="R3")
    assert set(Disposal.objects.values_list("request_reference", flat=True)) == {"R2", "R3"}
    assert AuditEvent.objects.filter(action="retention.erase").count() == 2


def test_the_command_lists_the_rules_and_applies_them(capsys):
    call_command("retention", "rules")
    assert "referral:" in capsys.readouterr().out
    call_command("retention", "apply", "--dry-run")
    assert "Due: 0 referrals" in capsys.readouterr().out


def test_erasure_requests_are_acted_on_from_the_command_line_by_a_named_administrator(
    referral, user_with_role
):
    from django.core.management.base import CommandError

    user_with_role(Role.ADMINISTRATOR, username="ig-officer")
    comment = LocalOfferCommentFactory(text="About my son", name="A parent", email="p@example.org")
    with pytest.raises(CommandError, match="Name an administrator with --as"):
        call_command("retention", "erase-referral", str(referral.pk), "--reference", "SAR-1")
    call_command(
        "retention", "--as", "ig-officer", "erase-referral", str(referral.pk), "--reference", "SAR-1"
    )
    call_command("retention", "--as", "ig-officer", "erase-comment", str(comment.pk), "--reference", "SAR-2")
    call_command("retention", "--as", "ig-officer", "erase-user", "worker", "--reference", "SAR-3")
    referral.refresh_from_db()
    comment.refresh_from_db()
    assert referral.person_name == "(removed)" and comment.email == ""
    assert User.objects.filter(username__startswith="erased-").count() == 1
    assert sorted(Disposal.objects.values_list("request_reference", flat=True)) == ["SAR-1", "SAR-2", "SAR-3"]
    with pytest.raises(CommandError, match="There is no referral"):
        call_command("retention", "--as", "ig-officer", "erase-referral", "not-an-id", "--reference", "x")


def tables_holding(address: str) -> list[str]:
    """Every table with a text column holding `address` (whatever its case)."""
    from django.apps import apps
    from django.db import models

    found = []
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                if model._default_manager.filter(**{f"{field.name}__icontains": address}).exists():
                    found.append(f"{model._meta.db_table}.{field.column}")
    return found


def test_after_erasure_in_the_admin_no_table_holds_the_persons_email_address(client, user_with_role):
    """The defect: after the admin's erase action (SAR-2026-17), account_emailaddress still held the
    user's address (and a row another account had been given for it, and their comments, would too)."""
    from allauth.account.models import EmailAddress

    alex = user_with_role(Role.ADMINISTRATOR, username="alex")
    ada = user_with_role(Role.VIEWER, username="ada", email="Ada.Person@example.org")
    other = user_with_role(Role.VIEWER, username="other", email="other@example.org")
    EmailAddress.objects.create(user=ada, email="ada.person@example.org", primary=True, verified=True)
    # Rows written without signals (as before the accounts migration that tidies them): an old address
    # of hers, and hers given to another account.
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=ada, email="ada.old@example.org", primary=False, verified=True),
            EmailAddress(user=other, email="ada.person@example.org", primary=False, verified=False),
        ]
    )
    LocalOfferCommentFactory(text="About my son", name="Ada", email="ADA.person@example.org")
    assert "account_emailaddress.email" in tables_holding("ada.person@example.org")

    client.force_login(alex)
    chosen = {"action": "erase", "_selected_action": [ada.pk], "index": 0, "post": "yes"}
    done = client.post("/admin/accounts/user/", {**chosen, "request_reference": "SAR-2026-17"})
    assert done.status_code == 302
    assert tables_holding("ada.person@example.org") == []
    assert tables_holding("ada.old@example.org") == []
    assert not EmailAddress.objects.filter(user=ada).exists()
    assert not EmailAddress.objects.filter(email__iexact="ada.person@example.org").exists()
    assert User.objects.get(pk=other.pk).email == "other@example.org"  # the other account is untouched
    assert set(Disposal.objects.values_list("request_reference", flat=True)) == {"SAR-2026-17"}
