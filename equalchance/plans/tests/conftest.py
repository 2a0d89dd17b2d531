import pytest

from equalchance.plans.tests.factories import action_make, element_make, plan_make


@pytest.fixture
def planner(user_with_role):
    return user_with_role("plan_editor", username="planner", first_name="Pat", last_name="Planner")


@pytest.fixture
def owner(user_with_role):
    return user_with_role("viewer", username="owner", first_name="Olu", last_name="Owner")


@pytest.fixture
def stranger(user_with_role):
    """Reads plans (a viewer) but owns nothing."""
    return user_with_role("viewer", username="stranger")


@pytest.fixture
def plan(planner):
    return plan_make(by=planner, visibility="partnership")


@pytest.fixture
def element(plan, planner):
    return element_make(by=planner, plan=plan)


@pytest.fixture
def action(plan, element, planner, owner):
    return action_make(by=planner, plan=plan, element=element, owner=owner)
