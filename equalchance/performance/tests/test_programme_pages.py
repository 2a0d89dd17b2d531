"""Adding and changing population results and programmes (with their team) in the browser: definers
only; the forms keep what was typed when refused, name the field, and write nothing."""

import pytest
from django.test.html import parse_html
from django.urls import reverse

from equalchance.accounts.models import User
from equalchance.accounts.tests.factories import OrganisationFactory
from equalchance.audit.actions import Action
from equalchance.audit.models import AuditEvent
from equalchance.performance import feedback_selectors, selectors
from equalchance.performance.models import Programme, Result
from equalchance.places.models import Area
from equalchance.plans.tests.factories import element_make, plan_make


@pytest.fixture
def district():
    return Area.objects.get_or_create(code="E08000029", defaults={"name": "Solihull", "level": "district"})[0]


@pytest.fixture
def lsoa():
    return Area.objects.get_or_create(code="E01010001", defaults={"name": "Solihull 001A", "level": "lsoa"})[
        0
    ]


@pytest.fixture
def provider_organisation():
    return OrganisationFactory(name="Family Help Trust")


def programme_data(**changes):
    data = {
        "name": "Family Hubs",
        "description": "Help for families, close to home.",
        "customers": "Families with children under 18",
        "visibility": "partnership",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def counts():
    return Programme.objects.count(), Result.objects.count(), list(Programme.objects.values_list("name"))


def test_a_definer_adds_a_programme_with_a_team_and_providers_then_changes_it_and_the_team_reads_its_feedback(
    client, definer, team_member, stranger, district, provider_organisation
):
    client.force_login(definer)
    assert client.get(reverse("performance:programme-new")).status_code == 200
    response = client.post(
        reverse("performance:programme-new"),
        programme_data(
            team=[team_member.pk], providers=[provider_organisation.pk], area=district.pk, visibility="public"
        ),
    )
    programme = Programme.objects.get(name="Family Hubs")
    assert response.status_code == 302
    assert response.url == reverse("performance:programme-card", args=[programme.pk])
    assert list(programme.team.all()) == [team_member]
    assert list(programme.providers.all()) == [provider_organisation] and programme.area == district
    assert feedback_selectors.may_see_responses(team_member, programme)
    assert not feedback_selectors.may_see_responses(stranger, programme)
    assert AuditEvent.objects.filter(action=Action.PROGRAMME_CREATE, object_id=str(programme.pk)).exists()

    result = Result.objects.create(title="Children are safe at home")
    response = client.post(
        reverse("performance:programme-edit", args=[programme.pk]),
        programme_data(
            name="Family Hubs and Start for Life",
            team=[team_member.pk, stranger.pk],
            results=[result.pk],
            visibility="partnership",
        ),
    )
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.name == "Family Hubs and Start for Life" and programme.area is None
    assert set(programme.team.all()) == {team_member, stranger} and list(programme.providers.all()) == []
    assert list(programme.results.all()) == [result] and programme.visibility == "partnership"
    assert feedback_selectors.may_see_responses(stranger, programme)
    event = AuditEvent.objects.get(action=Action.PROGRAMME_UPDATE, object_id=str(programme.pk))
    changes = event.changes
    assert changes["fields"] == ["area", "name", "providers", "results", "team", "visibility"]
    assert changes["team"] == {"added": [stranger.pk], "removed": []}
    assert "Start for Life" not in str(changes) and "Family" not in str(changes)  # no typed text


def test_the_programme_list_and_card_offer_adding_and_changing_to_definers_only(
    client, definer, stranger, programme
):
    client.force_login(definer)
    page = client.get(reverse("performance:programmes")).content.decode()
    assert "Add a programme" in page and reverse("performance:programme-edit", args=[programme.pk]) in page
    card = client.get(reverse("performance:programme-card", args=[programme.pk])).content.decode()
    assert "Change the programme" in card
    assert "Population results" in client.get(reverse("performance:list")).content.decode()
    client.force_login(stranger)
    page = client.get(reverse("performance:programmes")).content.decode()
    assert "Add a programme" not in page and "/edit/" not in page
    card = client.get(reverse("performance:programme-card", args=[programme.pk])).content.decode()
    assert "Change the programme" not in card
    # Probe finding: the public's menu leads to the programmes, which now lead on to the results.
    client.logout()
    page = client.get(reverse("performance:programmes")).content.decode()
    assert f'href="{reverse("performance:results")}"' in page


def test_a_definer_adds_a_population_result_and_changes_it(client, definer, district, programme):
    client.force_login(definer)
    response = client.post(
        reverse("performance:result-new"),
        {"title": "Children are safe at home", "population": "Children in Solihull", "area": district.pk},
    )
    assert response.status_code == 302 and response.url == reverse("performance:results")
    result = Result.objects.get()
    assert result.area == district and result.population == "Children in Solihull"
    response = client.post(
        reverse("performance:result-edit", args=[result.pk]), {"title": "Children are safe and well"}
    )
    assert response.status_code == 302
    result.refresh_from_db()
    assert result.title == "Children are safe and well" and result.area is None and result.population == ""
    event = AuditEvent.objects.get(action=Action.RESULT_UPDATE, object_id=str(result.pk))
    assert event.changes["fields"] == ["area", "population", "title"]
    assert "safe" not in str(event.changes) and "Solihull" not in str(event.changes)
    page = client.get(reverse("performance:results")).content.decode()
    assert "Children are safe and well" in page and "Add a population result" in page


def test_the_result_list_shows_a_reader_only_results_of_programmes_they_may_see(
    client, definer, user_with_role
):
    shown = Result.objects.create(title="Families are resilient")
    hidden = Result.objects.create(title="Hidden result")
    Programme.objects.create(name="Open", visibility="public").results.add(shown)
    Programme.objects.create(name="Quiet").results.add(hidden)
    page = client.get(reverse("performance:results")).content.decode()
    assert "Families are resilient" in page and "Hidden result" not in page
    assert "Add a population result" not in page
    client.force_login(user_with_role("moderator", username="mod"))
    page = client.get(reverse("performance:results")).content.decode()
    assert "Families are resilient" in page and "Hidden result" not in page
    # Probe finding: a definer could not tell which results the public does not see.
    client.force_login(definer)
    page = client.get(reverse("performance:results")).content.decode()
    assert "Hidden result" in page and page.count('data-testid="not-public"') == 1
    assert page.index("Families are resilient") < page.index("Hidden result") < page.index("not-public")


def test_the_result_list_says_the_population_area_and_indicators_of_each_result(client, db, district):
    """Probe finding: the indicators a result was linked to were never shown, and "For Children in
    Solihull" read oddly."""
    from equalchance.indicators.models import Indicator

    result = Result.objects.create(
        title="Children are safe", population="Children in Solihull", area=district
    )
    result.indicators.add(*(Indicator.objects.create(code=c, name=f"{c} rate") for c in ("CIN", "CPP")))
    Programme.objects.create(name="Open", visibility="public").results.add(result)
    page = client.get(reverse("performance:results")).content.decode()
    assert "Population: Children in Solihull" in page and "Area: Solihull" in page
    assert "How it is going is told by: CIN rate; CPP rate" in page and "not-public" not in page


@pytest.fixture
def restricted_element(user_with_role):
    editor = user_with_role("plan_editor", username="editor")
    plan = plan_make(by=editor, title="Restricted plan", visibility="restricted")
    return element_make(by=editor, plan=plan, title="A restricted goal")


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"name": ""}, "name", "Enter the programme&#x27;s name"),
        ({"name": "   "}, "name", "Enter the programme&#x27;s name"),
        ({"name": "x" * 10_000}, "name", "Name must be 300 characters or fewer"),
        ({"description": "x" * 10_001}, "description", "What it is must be 10,000 characters or fewer"),
        # Probe findings: a name of zero-width spaces was a blank link; a right-to-left override made a
        # name read backwards; a NUL got Django's own words.
        ({"name": "\u200b\u200b"}, "name", "Name must not contain line breaks or characters that cannot be"),
        ({"name": "a\u202eevil"}, "name", "Name must not contain line breaks or characters that cannot be"),
        ({"name": "line1\r\nline2"}, "name", "Name must not contain line breaks or characters that cannot"),
        ({"name": "Hubs\x00"}, "name", "Name must not contain line breaks or characters that cannot be"),
        ({"customers": "Families\u2066x"}, "customers", "Who its customers are must not contain characters"),
        ({"team": ["999999"]}, "team", "Choose the team from the list of people"),
        ({"team": ["not-a-number"]}, "team", "Choose the team from the list of people"),
        ({"team": ["99999999999999999999"]}, "team", "Choose the team from the list of people"),
        ({"results": ["9223372036854775808"]}, "results", "Choose population results from the list"),
        ({"plan_elements": ["-9223372036854775809"]}, "plan_elements", "Choose parts of plans from the list"),
        ({"team": "system"}, "team", "Choose the team from the list of people"),
        ({"providers": ["999999"]}, "providers", "Choose the providers from the list"),
        ({"area": "E01010001"}, "area", "Choose a district, county, region or country as the area"),
        ({"area": "nowhere"}, "area", "Choose a district, county, region or country as the area"),
        ({"plan_elements": "restricted"}, "plan_elements", "Choose parts of plans from the list"),
        ({"visibility": "everyone"}, "visibility", "Choose who may see the programme"),
    ],
)
def test_bad_programme_input_is_refused_with_the_field_named_and_nothing_written(
    client, definer, programme, lsoa, restricted_element, provider_organisation, changes, field, words
):
    from equalchance.accounts.services import system_actor

    # Something to choose in every list, so each group of boxes has a first box to be led to.
    Result.objects.create(title="Children are safe at home")
    editor = User.objects.get(username="editor")  # made by restricted_element
    element_make(by=editor, plan=plan_make(by=editor, title="Open plan"), title="An open goal")

    if changes.get("team") == "system":
        changes["team"] = [system_actor().pk]  # not a person to choose: the system's account
    if changes.get("plan_elements") == "restricted":
        changes["plan_elements"] = [restricted_element.pk]
    client.force_login(definer)
    before = counts()
    for url in (
        reverse("performance:programme-new"),
        reverse("performance:programme-edit", args=[programme.pk]),
    ):
        response = client.post(url, programme_data(**changes))
        page = response.content.decode()
        assert response.status_code == 400, url
        assert words in page and "There is a problem" in page
        # The summary's link leads to the field: a group of boxes or radios by its first one.
        groups = ("team", "providers", "results", "plan_elements", "visibility")
        target = f"id_{field}_0" if field in groups else f"id_{field}"
        assert f'href="#{target}"' in page and f'id="{target}"' in page
        assert counts() == before
    assert not AuditEvent.objects.filter(action=Action.PROGRAMME_UPDATE).exists()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"title": ""}, "Enter the result: a condition of wellbeing, in plain words"),
        ({"title": "x" * 10_000}, "The result must be 300 characters or fewer"),
        ({"title": "Safe", "area": "E01010001"}, "Choose a district, county, region or country as the area"),
        ({"title": "Safe", "plan_elements": "restricted"}, "Choose parts of plans from the list"),
        ({"title": "Safe", "indicators": ["99999999999999999999"]}, "Choose indicators from the list"),
    ],
)
def test_bad_result_input_is_refused_with_the_field_named_and_nothing_written(
    client, definer, lsoa, restricted_element, data, words
):
    if data.get("plan_elements") == "restricted":
        data = data | {"plan_elements": [restricted_element.pk]}
    result = Result.objects.create(title="Children are safe at home")
    client.force_login(definer)
    for url in (reverse("performance:result-new"), reverse("performance:result-edit", args=[result.pk])):
        response = client.post(url, data)
        assert response.status_code == 400 and words in response.content.decode()
        assert list(Result.objects.values_list("title", "area")) == [("Children are safe at home", None)]


