"""Who may change a programme's feedback (probe: a viewer in a programme's team built forms, imported
responses, published comments and opened and closed forms): the whole team reads its responses and
comments; changing anything needs a team member whose role is not read-only, or someone who defines
measures (`feedback_selectors.may_change_feedback`), checked by every service that changes feedback and
used by the pages to decide what they offer. A form is never made for a programme with no team (no one
could read its answers); the feedback pages are linked from the measures list and "Your work"; a closed
form says "Nothing you sent was kept" only to someone who sent something."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from equalchance.audit.models import AuditEvent
from equalchance.performance import feedback_selectors, feedback_services
from equalchance.performance.models import (
    FeedbackComment,
    FeedbackForm,
    FeedbackFormQuestion,
    FeedbackInvitation,
    FeedbackMeasureLink,
    FeedbackResponse,
)
from equalchance.performance.tests.factories import programme_make


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(2026, 11, 30))


@pytest.fixture
def commented(feedback_form, team_viewer):
    """The form with a response and a comment waiting, and a viewer added to the programme's team."""
    feedback_form.programme.team.add(team_viewer)
    feedback_services.feedback_response_receive(
        form=feedback_form,
        answers={"govuk_satisfaction": "satisfied"},
        comments={"improve_comment": "Shorter waits please"},
        consent_to_quote=True,
    )
    return feedback_form


def written():
    """Everything a change to feedback writes, and the audit trail's events that are not refusals."""
    return (
        list(FeedbackForm.objects.order_by("pk").values_list("pk", "is_open")),
        FeedbackFormQuestion.objects.count(),
        FeedbackResponse.objects.count(),
        list(FeedbackComment.objects.order_by("pk").values_list("text", "state", "themes")),
        list(FeedbackInvitation.objects.values_list("form", "count")),
        FeedbackMeasureLink.objects.count(),
        AuditEvent.objects.filter(refused=False).count(),
    )


def refusals(user):
    return AuditEvent.objects.filter(refused=True, actor=user).count()


def form_url(name, form):
    return reverse(f"feedback:{name}", kwargs={"pk": form.pk})


EXPORT = "Date,Satisfied\n1/5/2026,Very satisfied\n"


# --- 1. A viewer in the team reads, and changes nothing --------------------------------------------


def test_a_viewer_in_the_team_reads_responses_and_comments_but_may_not_change_the_feedback(
    commented, team_viewer, team_member, definer
):
    programme = commented.programme
    assert feedback_selectors.may_see_responses(team_viewer, programme)
    assert feedback_selectors.responses_visible_to(user=team_viewer).count() == 1
    assert feedback_selectors.comments_visible_to(user=team_viewer).count() == 1
    assert not feedback_selectors.may_change_feedback(team_viewer, programme)
    assert not feedback_selectors.may_change_responses(team_viewer, programme)
    assert feedback_selectors.may_change_responses(team_member, programme)
    # Those who define measures change the forms' set-up, but not what touches the responses.
    assert feedback_selectors.may_change_feedback(definer, programme)
    assert not feedback_selectors.may_change_responses(definer, programme)
    assert not feedback_selectors.programmes_for_forms(user=team_viewer).exists()


def test_every_service_that_changes_feedback_refuses_a_viewer_in_the_team_audits_it_and_writes_nothing(
    commented, team_viewer, satisfaction
):
    comment = FeedbackComment.objects.get()
    changes = [
        lambda: feedback_services.feedback_form_create(
            by=team_viewer,
            programme=commented.programme,
            title="A viewer's form",
            audience="parents_carers",
            questions=["govuk_satisfaction"],
        ),
        lambda: feedback_services.feedback_form_open(by=team_viewer, form=commented, is_open=False),
        lambda: feedback_services.feedback_comment_moderate(
            by=team_viewer, comment=comment, text="Shorter waits please", themes=[], decision="published"
        ),
        lambda: feedback_services.feedback_invitations_log(
            by=team_viewer, form=commented, day=date(2026, 11, 30), count=40
        ),
        lambda: feedback_services.feedback_import(
            by=team_viewer,
            form=commented,
            file_name="export.csv",
            text=EXPORT,
            columns={"Date": "date", "Satisfied": "govuk_satisfaction"},
        ),
        lambda: feedback_services.feedback_measure_link(
            by=team_viewer,
            measure=satisfaction,
            question=satisfaction.feedback_link.question,
            form=commented,
        ),
    ]
    before, refused = written(), refusals(team_viewer)
    for change in changes:
        with pytest.raises(PermissionDenied):
            change()
    assert written() == before
    assert refusals(team_viewer) == refused + len(changes)
    assert FeedbackComment.objects.get().state == FeedbackComment.State.WAITING


