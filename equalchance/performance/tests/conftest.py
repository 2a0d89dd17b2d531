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


@pytest.fixture
def team_member(user_with_role):
    """In the programme's team: sees its feedback responses and moderates its comments. A partner's
    provider: the relationship decides, and a viewer's role only reads (`team_viewer`)."""
    return user_with_role("provider", username="team-member", email_verified_at=timezone.now())


@pytest.fixture
def team_viewer(user_with_role):
    """In the programme's team with the read-only role: reads its responses and comments, changes
    nothing of its feedback."""
    return user_with_role("viewer", username="team-viewer")


@pytest.fixture
def feedback_form(definer, programme, team_member):
    from equalchance.performance import feedback_services

    programme.team.add(team_member)
    return feedback_services.feedback_form_create(
        by=definer,
        programme=programme,
        title="Tell us about Family Help",
        audience="parents_carers",
        questions=["govuk_satisfaction", "treated_with_respect", "improve_comment"],
    )


@pytest.fixture
def satisfaction(definer, enterer, approver, programme):
    """A "how well" percentage measure fed by the GOV.UK satisfaction question."""
    from equalchance.performance import feedback_services
    from equalchance.performance.models import FeedbackQuestion

    measure = measure_make(
        by=definer,
        code="FB1",
        title="Families satisfied with Family Help",
        category="how_well",
        form="percentage",
        value_type="percentage",
        decimal_places=1,
        programme=programme,
        data_entry=[enterer],
        approver=approver,
        frequency="quarterly",
    )
    feedback_services.feedback_measure_link(
        by=definer, measure=measure, question=FeedbackQuestion.objects.get(code="govuk_satisfaction")
    )
    return measure
