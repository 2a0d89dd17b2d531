"""The migration to one organisation model, run on a copy of a demo database as it was before it: staff
in a partner organisation, directory organisations with services, a provider's membership, proposals
and referrals. After it every id the open feed published is kept, every person still belongs where they
did, and each referral is seen by exactly the people who saw it before."""

import json
import subprocess
import sys

BEFORE = [["accounts", "0004_system_actor"], ["directory", "0008_shared_cache_table"], ["audit"]]

WRITE_THE_OLD_DEMO = r"""
import django, json, uuid
django.setup()
from datetime import datetime, UTC
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

state = MigrationExecutor(connection).loader.project_state(
    [("accounts", "0004_system_actor"), ("directory", "0008_shared_cache_table")]
)
apps = state.apps
User = apps.get_model("accounts", "User")
Partner = apps.get_model("accounts", "Organisation")
DirOrg = apps.get_model("directory", "Organisation")
DirMember = apps.get_model("directory", "Membership")
Service = apps.get_model("directory", "Service")
Submission = apps.get_model("directory", "Submission")
Referral = apps.get_model("directory", "Referral")

council = Partner.objects.create(name="Solihull Partnership (demo council)", sector="council")
charity = Partner.objects.create(name="Kingshurst Stay and Play", sector="voluntary")
analyst = User.objects.create(username="analyst", role="analyst", organisation=council)
moderator = User.objects.create(username="moderator", role="moderator", organisation=council)
provider = User.objects.create(username="sam", role="provider", email="sam@example.org")
other = User.objects.create(username="alex", role="provider", email="alex@example.org")
now = datetime(2026, 11, 1, tzinfo=UTC)
orgs, services = {}, {}
for name, email in [("Kingshurst Stay and Play", "play@example.org"), ("Chelmsley Carers", ""),
                    ("Smith's Wood Food Bank", "food@example.org")]:
    orgs[name] = DirOrg.objects.create(name=name, description=name, email=email)
    services[name] = Service.objects.create(
        organisation=orgs[name], name=f"{name} service", last_modified=now, published=True
    )
DirMember.objects.create(organisation=orgs["Kingshurst Stay and Play"], user=provider)
DirMember.objects.create(organisation=orgs["Chelmsley Carers"], user=other)
Submission.objects.create(
    organisation=orgs["Chelmsley Carers"], data={"name": "New group"}, submitted_by=other
)
referrals = [
    Referral.objects.create(
        service=services[name], referred_by=analyst, person_name="Jo Bloggs", person_contact="07700 900123",
        reason="Support", consent_recorded_at=now, consent_note="In person",
    )
    for name in ("Kingshurst Stay and Play", "Chelmsley Carers")
]
print(json.dumps({
    "organisations": {name: str(o.pk) for name, o in orgs.items()},
    "referrals": [str(r.pk) for r in referrals],
    "submission_organisation": str(orgs["Chelmsley Carers"].pk),
}))
"""

CHECK_AFTER = r"""
import django, json
django.setup()
from equalchance.accounts.models import Membership, Organisation, User
from equalchance.audit.selectors import audit_trail_verify
from equalchance.directory.models import Referral, Service, Submission
from equalchance.directory.selectors import referrals_visible_to

def seen_by(username):
    return sorted(str(r.pk) for r in referrals_visible_to(user=User.objects.get(username=username)))

print(json.dumps({
    "organisations": {o.name: [str(o.pk), o.kind, o.email] for o in Organisation.objects.all()},
    "memberships": sorted([m.user.username, m.organisation.name, m.ended_at is None]
                          for m in Membership.objects.select_related("user", "organisation")),
    "services": {s.name: str(s.organisation_id) for s in Service.objects.all()},
    "submission_organisation": str(Submission.objects.get().organisation_id),
    "receiving": sorted([str(r.pk), str(r.receiving_organisation_id), str(r.service.organisation_id)]
                        for r in Referral.objects.select_related("service")),
    "seen": {name: seen_by(name) for name in ("analyst", "moderator", "sam", "alex")},
    "audit_intact": audit_trail_verify().broken is None,
}))
"""


def run(env, code: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_demo_database_keeps_every_id_membership_and_referral_through_the_migration(database_migrated_to):
    env = database_migrated_to(BEFORE)
    before = run(env, WRITE_THE_OLD_DEMO)
    subprocess.run(
        [sys.executable, "-m", "equalchance.cli", "migrate", "-v0"], env=env, check=True, timeout=300
    )
    after = run(env, CHECK_AFTER)

    ids = before["organisations"]
    organisations = after["organisations"]
    # The open feed's organisation ids are kept; the partner organisation of the same name is the same body.
    for name, old_id in ids.items():
        assert organisations[name][0] == old_id, name
    assert organisations["Kingshurst Stay and Play"][1:] == ["voluntary", "play@example.org"]
    assert organisations["Solihull Partnership (demo council)"][1] == "council"
    assert len(organisations) == 4
    assert after["services"] == {f"{name} service": old_id for name, old_id in ids.items()}
    assert after["submission_organisation"] == before["submission_organisation"]
    assert after["memberships"] == sorted(
        [
            ["alex", "Chelmsley Carers", True],
            ["analyst", "Solihull Partnership (demo council)", True],
            ["moderator", "Solihull Partnership (demo council)", True],
            ["sam", "Kingshurst Stay and Play", True],
        ]
    )
    # Each referral is received by its service's organisation, and seen by the same people as before.
    assert all(receiving == owner for _, receiving, owner in after["receiving"])
    first, second = before["referrals"]
    assert after["seen"] == {
        "analyst": sorted([first, second]),
        "moderator": [],
        "sam": [first],
        "alex": [second],
    }
    assert after["audit_intact"]
