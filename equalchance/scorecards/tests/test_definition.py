"""Defining a scorecard: target, comparators, baseline, themes and measures; only analysts and
administrators may, and every change is audited."""

import pytest

from equalchance.accounts.models import Role
from equalchance.accounts.tests.factories import UserFactory
from equalchance.audit.models import AuditEvent
from equalchance.indicators.models import Indicator
from equalchance.places.models import ComparatorGroup
from equalchance.scorecards.models import Line, Scorecard

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, analyst):
    client.force_login(analyst)
    return client


def dfe_group(code="E08000029"):
    return ComparatorGroup.objects.get(home_id=code, kind=ComparatorGroup.Kind.DFE_2025)


def test_an_analyst_defines_a_scorecard_starting_from_the_default_measures(signed_in, scorecard):
    response = signed_in.post(
        "/scorecards/new/",
        {
            "name": "Regeneration Wards 2026",
            "target": scorecard.target.pk,
            "comparator_group": dfe_group().pk,
            "baseline_year": "2016",
            "start_with_default": "on",
        },
    )
    created = Scorecard.objects.get(name="Regeneration Wards 2026")
    assert response.status_code == 302 and response["Location"] == f"/scorecards/{created.pk}/edit/"
    assert created.district_id == "E08000029" and created.baseline_year == 2016
    assert Line.objects.filter(theme__scorecard=created).count() == 11
    event = AuditEvent.objects.get(action="scorecard.create", object_id=str(created.pk))
    assert event.actor.username == "analyst" and event.changes["default_lines"] is True
    assert signed_in.get(f"/scorecards/{created.pk}/").status_code == 200


