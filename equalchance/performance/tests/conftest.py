import pytest
from django.utils import timezone

from equalchance.performance.tests.factories import measure_make, programme_make


@pytest.fixture
def definer(user_with_role):
    return user_with_role("analyst", username="definer")


@pytest.fixture
def enterer(user_with_role):
    """Enters the measure's values; a provider, to show that the relationship decides, not the role."""
    return user_with_role("provider", username="enterer", email_verified_at=timezone.now())


@pytest.fixture
def approver(user_with_role):
    return user_with_role("viewer", username="approver")


@pytest.fixture
def stranger(user_with_role):
    """Reads the partnership's performance (a viewer) but the measure names them nowhere."""
    return user_with_role("viewer", username="stranger")


@pytest.fixture
def programme(definer):
    return programme_make(by=definer)


@pytest.fixture
def measure(definer, enterer, approver, programme):
    return measure_make(
        by=definer, programme=programme, data_entry=[enterer], approver=approver, frequency="quarterly"
    )


@pytest.fixture
def percentage(definer, enterer, approver, programme):
    return measure_make(
        by=definer,
        code="EH2",
        title="Plans closed with a positive outcome",
        category="better_off",
        form="percentage",
        value_type="percentage",
        decimal_places=1,
        programme=programme,
        data_entry=[enterer],
        approver=approver,
        frequency="quarterly",
    )
