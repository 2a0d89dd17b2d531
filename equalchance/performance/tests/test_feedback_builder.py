"""Building a feedback form in the browser from the question bank, and linking a measure to one of its
questions: what the programme's team and those who define measures may do, what everyone else is
refused (audited, nothing written), bad input named by field with what was typed kept."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from equalchance.audit.models import AuditEvent
from equalchance.performance import feedback_services
from equalchance.performance.models import (
    FeedbackForm,
    FeedbackFormQuestion,
    FeedbackMeasureLink,
    FeedbackQuestion,
)
from equalchance.performance.tests.factories import measure_make, programme_make

NEW = reverse("feedback:form-new")
HYPERLINK = '=HYPERLINK("http://evil.example/x","Click")<script>alert(1)</script>'


def written():
    return (
        FeedbackForm.objects.count(),
        FeedbackFormQuestion.objects.count(),
        FeedbackMeasureLink.objects.count(),
        AuditEvent.objects.filter(refused=False).count(),
    )


def refusals(user):
    return AuditEvent.objects.filter(refused=True, actor=user).count()


def build(programme, /, **extra):
    data = {
        "programme": str(programme.pk),
        "title": "Stay and play: what did you think?",
        "audience": "parents_carers",
        "easy_read": "no",
        "position_treated_with_respect": "2",
        "position_govuk_satisfaction": "1",
        "position_improve_comment": "3",
    }
    data.update(extra)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def team(programme, team_member):
    programme.team.add(team_member)
    return team_member


@pytest.fixture
def youth(definer, user_with_role):
    """Another programme, with a team of its own (the definer is not in it)."""
    youth_team = user_with_role("provider", username="youth-team")
    return programme_make(by=definer, name="Youth Service", team=[youth_team])


def test_a_team_member_builds_a_form_with_the_questions_in_the_order_given_and_it_is_audited(
    client, team, programme, youth
):
    client.force_login(team)
    page = client.get(NEW).content.decode()
    assert f'<option value="{programme.pk}">Family Help</option>' in page
    assert "Youth Service" not in page  # only the programmes they may manage are offered
    response = client.post(NEW, build(programme))
    made = FeedbackForm.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("feedback:form", args=[made.pk])
    assert [q.code for q in made.ordered_questions()] == [
        "govuk_satisfaction",
        "treated_with_respect",
        "improve_comment",
    ]
    assert (made.programme, made.audience, made.easy_read, made.is_open) == (
        programme,
        "parents_carers",
        False,
        True,
    )
    event = AuditEvent.objects.get(action="performance.feedback_form_create")
    assert event.actor == team and event.object_id == str(made.pk)
    assert "Stay and play" not in str(event.changes)  # typed text is never in the audit trail
    assert "Stay and play: what did you think? is made" in client.get(response["Location"]).content.decode()


def test_the_builder_shows_each_question_as_the_person_answering_reads_it_optional_said_once(client, team):
    client.force_login(team)
    page = client.get(NEW).content.decode()
    assert "How could we improve this service? (optional)</label>" in page
    assert "Easy read: \u201cHow could we make things better? (you do not have to answer)\u201d" in page
    assert "Answers: Very satisfied, Satisfied, Neither satisfied nor dissatisfied" in page
    assert page.lower().count("(optional)") == 1
    assert not FeedbackQuestion.objects.filter(wording__icontains="optional").exists()
    assert not FeedbackQuestion.objects.filter(easy_read_wording__icontains="do not have to").exists()


def test_a_definer_outside_the_team_builds_for_any_programme_but_never_sees_its_answers(
    client, definer, youth
):
    client.force_login(definer)
    assert "Youth Service" in client.get(NEW).content.decode()
    response = client.post(NEW, build(youth, easy_read="yes", audience="children_young_people"))
    made = FeedbackForm.objects.get()
    assert made.programme == youth and made.easy_read
    page = client.get(response["Location"]).content.decode()
    assert "Link and QR code" in page and "What people said, by quarter" not in page


def test_an_error_keeps_what_was_typed_names_the_field_and_writes_nothing(client, team, programme):
    client.force_login(team)
    before = written()
    response = client.post(NEW, build(programme, audience=None, position_feel_safe="1"))
    page = response.content.decode()
    assert response.status_code == 400 and written() == before
    assert "Choose who the form is for" in page
    assert "Another question is 1st: give each its own position" in page
    assert 'value="Stay and play: what did you think?"' in page
    assert '<option value="2" selected>2nd question</option>' in page
    assert page.startswith("<!DOCTYPE html>") and "<title>Error: Make a feedback form" in page


def test_a_form_with_no_questions_or_only_free_text_is_refused_in_words_and_nothing_is_written(
    client, team, programme
):
    client.force_login(team)
    before = written()
    none = client.post(
        NEW,
        build(
            programme,
            position_govuk_satisfaction="",
            position_treated_with_respect="",
            position_improve_comment="",
        ),
    )
    assert none.status_code == 400 and "Choose the questions the form asks" in none.content.decode()
    only_text = client.post(
        NEW, build(programme, position_govuk_satisfaction="", position_treated_with_respect="")
    )
    assert only_text.status_code == 400
    assert "Choose at least one question with answers to pick from" in only_text.content.decode()
    assert written() == before


def test_another_programmes_id_is_refused_audited_and_nothing_is_written(client, team, youth):
    client.force_login(team)
    before, refused = written(), refusals(team)
    response = client.post(NEW, build(youth))
    assert response.status_code == 403 and written() == before
    assert refusals(team) == refused + 1
    event = AuditEvent.objects.filter(refused=True, actor=team).latest("pk")
    assert (event.object_type, event.object_id) == ("performance.programme", str(youth.pk))
    with pytest.raises(PermissionDenied):
        feedback_services.feedback_form_create(
            by=team, programme=youth, title="x", audience="professionals", questions=["nhs_fft"]
        )
    assert written() == before


def test_someone_who_may_manage_no_programme_is_told_so_and_refused_a_post_with_nothing_written(
    client, stranger, programme
):
    client.force_login(stranger)
    page = client.get(NEW).content.decode()
    assert "You can make forms only for programmes whose team you are in" in page
    assert "Make a feedback form</a>" not in client.get(reverse("feedback:forms")).content.decode()
    before = written()
    assert client.post(NEW, build(programme)).status_code == 403
    assert written() == before and refusals(stranger) >= 1


@pytest.mark.parametrize(
    "change, message",
    [
        ({"programme": "abc"}, "Choose a programme from the list"),
        ({"programme": "-1"}, "Choose a programme from the list"),
        ({"programme": "²"}, "Choose a programme from the list"),  # str.isdigit() passed it, int() did not
        ({"programme": "99999999"}, "Choose a programme from the list"),
        ({"programme": "1" * 40}, "Choose a programme from the list"),
        ({"audience": "everyone"}, "Choose who the form is for"),
        ({"audience": "all"}, "Choose who the form is for"),
        ({"easy_read": "maybe"}, "Choose standard or easy-read wording"),
        ({"position_govuk_satisfaction": "99"}, "Choose a position from the list"),
        ({"position_govuk_satisfaction": "-1"}, "Choose a position from the list"),
        ({"title": "   "}, "Enter the form&#x27;s title"),
        ({"title": "x" * 201}, "The title must be 200 characters or fewer"),
        ({"title": "x" * 100_000}, "The title must be 200 characters or fewer"),
    ],
)
def test_bad_or_huge_input_is_refused_naming_the_field_and_nothing_is_written(
    client, team, programme, change, message
):
    client.force_login(team)
    before = written()
    response = client.post(NEW, build(programme, **change))
    page = response.content.decode()
    assert response.status_code == 400 and written() == before
    assert message in page
    # GOV.UK style: no Django wording, and what was typed is not echoed in the message.
    assert "Select a valid choice" not in page and "is not one of the available choices" not in page


def test_the_service_refuses_bad_types_and_huge_lists_of_questions_and_writes_nothing(team, programme):
    before = written()
    for questions in (["nhs_fft"] * 1000, "nhs_fft", [42], [None], ["nhs_fft", "nhs_fft"], ["no_such"]):
        with pytest.raises(ValidationError):
            feedback_services.feedback_form_create(
                by=team, programme=programme, title="Fine", audience="professionals", questions=questions
            )
    for title, audience in ((["a list"], "professionals"), ("Fine", ["professionals"]), ("x" * 201, "all")):
        with pytest.raises(ValidationError):
            feedback_services.feedback_form_create(
                by=team, programme=programme, title=title, audience=audience, questions=["nhs_fft"]
            )
    assert written() == before


def test_a_title_like_a_spreadsheet_formula_or_markup_stays_text_everywhere(client, team, programme):
    client.force_login(team)
    response = client.post(NEW, build(programme, title=HYPERLINK))
    made = FeedbackForm.objects.get()
    assert made.title == HYPERLINK  # stored as typed
    escaped = (
        "=HYPERLINK(&quot;http://evil.example/x&quot;,&quot;Click&quot;)&lt;script&gt;alert(1)&lt;/script&gt;"
    )
    for url in (
        response["Location"],
        reverse("feedback:forms"),
        reverse("feedback:poster", args=[made.pk]),
        reverse("feedback:answer", args=[made.token]),
    ):
        page = client.get(url).content.decode()
        assert "<script>alert(1)" not in page and escaped in page.replace("&#x27;", "'"), url
    svg = client.get(reverse("feedback:qr-svg", args=[made.pk])).content.decode()
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_posting_the_same_form_twice_makes_one_form(client, team, programme):
    client.force_login(team)
    first = client.post(NEW, build(programme))
    again = client.post(NEW, build(programme))
    made = FeedbackForm.objects.get()
    assert first["Location"] == again["Location"] == reverse("feedback:form", args=[made.pk])
    assert AuditEvent.objects.filter(action="performance.feedback_form_create").count() == 1
    assert "was made already (the page was sent twice)" in client.get(again["Location"]).content.decode()
    # A different form (another question order) is a new form.
    client.post(NEW, build(programme, position_govuk_satisfaction="2", position_treated_with_respect="1"))
    assert FeedbackForm.objects.count() == 2


# --- Linking a measure to a question ---------------------------------------------------------------


def link_url(form):
    return reverse("feedback:measure-link", args=[form.pk])


def test_a_definer_links_a_percentage_measure_of_the_forms_programme_and_the_forms_page_shows_it(
    client, definer, feedback_form, percentage, measure, youth
):
    other = measure_make(
        by=definer,
        code="YS1",
        title="Young people satisfied",
        form="percentage",
        value_type="percentage",
        programme=youth,
        category="how_well",
    )
    client.force_login(definer)
    page = client.get(link_url(feedback_form)).content.decode()
    assert f'<option value="{percentage.pk}">EH2: Plans closed with a positive outcome</option>' in page
    assert f'value="{measure.pk}"' not in page  # a number, not a percentage
    assert f'value="{other.pk}"' not in page  # another programme's
    assert 'value="govuk_satisfaction"' in page and 'value="improve_comment"' not in page  # free text
    response = client.post(
        link_url(feedback_form), {"question": "treated_with_respect", "measure": percentage.pk}
    )
    assert response.status_code == 302
    link = FeedbackMeasureLink.objects.get()
    assert (link.measure, link.question.code, link.linked_by) == (percentage, "treated_with_respect", definer)
    shown = client.get(response["Location"]).content.decode()
    table = shown.split('data-testid="feedback-questions"', 1)[1]
    row = table.split("I was treated with respect", 1)[1].split("</tr>", 1)[0]
    assert "EH2: Plans closed with a positive outcome" in row


def test_another_programmes_measure_is_refused_audited_and_nothing_is_written(
    client, definer, feedback_form, youth
):
    other = measure_make(
        by=definer,
        code="YS1",
        title="Young people satisfied",
        form="percentage",
        value_type="percentage",
        programme=youth,
        category="how_well",
    )
    client.force_login(definer)
    before, refused = written(), refusals(definer)
    response = client.post(link_url(feedback_form), {"question": "govuk_satisfaction", "measure": other.pk})
    assert response.status_code == 403 and written() == before
    assert refusals(definer) == refused + 1
    event = AuditEvent.objects.filter(refused=True, actor=definer).latest("pk")
    assert (event.object_type, event.object_id) == ("performance.measure", str(other.pk))
    assert not other.data_entry.filter(username="system").exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"question": "improve_comment"}, "Choose a question of this form"),
        ({"question": "nhs_fft"}, "Choose a question of this form"),
        ({"question": ""}, "Choose a question"),
        ({"measure": "abc"}, "Choose a measure from the list"),
        ({"measure": "99999999"}, "Choose a measure from the list"),
        ({"measure": ""}, "Choose a measure"),
    ],
)
def test_a_question_not_on_the_form_or_without_positive_answers_or_a_bad_measure_is_refused_nothing_written(
    client, definer, feedback_form, percentage, data, message
):
    client.force_login(definer)
    before = written()
    response = client.post(
        link_url(feedback_form), {"question": "govuk_satisfaction", "measure": percentage.pk, **data}
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert written() == before


def test_a_number_measure_of_the_programme_is_refused_in_words_and_nothing_is_written(
    client, definer, feedback_form, measure
):
    client.force_login(definer)
    before = written()
    response = client.post(link_url(feedback_form), {"question": "govuk_satisfaction", "measure": measure.pk})
    assert response.status_code == 400
    assert "Feedback feeds percentage measures" in response.content.decode()
    assert written() == before


def test_a_team_member_who_does_not_define_measures_may_not_link_and_is_refused_with_nothing_written(
    client, team_member, feedback_form, percentage
):
    client.force_login(team_member)
    assert (
        "Link a measure to a question"
        not in client.get(reverse("feedback:form", args=[feedback_form.pk])).content.decode()
    )
    before, refused = written(), refusals(team_member)
    assert client.get(link_url(feedback_form)).status_code == 403
    posted = client.post(
        link_url(feedback_form), {"question": "govuk_satisfaction", "measure": percentage.pk}
    )
    assert posted.status_code == 403 and written() == before
    assert refusals(team_member) == refused + 2


def test_someone_who_may_not_manage_the_form_finds_no_link_page(client, stranger, feedback_form, percentage):
    client.force_login(stranger)
    before = written()
    assert client.get(link_url(feedback_form)).status_code == 404
    posted = client.post(
        link_url(feedback_form), {"question": "govuk_satisfaction", "measure": percentage.pk}
    )
    assert posted.status_code == 404 and written() == before