def test_the_services_refuse_a_plan_element_the_definer_may_not_see(definer, restricted_element):
    from django.core.exceptions import ValidationError

    from equalchance.performance import services

    with pytest.raises(ValidationError) as refused:
        services.programme_create(by=definer, name="Hubs", plan_elements=[restricted_element])
    assert "plan_elements" in refused.value.message_dict and not Programme.objects.exists()
    # Probe 6: an id the form never offers is an attempt on another's record, recorded as refused.
    (event,) = AuditEvent.objects.filter(refused=True, actor=definer)
    assert (event.action, event.object_type, event.object_id) == (
        Action.ACCESS_REFUSED,
        "plans.planelement",
        str(restricted_element.pk),
    )


def test_a_change_by_a_definer_who_may_not_see_a_linked_plan_keeps_that_link(
    client, definer, programme, restricted_element
):
    programme.plan_elements.add(restricted_element)
    client.force_login(definer)
    page = client.get(reverse("performance:programme-edit", args=[programme.pk])).content.decode()
    assert "A restricted goal" not in page
    response = client.post(
        reverse("performance:programme-edit", args=[programme.pk]), programme_data(name="Family Help")
    )
    assert response.status_code == 302
    assert list(programme.plan_elements.all()) == [restricted_element]


def test_formulas_and_script_links_are_stored_as_text_and_escaped(client, definer):
    client.force_login(definer)
    typed = '=HYPERLINK("javascript:alert(1)")<script>alert(1)</script>'
    response = client.post(reverse("performance:programme-new"), programme_data(name=typed, customers=typed))
    programme = Programme.objects.get()
    assert response.status_code == 302 and programme.name == typed and programme.customers == typed
    for url in (
        reverse("performance:programmes"),
        response.url,
        reverse("performance:programme-edit", args=[programme.pk]),
    ):
        page = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_posting_new_twice_makes_one_programme_and_one_result_and_says_why_the_second_is_refused(
    client, definer
):
    """Probe finding: a second post (or the same name again, in any case) made a second programme on
    the public list."""
    client.force_login(definer)
    first = client.post(reverse("performance:programme-new"), programme_data())
    second = client.post(reverse("performance:programme-new"), programme_data(name="family HUBS "))
    assert first.status_code == 302 and second.status_code == 400
    assert "There is already a programme with this name" in second.content.decode()
    assert Programme.objects.filter(name__iexact="Family Hubs").count() == 1
    first = client.post(reverse("performance:result-new"), {"title": "Safe"})
    second = client.post(reverse("performance:result-new"), {"title": "safe"})
    assert first.status_code == 302 and second.status_code == 400 and Result.objects.count() == 1
    assert "There is already a population result with this wording" in second.content.decode()
    other = client.post(reverse("performance:programme-new"), programme_data(name="Family Hubs North"))
    assert other.status_code == 302
    programme = Programme.objects.get(name="Family Hubs North")
    renamed = client.post(
        reverse("performance:programme-edit", args=[programme.pk]), programme_data(name="Family Hubs")
    )
    assert renamed.status_code == 400 and Programme.objects.filter(name="Family Hubs North").exists()
    kept = client.post(
        reverse("performance:programme-edit", args=[programme.pk]),
        programme_data(name="Family Hubs North", description="More"),
    )
    assert kept.status_code == 302  # its own name is no clash


