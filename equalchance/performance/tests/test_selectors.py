"""Who sees which measures and values, and whose approval queue a value waits in."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from equalchance.performance import selectors, services
from equalchance.performance.tests.factories import measure_make, programme_make

Q1 = {"period_start": date(2026, 4, 1), "period_end": date(2026, 6, 30)}


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(2026, 11, 30))


@pytest.fixture
def catalogue(definer, enterer):
    public = programme_make(by=definer, name="Open programme", visibility="public")
    quiet = programme_make(by=definer, name="Quiet programme")
    return {
        "published": measure_make(by=definer, code="P1", programme=public, visibility="public"),
        "quiet_programme": measure_make(by=definer, code="P2", programme=quiet, visibility="public"),
        "partnership": measure_make(by=definer, code="P3", programme=public),
        "entered": measure_make(by=definer, code="P4", programme=quiet, data_entry=[enterer]),
        "no_programme": measure_make(by=definer, code="P5", visibility="public"),
    }


def codes(user):
    return sorted(selectors.measures_visible_to(user=user).values_list("code", flat=True))


def test_the_public_sees_public_measures_of_public_programmes_only(catalogue):
    assert codes(AnonymousUser()) == ["P1", "P5"]


def test_roles_that_read_performance_see_every_measure(catalogue, stranger, definer):
    assert codes(stranger) == codes(definer) == ["P1", "P2", "P3", "P4", "P5"]


def test_others_signed_in_see_published_measures_and_those_they_enter(catalogue, enterer, user_with_role):
    assert codes(enterer) == ["P1", "P4", "P5"]
    assert codes(user_with_role("moderator", username="mod")) == ["P1", "P5"]


def test_a_programme_team_member_sees_the_programmes_measures(definer, user_with_role):
    member = user_with_role("provider", username="member")
    team = programme_make(by=definer, name="Team programme", team=[member])
    measure_make(by=definer, code="T1", programme=team)
    assert codes(member) == ["T1"]
    assert [p.name for p in selectors.programmes_visible_to(user=member)] == ["Team programme"]


def test_values_not_yet_approved_are_seen_only_by_those_the_measure_names_and_definers(
    measure, enterer, approver, stranger, definer
):
    services.value_enter(by=enterer, measure=measure, **Q1, value=10)
    for user in (enterer, approver, definer):
        assert selectors.values_visible_to(user=user, measure=measure).count() == 1
    assert selectors.values_visible_to(user=stranger, measure=measure).count() == 0
    assert selectors.values_visible_to(user=AnonymousUser(), measure=measure).count() == 0


def test_a_value_waits_in_its_approvers_queue_never_in_the_queue_of_whoever_entered_it(
    measure, enterer, approver, definer, user_with_role
):
    value = services.value_enter(by=enterer, measure=measure, **Q1, value=10)
    assert list(selectors.approvals_waiting_for(user=approver)) == []
    services.value_submit(by=enterer, value=value)
    assert list(selectors.approvals_waiting_for(user=approver)) == [value]
    assert list(selectors.approvals_waiting_for(user=enterer)) == []
    assert list(selectors.approvals_waiting_for(user=AnonymousUser())) == []
    assert selectors.may_approve_value(approver, value) and not selectors.may_approve_value(enterer, value)
    assert selectors.may_enter_values(enterer, measure) and not selectors.may_enter_values(approver, measure)
    inactive = user_with_role("viewer", username="gone", is_active=False)
    services.measure_update(by=definer, measure=measure, data_entry=[inactive])
    assert not selectors.may_enter_values(inactive, measure)