def test_the_service_tells_a_viewer_in_the_team_that_their_role_only_reads(commented, team_viewer):
    with pytest.raises(PermissionDenied, match="Your role only reads feedback"):
        feedback_services.feedback_form_open(by=team_viewer, form=commented, is_open=False)


def test_a_team_member_who_is_not_a_viewer_still_changes_the_feedback(commented, team_member):
    comment = FeedbackComment.objects.get()
    feedback_services.feedback_comment_moderate(
        by=team_member, comment=comment, text=comment.text, themes=["waiting"], decision="published"
    )
    feedback_services.feedback_form_open(by=team_member, form=commented, is_open=False)
    assert FeedbackComment.objects.get().state == "published"
    assert not FeedbackForm.objects.get().is_open


def test_a_viewer_in_the_team_gets_403_on_every_page_that_changes_feedback_and_nothing_is_written(
    client, commented, team_viewer
):
    comment = FeedbackComment.objects.get()
    client.force_login(team_viewer)
    comment_url = reverse("feedback:comment", kwargs={"pk": comment.pk})
    before, refused = written(), refusals(team_viewer)
    pages = [
        ("get", comment_url, None),
        ("get", form_url("import", commented), None),
        ("get", form_url("measure-link", commented), None),
        ("post", comment_url, {"text": "Shorter waits please", "decision": "published", "themes": ["staff"]}),
        ("post", form_url("form-open", commented), {"open": "no"}),
        ("post", form_url("invitations", commented), {"count": "40"}),
        (
            "post",
            form_url("import", commented),
            {"content": EXPORT, "file_name": "export.csv", "date_order": "dmy", "col_0": "date"},
        ),
        (
            "post",
            reverse("feedback:form-new"),
            {
                "programme": str(commented.programme_id),
                "title": "A viewer's form",
                "audience": "parents_carers",
                "easy_read": "no",
                "position_govuk_satisfaction": "1",
            },
        ),
    ]
    for method, url, data in pages:
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 403, (method, url, response.status_code)
    assert written() == before
    assert refusals(team_viewer) == refused + len(pages)


def test_a_viewer_in_the_team_is_offered_nothing_they_cannot_use(client, commented, team_viewer, team_member):
    client.force_login(team_viewer)
    page = client.get(form_url("form", commented)).content.decode()
    assert "Shorter waits please" in page and "What people said, by quarter" in page
    for offered in ("Close the form", "Import responses", "Log invitations", ">Moderate<"):
        assert offered not in page, offered
    assert "Your role (viewer) reads this form" in page
    forms = client.get(reverse("feedback:forms")).content.decode()
    assert "Tell us about Family Help" in forms and "Make a feedback form</a>" not in forms
    assert "waiting for moderation" not in forms  # probe 9: told 1 waits, then refused it
    builder = client.get(reverse("feedback:form-new")).content.decode()
    assert "Your role (viewer) reads the feedback of your programmes but does not make forms" in builder
    assert "Make the form</button>" not in builder
    # The same page offers them to a team member who is not a viewer.
    client.force_login(team_member)
    page = client.get(form_url("form", commented)).content.decode()
    for offered in ("Close the form", "Import responses", "Log invitations", ">Moderate<"):
        assert offered in page, offered
    assert (
        "<strong>1</strong> comment waiting for moderation"
        in client.get(reverse("feedback:forms")).content.decode()
    )