def test_the_last_of_a_team_cannot_be_taken_off_a_programme_that_has_feedback_forms(
    client, definer, team_member, programme, feedback_form
):
    """Probe finding: emptying the team left a live feedback form nobody could read or run."""
    client.force_login(definer)
    url = reverse("performance:programme-edit", args=[programme.pk])
    response = client.post(url, programme_data(name=programme.name))
    assert response.status_code == 400 and "Keep at least one person in the team" in response.content.decode()
    assert list(programme.team.all()) == [team_member]
    assert client.post(url, programme_data(name=programme.name, team=[definer.pk])).status_code == 302
    assert list(programme.team.all()) == [definer]


def test_a_programme_or_result_the_definer_may_not_see_or_that_does_not_exist_is_404(client, definer):
    client.force_login(definer)
    assert client.get(reverse("performance:programme-edit", args=[999999])).status_code == 404
    assert client.get(reverse("performance:result-edit", args=[999999])).status_code == 404


def test_the_result_list_reads_the_programmes_of_all_its_results_in_one_query(client, definer, programme):
    """Found in review: the list asked for each result's programmes separately."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from equalchance.performance import services

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("performance:results")).status_code == 200
        return len(captured)

    client.force_login(definer)
    services.result_create(by=definer, title="Children are safe")
    one = queries()
    for title in ("Families are well", "Young people learn"):
        services.result_create(by=definer, title=title)
    assert queries() == one


def test_a_refused_attempt_to_add_or_change_is_recorded_in_the_audit_trail(client, user_with_role, programme):
    """Probe question: the refusal page says attempts are recorded; they are, naming the page."""
    client.force_login(user_with_role("viewer", username="reader"))
    for name, args in (("programme-new", []), ("programme-edit", [programme.pk]), ("result-new", [])):
        assert client.post(reverse(f"performance:{name}", args=args), programme_data()).status_code == 403
        assert AuditEvent.objects.filter(
            action=Action.ACCESS_REFUSED, object_type="page", object_id=f"performance:{name}"
        ).exists()
    assert Programme.objects.count() == 1 and not Result.objects.exists()


def test_the_forms_offer_districts_first_and_the_parts_of_plans_under_each_plans_whole_title(
    client, definer, district, user_with_role
):
    """Probe findings: a partnership's own district was buried after every county; long names of parts
    of plans were cut mid-word with no sign of it; and the demo's 273 parts of plans were one long list
    of boxes, each starting with its plan's title, where the plans could not be told apart."""
    Area.objects.create(code="E10000001", name="Aardvark County", level="county")
    editor = user_with_role("plan_editor", username="long-editor")
    long_title = "A plan whose title runs on well past fifty characters in all"
    first, second = plan_make(by=editor, title=long_title), plan_make(by=editor, title="Another plan")
    goal = element_make(by=editor, plan=first, title="A goal")
    aim = element_make(by=editor, plan=second, title="An aim")
    client.force_login(definer)
    for name in ("programme-new", "result-new"):
        page = client.get(reverse(f"performance:{name}")).content.decode()
        assert page.index(">Solihull (") < page.index(">Aardvark County (")
        assert "Parts of plans it contributes to" in page
        groups = _box_groups(page, "plan_elements")
        assert groups == {long_title: [f"{goal.code} A goal"], "Another plan": [f"{aim.code} An aim"]}