def test_bad_input_is_refused_with_reasons_and_what_was_typed_is_kept(signed_in, scorecard, settings):
    settings.EQUALCHANCE_DISTRICTS = ["E08000029", "E08000018"]  # a partnership of two districts
    rotherham_group = dfe_group("E08000018")
    response = signed_in.post(
        "/scorecards/new/",
        {
            "name": "",
            "target": scorecard.target.pk,
            "comparator_group": rotherham_group.pk,
            "baseline_year": "1990",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert "Enter a name" in html
    assert "Choose a comparator group of Solihull" in html
    assert "Enter a baseline year from 2000" in html
    assert 'value="1990"' in html
    assert Scorecard.objects.count() == 1


def test_measures_are_added_under_a_new_theme_and_removed(signed_in, scorecard):
    indicator = Indicator.objects.get(code="claimant-count-16-64")
    response = signed_in.post(
        f"/scorecards/{scorecard.pk}/lines/add/",
        {"indicator": indicator.pk, "new_theme": "Related measures", "polarity": "no_judgement"},
    )
    assert response.status_code == 302
    line = Line.objects.get(theme__scorecard=scorecard, indicator=indicator)
    assert line.theme.name == "Related measures" and line.effective_polarity == "no_judgement"
    again = signed_in.post(
        f"/scorecards/{scorecard.pk}/lines/add/", {"indicator": indicator.pk, "theme": line.theme.pk}
    )
    assert "is already on this scorecard" in again.content.decode()
    assert Line.objects.filter(theme__scorecard=scorecard, indicator=indicator).count() == 1
    no_theme = signed_in.post(f"/scorecards/{scorecard.pk}/lines/add/", {"indicator": indicator.pk})
    assert "Choose a theme or enter a new one" in no_theme.content.decode()

    signed_in.post(f"/scorecards/{scorecard.pk}/lines/{line.pk}/remove/")
    assert not Line.objects.filter(pk=line.pk).exists()
    assert not scorecard.themes.filter(name="Related measures").exists()  # the emptied theme goes too
    actions = list(AuditEvent.objects.filter(object_id=str(scorecard.pk)).values_list("action", flat=True))
    assert "scorecard.line_add" in actions and "scorecard.line_remove" in actions


def test_editing_records_what_changed(signed_in, scorecard):
    response = signed_in.post(
        f"/scorecards/{scorecard.pk}/edit/",
        {
            "name": scorecard.name,
            "target": scorecard.target.pk,
            "comparator_group": dfe_group().pk,
            "baseline_year": "2018",
        },
    )
    assert response.status_code == 302
    scorecard.refresh_from_db()
    assert scorecard.baseline_year == 2018
    event = AuditEvent.objects.get(action="scorecard.update", object_id=str(scorecard.pk))
    assert event.changes == {"baseline_year": ["2014", "2018"]}


def test_viewers_cannot_define_or_change_scorecards(client, scorecard):
    client.force_login(UserFactory(username="viewer", role=Role.VIEWER))
    line = Line.objects.filter(theme__scorecard=scorecard).first()
    assert client.get("/scorecards/new/").status_code == 403
    assert client.get(f"/scorecards/{scorecard.pk}/edit/").status_code == 403
    post = {"name": "x", "target": scorecard.target.pk, "baseline_year": "2015"}
    assert client.post("/scorecards/new/", post).status_code == 403
    assert client.post(f"/scorecards/{scorecard.pk}/edit/", post).status_code == 403
    assert client.post(f"/scorecards/{scorecard.pk}/lines/{line.pk}/remove/").status_code == 403
    indicator = Indicator.objects.get(code="claimant-count-16-64")
    assert (
        client.post(
            f"/scorecards/{scorecard.pk}/lines/add/", {"indicator": indicator.pk, "new_theme": "T"}
        ).status_code
        == 403
    )
    assert Line.objects.filter(pk=line.pk).exists() and Scorecard.objects.get().baseline_year == 2014
    assert "Edit its measures" not in client.get(f"/scorecards/{scorecard.pk}/").content.decode()


def test_audit_events_hold_references_never_the_names_that_were_typed(scorecard, analyst):
    from equalchance.scorecards import services

    secret = "Ward where Mrs Example lives"
    before = AuditEvent.objects.count()
    defined = services.scorecard_define(
        by=analyst,
        name=secret,
        target=scorecard.target,
        comparator_group=dfe_group(),
        baseline_year=2015,
        start_with_default=False,
    )
    services.scorecard_update(scorecard=defined, by=analyst, name=f"{secret} (renamed)", baseline_year=2016)
    line = services.line_add(
        scorecard=defined,
        by=analyst,
        indicator=Indicator.objects.get(code="cpp-rate"),
        theme=None,
        new_theme=f"{secret}'s theme",
        polarity="",
    )
    services.line_remove(line=line, by=analyst)
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert [e.action for e in events] == [
        "scorecard.create",
        "scorecard.update",
        "scorecard.line_add",
        "scorecard.line_remove",
    ]
    assert not any("Mrs Example" in str(e.changes) for e in events)
    assert events[0].changes["target"] == scorecard.target.pk
    assert events[1].changes == {"name": "changed", "baseline_year": ["2015", "2016"]}
    assert events[2].changes["theme"] == line.theme_id


def test_a_new_scorecard_form_sent_twice_makes_one_scorecard(signed_in, scorecard):
    form = {
        "name": "Regeneration Wards 2027",
        "target": scorecard.target.pk,
        "comparator_group": dfe_group().pk,
        "baseline_year": "2016",
    }
    assert signed_in.post("/scorecards/new/", form).status_code == 302
    again = signed_in.post("/scorecards/new/", {**form, "name": "regeneration wards 2027 "})
    assert again.status_code == 200 and "A scorecard called regeneration wards 2027 already exists" in (
        again.content.decode()
    )
    assert Scorecard.objects.filter(name__iexact="Regeneration Wards 2027").count() == 1


def test_a_measure_added_twice_at_once_is_added_once(scorecard, analyst):
    from django.core.exceptions import ValidationError

    from equalchance.scorecards import services

    indicator = Indicator.objects.get(code="claimant-count-16-64")
    arguments = {
        "scorecard": scorecard,
        "by": analyst,
        "indicator": indicator,
        "new_theme": "",
        "polarity": "",
    }
    services.line_add(theme=scorecard.themes.first(), **arguments)
    with pytest.raises(ValidationError, match="already on this scorecard"):  # the form checked before either
        services.line_add(theme=scorecard.themes.last(), **arguments)
    assert Line.objects.filter(theme__scorecard=scorecard, indicator=indicator).count() == 1
