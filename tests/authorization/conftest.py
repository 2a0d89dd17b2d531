import importlib

import pytest
from django.utils import timezone

from tests.authorization.harness import World

# Each part of the product adds its rows (and the records they refer to) in this module of its tests.
PARTS = [
    "accounts",
    "audit",
    "directory",
    "places",
    "indicators",
    "scorecards",
    "background",
    "frontend",
    "plans",
    "performance",
]


def parts():
    for name in PARTS:
        module = f"equalchance.{name}.tests.access"
        try:
            yield importlib.import_module(module)
        except ModuleNotFoundError as missing:
            if missing.name != module:  # a part without rows is fine; a broken import is not
                raise


@pytest.fixture
def world(db, user_with_role):
    """The people every row can act as, each with their relationship to the records; each part then
    adds the records its rows need."""
    from equalchance.accounts.tests.factories import MembershipFactory, OrganisationFactory

    receiving = OrganisationFactory(name="Family Hub")
    other = OrganisationFactory(name="Other Charity")
    people = {role: user_with_role(role, username=f"a-{role}") for role in ("analyst", "viewer", "moderator")}
    # As the demo's administrator is: the partnership role, and Django's staff door to the admin.
    people["administrator"] = user_with_role(
        "administrator", username="a-admin", is_staff=True, is_superuser=True
    )
    people["plan_editor"] = user_with_role("plan_editor", username="a-plan-editor")
    people["referrer"] = user_with_role("viewer", username="referrer")
    people["receiving_member"] = user_with_role(
        "provider", username="receiving-member", email_verified_at=timezone.now()
    )
    people["other_member"] = user_with_role(
        "provider", username="other-member", email_verified_at=timezone.now()
    )
    people["provider"] = people["other_member"]
    people["former_member"] = user_with_role(
        "provider", username="former-member", email_verified_at=timezone.now()
    )
    MembershipFactory(user=people["receiving_member"], organisation=receiving)
    MembershipFactory(user=people["other_member"], organisation=other)
    MembershipFactory(user=people["former_member"], organisation=receiving, ended_at=timezone.now())
    world = World(people=people, records={"receiving": receiving, "other": other})
    for part in parts():
        populate = getattr(part, "populate", None)
        if populate:
            populate(world)
    return world