def _box_groups(page: str, name: str) -> dict[str, list[str]]:
    """A field's boxes by the heading their group is labelled by, in the page's order."""
    found = list(_elements(parse_html(page)))
    text = {dict(e.attributes).get("id"): _text(e) for e in found}
    return {
        text[dict(e.attributes)["aria-labelledby"]]: [
            _text(label) for label in _elements(e) if label.name == "label"
        ]
        for e in found
        if dict(e.attributes).get("role") == "group" and f'name="{name}"' in str(e)
    }


def _elements(node):
    yield node
    for child in node.children:
        if not isinstance(child, str):
            yield from _elements(child)


def _text(node) -> str:
    return " ".join(
        " ".join(child.split()) if isinstance(child, str) else _text(child) for child in node.children
    ).strip()


MAKER = """
import django
django.setup()
from django.core.exceptions import ValidationError
from equalchance.accounts.services import system_actor
from equalchance.performance import services
try:
    services.programme_create(by=system_actor(), name="{name}")
    services.result_create(by=system_actor(), title="{name}")
    print("made")
except ValidationError as error:
    print("refused:", sorted(error.message_dict))
"""


def test_the_same_programme_posted_by_many_at_once_is_saved_once_and_the_rest_are_refused(
    fresh_database, python_at_once
):
    """Probe finding, the race behind it: the name check alone let two posts at once both through."""
    import subprocess
    import sys

    names = ["Family Hubs", "family hubs", "FAMILY HUBS", "Family Hubs"]
    said = python_at_once(fresh_database, [MAKER.format(name=name) for name in names])
    assert sorted(line.strip() for line in said).count("made") == 1, said
    assert all(line.strip() in ("made", "refused: ['name']", "refused: ['title']") for line in said), said
    counted = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup()\n"
            "from equalchance.audit.models import AuditEvent\n"
            "from equalchance.performance.models import Programme, Result\n"
            "print(Programme.objects.count(), Result.objects.count(), "
            "AuditEvent.objects.filter(action__startswith='performance.').count())",
        ],
        env=fresh_database,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert counted.stdout.split() == ["1", "1", "2"], counted.stderr