# --- 2. No form for a programme no one could read --------------------------------------------------


@pytest.fixture
def teamless(definer):
    return programme_make(by=definer, name="Holiday Clubs")


def test_the_service_refuses_a_form_for_a_programme_with_no_team_naming_it_and_writes_nothing(
    definer, teamless, user_with_role
):
    before = written()
    with pytest.raises(ValidationError) as refused:
        feedback_services.feedback_form_create(
            by=definer,
            programme=teamless,
            title="Holiday clubs",
            audience="parents_carers",
            questions=["govuk_satisfaction"],
        )
    message = refused.value.message_dict["programme"][0]
    assert "Holiday Clubs has no team" in message and "no one could read the form's answers" in message
    assert "Add the people who run Holiday Clubs to its team on the programme's page" in message
    # A team of no one who can sign in is no team either.
    teamless.team.add(user_with_role("provider", username="left", is_active=False))
    with pytest.raises(ValidationError):
        feedback_services.feedback_form_create(
            by=definer,
            programme=teamless,
            title="Holiday clubs",
            audience="parents_carers",
            questions=["govuk_satisfaction"],
        )
    assert written() == before


def test_the_builder_does_not_offer_a_programme_with_no_team_and_says_why(
    client, definer, programme, teamless, team_member
):
    programme.team.add(team_member)
    client.force_login(definer)
    page = client.get(reverse("feedback:form-new")).content.decode()
    assert f'<option value="{programme.pk}">Family Help</option>' in page
    assert f'<option value="{teamless.pk}">Holiday Clubs</option>' not in page
    assert "Holiday Clubs is not offered: with no team, no one could read a form" in page


def test_a_post_for_a_programme_with_no_team_keeps_what_was_typed_and_writes_nothing(
    client, definer, teamless, programme, team_member
):
    programme.team.add(team_member)  # another programme to choose: the builder shows its form
    client.force_login(definer)
    before = written()
    response = client.post(
        reverse("feedback:form-new"),
        {
            "programme": str(teamless.pk),
            "title": "Summer holiday clubs",
            "audience": "parents_carers",
            "easy_read": "no",
            "position_govuk_satisfaction": "1",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400 and written() == before
    assert "Holiday Clubs has no team" in page
    assert 'value="Summer holiday clubs"' in page
    assert '<option value="1" selected>1st question</option>' in page


# --- 3. The feedback pages are linked ---------------------------------------------------------------


def test_the_measures_list_and_your_work_link_the_feedback_pages_for_those_who_use_them(
    client, feedback_form, team_member, team_viewer, definer, stranger
):
    feedback_form.programme.team.add(team_viewer)
    link = f'href="{reverse("feedback:forms")}"'
    for user in (team_member, team_viewer, definer):
        client.force_login(user)
        for url in (reverse("performance:list"), reverse("start")):
            assert link in client.get(url).content.decode(), (user.username, url)
    client.force_login(stranger)  # a viewer in no programme's team: nothing there for them
    for url in (reverse("performance:list"), reverse("start")):
        assert link not in client.get(url).content.decode(), url
    client.logout()
    assert link not in client.get(reverse("performance:list")).content.decode()


# --- 4. A closed form's words -----------------------------------------------------------------------


def test_a_closed_form_says_nothing_was_kept_only_to_someone_who_sent_answers(client, feedback_form):
    feedback_form.is_open = False
    feedback_form.save()
    url = reverse("feedback:answer", kwargs={"token": feedback_form.token})
    opened = client.get(url)
    page = opened.content.decode()
    assert opened.status_code == 200
    assert "is closed and no longer takes answers" in page and "Nothing you sent was kept" not in page
    sent = client.post(url, {"submission_key": "k" * 24, "q_govuk_satisfaction": "satisfied"})
    assert sent.status_code == 410 and "Nothing you sent was kept" in sent.content.decode()
    assert FeedbackResponse.objects.count() == 0