REPEATED_NAMES = """
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    for name in ("Family Hubs", "family hubs", "Family Hubs (2)", "FAMILY HUBS", "Health visiting"):
        cursor.execute(
            "INSERT INTO performance_programme (name, description, customers, visibility) "
            "VALUES (%s, '', '', 'public')",
            [name],
        )
    for title in ("Children are safe", "children are safe"):
        cursor.execute("INSERT INTO performance_result (title, population) VALUES (%s, '')", [title])
"""

NAMES_NOW = """
import django
django.setup()
from equalchance.performance.models import Programme, Result
print(list(Programme.objects.order_by("pk").values_list("name", flat=True)))
print(list(Result.objects.order_by("pk").values_list("title", flat=True)))
"""


def test_names_repeated_before_the_constraint_are_numbered_and_nothing_is_lost(database_migrated_to):
    import subprocess
    import sys

    env = database_migrated_to([["performance", "0005_feedback_wording"]])
    subprocess.run([sys.executable, "-c", REPEATED_NAMES], env=env, check=True, timeout=120)
    migrate = [sys.executable, "-m", "equalchance.cli", "migrate", "-v0", "performance"]
    done = subprocess.run(migrate, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    now = subprocess.run([sys.executable, "-c", NAMES_NOW], env=env, capture_output=True, text=True)
    programmes, results = now.stdout.splitlines()
    # The first keeps its name; a later repeat takes the next number no other programme has (a name
    # already "Family Hubs (2)" keeps it).
    assert programmes == str(
        ["Family Hubs", "family hubs (3)", "Family Hubs (2)", "FAMILY HUBS (4)", "Health visiting"]
    )
    assert results == str(["Children are safe", "children are safe (2)"])


# --- Removing a programme or a population result ---------------------------------------------------


def test_a_definer_removes_a_programme_nothing_belongs_to_and_the_trail_keeps_only_the_ids_it_was_linked_to(
    client, definer, team_member, provider_organisation
):
    result = Result.objects.create(title="Children are safe at home")
    client.force_login(definer)
    client.post(
        reverse("performance:programme-new"),
        programme_data(team=[team_member.pk], providers=[provider_organisation.pk], results=[result.pk]),
    )
    programme = Programme.objects.get()
    edit = client.get(reverse("performance:programme-edit", args=[programme.pk])).content.decode()
    url = reverse("performance:programme-remove", args=[programme.pk])
    assert f'href="{url}"' in edit
    page = client.get(url).content.decode()
    assert "Remove the programme" in page and "Family Hubs" in page and "cannot be undone" in page

    response = client.post(url)
    assert response.status_code == 302 and response.url == reverse("performance:programmes")
    assert not Programme.objects.exists() and Result.objects.filter(pk=result.pk).exists()
    event = AuditEvent.objects.get(action=Action.PROGRAMME_DELETE, object_id=str(programme.pk))
    assert event.actor == definer
    assert event.changes == {
        "providers": [str(provider_organisation.pk)],
        "results": [result.pk],
        "plan_elements": [],
        "team": [team_member.pk],
    }
    assert "Family" not in str(event.changes)
    page = client.get(response.url).content.decode()
    assert "The programme “Family Hubs” is removed." in page
    # The same form posted again (probe 6: it said "Page not found") says it is already removed.
    again = client.post(url, follow=True)
    assert again.redirect_chain == [(reverse("performance:programmes"), 302)]
    assert "That programme has already been removed." in again.content.decode()
    assert AuditEvent.objects.filter(action=Action.PROGRAMME_DELETE).count() == 1


def test_the_remove_page_names_everything_that_holds_a_programme_with_links_and_offers_no_button(
    client, definer, programme, measure, feedback_form
):
    """Probe 6: the page offered the red button for programmes that could not be removed, and the refusal
    named only the feedback form of a programme that also had measures, with no names or links."""
    from equalchance.performance.tests.factories import measure_make

    second = measure_make(by=definer, code="EH9", title="Families heard", programme=programme)
    client.force_login(definer)
    url = reverse("performance:programme-remove", args=[programme.pk])
    for response, status in ((client.get(url), 200), (client.post(url), 400)):
        page = response.content.decode()
        assert response.status_code == status
        assert "Remove the programme</button>" not in page and "It cannot be removed yet" in page
        for record, name, words in (
            (measure, "performance:measure", f"Measure {measure.code} {measure.title}"),
            (second, "performance:measure", "Measure EH9 Families heard"),
            (feedback_form, "feedback:form", f"Feedback form “{feedback_form.title}”"),
        ):
            assert f'<a class="govuk-link" href="{reverse(name, args=[record.pk])}">{words}</a>' in page
    assert "<title>Error: Remove the programme" in page and "The programme cannot be removed." in page
    assert Programme.objects.filter(pk=programme.pk).exists()
    assert not AuditEvent.objects.filter(action=Action.PROGRAMME_DELETE, refused=False).exists()
    # Probe 6: the refused removal left no trace; it is recorded as refused, by id only.
    (refused,) = AuditEvent.objects.filter(action=Action.PROGRAMME_DELETE, refused=True)
    assert refused.actor == definer and refused.object_id == str(programme.pk)
    assert refused.changes == {"why": "not removable"}


def test_a_definer_removes_a_population_result_and_its_programmes_and_indicators_stay(
    client, definer, programme
):
    from equalchance.indicators.models import Indicator

    result = Result.objects.create(title="Children are safe at home")
    indicator = Indicator.objects.first()
    result.indicators.add(indicator)
    programme.results.add(result)
    client.force_login(definer)
    edit = client.get(reverse("performance:result-edit", args=[result.pk])).content.decode()
    url = reverse("performance:result-remove", args=[result.pk])
    assert f'href="{url}"' in edit and "Remove the population result" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302 and response.url == reverse("performance:results")
    assert not Result.objects.exists() and Programme.objects.filter(pk=programme.pk).exists()
    assert Indicator.objects.filter(pk=indicator.pk).exists()
    event = AuditEvent.objects.get(action=Action.RESULT_DELETE, object_id=str(result.pk))
    assert event.changes == {"programmes": [programme.pk], "indicators": [indicator.pk], "plan_elements": []}
    again = client.post(url, follow=True)
    assert "That population result has already been removed." in again.content.decode()


def test_a_record_linked_to_a_plan_the_definer_may_not_see_is_not_removed_by_them(
    client, definer, programme, restricted_element
):
    result = Result.objects.create(title="Children are safe at home")
    for record in (programme, result):
        record.plan_elements.add(restricted_element)
    client.force_login(definer)
    for name, pk in (("programme-remove", programme.pk), ("result-remove", result.pk)):
        response = client.post(reverse(f"performance:{name}", args=[pk]))
        assert response.status_code == 400
        assert "Parts of plans you may not see: only someone who can see them may remove it." in (
            response.content.decode()
        )
    assert Programme.objects.filter(pk=programme.pk).exists() and Result.objects.filter(pk=result.pk).exists()
    assert list(programme.plan_elements.all()) == [restricted_element]
    assert {(e.action, e.object_id) for e in AuditEvent.objects.filter(refused=True, actor=definer)} == {
        (Action.PROGRAMME_DELETE, str(programme.pk)),
        (Action.RESULT_DELETE, str(result.pk)),
    }


def test_only_a_definer_removes_and_a_missing_or_impossible_id_is_404_with_nothing_removed(
    client, user_with_role, definer, programme
):
    result = Result.objects.create(title="Children are safe at home")
    urls = [
        reverse("performance:programme-remove", args=[programme.pk]),
        reverse("performance:result-remove", args=[result.pk]),
    ]
    for url in urls:  # signed out: to the sign-in page
        response = client.post(url)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:sign-in"))
    client.force_login(user_with_role("viewer", username="reader"))
    for url in urls:
        assert client.post(url).status_code == 403
        assert client.get(url).status_code == 403
    assert AuditEvent.objects.filter(
        action=Action.ACCESS_REFUSED, object_id="performance:programme-remove"
    ).exists()
    client.force_login(definer)
    for name in ("programme-remove", "result-remove"):
        for pk in ("999999", "9" * 30):
            assert client.post(f"/performance/{name.split('-')[0]}s/{pk}/remove/").status_code == 404
    assert Programme.objects.filter(pk=programme.pk).exists() and Result.objects.filter(pk=result.pk).exists()
    assert not AuditEvent.objects.filter(action__in=[Action.PROGRAMME_DELETE, Action.RESULT_DELETE]).exists()


def test_a_measure_made_for_a_programme_while_it_is_being_removed_keeps_it(
    definer, programme, measure, monkeypatch
):
    """Between the service's check and its delete another person adds a measure (here the rule that lists
    what holds a programme is made to miss it): the database's protection refuses, in words, and nothing
    is removed or recorded."""
    from django.core.exceptions import ValidationError

    from equalchance.performance import services

    monkeypatch.setattr(services.selectors, "removal_holds", lambda **kwargs: [])
    with pytest.raises(ValidationError) as refused:
        services.programme_delete(by=definer, programme=programme)
    assert refused.value.messages == [
        "Something now records against the programme: look again before removing it."
    ]
    monkeypatch.undo()
    assert Programme.objects.filter(pk=programme.pk).exists() and measure.programme_id == programme.pk
    assert not AuditEvent.objects.filter(action=Action.PROGRAMME_DELETE, refused=False).exists()


def test_plans_are_offered_by_their_numbers_folded_and_open_where_a_part_is_ticked(
    client, definer, user_with_role, programme
):
    """Probe 6: "Plan 10" came before "Plan 2" in the forms and the exception report's list of plans, and
    the demo's 18 plans of parts made the programme form 22,477 pixels tall on a phone."""
    editor = user_with_role("plan_editor", username="numbered-editor")
    plans = {n: plan_make(by=editor, title=f"Plan {n}") for n in (10, 2, 1)}
    parts = {n: element_make(by=editor, plan=plan, title=f"Aim of plan {n}") for n, plan in plans.items()}
    programme.plan_elements.set([parts[10]])
    client.force_login(definer)

    page = client.get(reverse("performance:programme-edit", args=[programme.pk])).content.decode()
    folds = [e for e in _elements(parse_html(page)) if e.name == "details"]
    summaries = [next(s for s in _elements(d) if s.name == "summary") for d in folds]
    assert [_text(s.children[0]) for s in summaries] == ["Plan 1", "Plan 2", "Plan 10"]
    assert [("open", None) in d.attributes for d in folds] == [False, False, True]
    assert _text(summaries[2]).endswith("(1 to choose from, 1 ticked)")

    report = client.get(reverse("performance:exceptions")).content.decode()
    assert report.index(">Plan 1<") < report.index(">Plan 2<") < report.index(">Plan 10<")


def test_a_removal_refused_for_another_reason_says_that_reason(
    client, definer, programme, measure, monkeypatch
):
    """Probe 6: a refusal with nothing to list (here a measure made between the page's check and the
    delete, the rule made to miss it) read only "cannot be removed", with no reason and nothing below."""
    monkeypatch.setattr(selectors, "removal_holds", lambda **kwargs: [])
    client.force_login(definer)
    response = client.post(reverse("performance:programme-remove", args=[programme.pk]))
    assert response.status_code == 400
    assert "Something now records against the programme: look again before removing it." in (
        response.content.decode()
    )
    assert Programme.objects.filter(pk=programme.pk).exists()


def test_providers_are_offered_folded_under_their_kind_in_the_order_kinds_are_listed(client, definer):
    OrganisationFactory(name="Aardvark Youth Club", kind="voluntary")
    OrganisationFactory(name="Zebra Surgery", kind="nhs")
    client.force_login(definer)
    page = client.get(reverse("performance:programme-new")).content.decode()
    groups = _box_groups(page, "providers")
    kinds = list(groups)
    assert kinds.index("NHS body or GP practice") < kinds.index("Voluntary or community organisation")
    assert "Zebra Surgery" in groups["NHS body or GP practice"]
    assert "Aardvark Youth Club" in groups["Voluntary or community organisation"]
