"""Who sees what: individual responses and comments only to the programme's team and to those who define
measures; moderation (redact further, themes, publish or withhold) by the team; quoted only when published
and consented to."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from equalchance.audit.models import AuditEvent
from equalchance.performance import feedback_selectors, feedback_services
from equalchance.performance.models import FeedbackComment, FeedbackInvitation
from equalchance.performance.tests.factories import programme_make


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(2026, 11, 30))


@pytest.fixture
def commented(feedback_form):
    for consent in (True, False):
        feedback_services.feedback_response_receive(
            form=feedback_form,
            answers={"govuk_satisfaction": "satisfied"},
            comments={"improve_comment": "Shorter waits please, Mrs Smith at 12 High St was lovely"},
            consent_to_quote=consent,
        )
    return feedback_form


def comments_state():
    return list(FeedbackComment.objects.order_by("pk").values_list("text", "state", "themes"))


def test_only_the_team_sees_responses_not_definers_or_other_readers(
    client, commented, team_member, definer, stranger, user_with_role
):
    """Issue 12: "feedback responses are never shown individually outside the programme team" (probe
    finding: plan editors and administrators read them and an unmoderated comment)."""
    assert feedback_selectors.responses_visible_to(user=team_member).count() == 2
    admin = user_with_role("administrator", username="admin-reader")
    for outsider in (definer, stranger, admin):
        assert feedback_selectors.responses_visible_to(user=outsider).count() == 0
        assert feedback_selectors.comments_visible_to(user=outsider).count() == 0
    client.force_login(stranger)
    assert client.get(reverse("feedback:form", kwargs={"pk": commented.pk})).status_code == 404
    # Those who define measures still make forms for the programme, and see a form's set-up (its link,
    # QR code, questions and the measures they feed), but not what anyone answered.
    for definer_role in (definer, admin):
        assert feedback_selectors.may_change_feedback(definer_role, commented.programme)
        client.force_login(definer_role)
        page = client.get(reverse("feedback:form", kwargs={"pk": commented.pk}))
        text = page.content.decode()
        assert page.status_code == 200 and "Link and QR code" in text
        assert "Shorter waits" not in text and "What people said, by quarter" not in text
        assert "shown only to Family Help's team" in text
        assert client.get(reverse("feedback:import", kwargs={"pk": commented.pk})).status_code == 404


def test_another_programmes_team_is_refused_its_form_and_comments_and_nothing_is_written(
    client, commented, user_with_role, definer
):
    other_team = user_with_role("viewer", username="youth-team")
    programme_make(by=definer, name="Youth Service").team.add(other_team)
    client.force_login(other_team)
    comment = FeedbackComment.objects.first()
    before = comments_state()
    assert client.get(reverse("feedback:form", kwargs={"pk": commented.pk})).status_code == 404
    assert client.get(reverse("feedback:comment", kwargs={"pk": comment.pk})).status_code == 404
    posted = client.post(
        reverse("feedback:comment", kwargs={"pk": comment.pk}), {"text": "x", "decision": "published"}
    )
    assert posted.status_code == 404 and comments_state() == before
    with pytest.raises(PermissionDenied):
        feedback_services.feedback_comment_moderate(
            by=other_team, comment=comment, text="x", themes=[], decision="published"
        )
    assert comments_state() == before
    assert AuditEvent.objects.filter(refused=True, actor=other_team).exists()


def test_the_team_redacts_further_codes_themes_and_publishes_and_only_consented_comments_are_quotable(
    client, commented, team_member
):
    client.force_login(team_member)
    page = client.get(reverse("feedback:form", kwargs={"pk": commented.pk})).content.decode()
    assert "Shorter waits please" in page and "Waiting for moderation" in page
    consented, not_consented = FeedbackComment.objects.order_by("pk")
    for comment in (consented, not_consented):
        response = client.post(
            reverse("feedback:comment", kwargs={"pk": comment.pk}),
            {
                "text": "Shorter waits please, [name removed] was lovely",
                "themes": ["waiting", "staff"],
                "decision": "published",
            },
        )
        assert response.status_code == 302
    consented.refresh_from_db()
    assert consented.text == "Shorter waits please, [name removed] was lovely"
    assert consented.themes == ["waiting", "staff"] and consented.moderated_by == team_member
    # Two responses in the quarter: as its numbers, its words are withheld until 5 answered.
    assert list(feedback_selectors.comments_quotable(programme=commented.programme)) == []
    for _ in range(3):
        feedback_services.feedback_response_receive(
            form=commented, answers={"govuk_satisfaction": "satisfied"}
        )
    assert list(feedback_selectors.comments_quotable(programme=commented.programme)) == [consented]
    event = AuditEvent.objects.get(
        action="performance.feedback_comment_moderate", object_id=str(consented.pk)
    )
    assert "lovely" not in str(event.changes)  # the audit trail holds no typed text


def test_moderating_redacts_again_what_a_comment_kept_from_before_the_patterns_found_it(
    commented, team_member
):
    comment = FeedbackComment.objects.first()
    FeedbackComment.objects.filter(pk=comment.pk).update(text="Ring 07700 900123 please")
    comment.refresh_from_db()
    feedback_services.feedback_comment_moderate(
        by=team_member, comment=comment, text="Ring 07700 900123 please", themes=[], decision="withheld"
    )
    comment.refresh_from_db()
    assert comment.text == "Ring [phone number removed] please" and comment.state == "withheld"


@pytest.mark.parametrize(
    "typed",
    [
        "This service is wonderful, best in England, 10 out of 10!",
        "Shorter waits please, Mrs Smith at [address removed] was lovely and kind",
        "Shorter please, Mrs Smith at [address removed] was lovely",  # a word cut with no marker
        "was lovely [removed] Shorter waits please",  # words moved
    ],
)
def test_a_moderator_cannot_put_words_in_a_service_users_mouth(client, commented, team_member, typed):
    """Probe 8: a moderator rewrote a parent's comment and the public card quoted the new words as the
    parent's. A moderator may only remove words, with a marker where they were."""
    comment = FeedbackComment.objects.order_by("pk").first()
    before = comments_state()
    with pytest.raises(ValidationError, match="You can only remove words from a comment"):
        feedback_services.feedback_comment_moderate(
            by=team_member, comment=comment, text=typed, themes=[], decision="published"
        )
    client.force_login(team_member)
    page = client.post(
        reverse("feedback:comment", kwargs={"pk": comment.pk}), {"text": typed, "decision": "published"}
    )
    assert page.status_code == 400 and "You can only remove words from a comment" in page.content.decode()
    assert typed in page.content.decode()  # what was typed is kept on the form
    assert comments_state() == before


def test_a_moderator_removes_words_with_a_marker_and_the_audit_counts_them_without_the_text(
    commented, team_member
):
    comment = FeedbackComment.objects.order_by("pk").first()
    feedback_services.feedback_comment_moderate(
        by=team_member,
        comment=comment,
        text="Shorter waits please, [removed] was lovely",
        themes=["waiting"],
        decision="published",
    )
    comment.refresh_from_db()
    assert comment.text == "Shorter waits please, [removed] was lovely"
    event = AuditEvent.objects.get(action="performance.feedback_comment_moderate", object_id=str(comment.pk))
    assert event.changes["removed_by_hand"] == 1 and "lovely" not in str(event.changes)


def test_the_forms_page_summarises_by_quarter_with_the_response_rate_where_invitations_are_logged(
    client, feedback_form, team_member
):
    for answer in ["very_satisfied"] * 4 + ["dissatisfied"]:
        feedback_services.feedback_response_receive(
            form=feedback_form, answers={"govuk_satisfaction": answer}
        )
    client.force_login(team_member)
    response = client.post(reverse("feedback:invitations", kwargs={"pk": feedback_form.pk}), {"count": "20"})
    assert response.status_code == 302 and FeedbackInvitation.objects.get().count == 20
    page = client.get(reverse("feedback:form", kwargs={"pk": feedback_form.pk})).content.decode()
    assert "80.0% positive of 5 responses, low base; response rate 25.0% of 20 invited" in page
    assert "Q3 2026/27" in page


def test_fewer_than_five_answers_show_no_percentage_and_no_breakdown(client, feedback_form, team_member):
    for _ in range(4):
        feedback_services.feedback_response_receive(
            form=feedback_form, answers={"govuk_satisfaction": "satisfied"}
        )
    client.force_login(team_member)
    page = client.get(reverse("feedback:form", kwargs={"pk": feedback_form.pk})).content.decode()
    assert "Fewer than 5 responses (4 responses): not shown" in page
    assert "Satisfied: 4" not in page


def test_a_form_is_made_by_its_programmes_team_or_a_definer_only(programme, stranger):
    with pytest.raises(PermissionDenied):
        feedback_services.feedback_form_create(
            by=stranger, programme=programme, title="T", audience="all", questions=["nhs_fft"]
        )


def test_a_quarter_is_improving_only_when_the_change_is_significant_on_its_small_numbers(
    client, feedback_form, team_member
):
    """Satisfaction: 1 of 14 positive in Q2, 12 of 14 in Q3 (95% Wilson intervals 1-31% and 60-96%, apart):
    improving. Respect: 4 of 8, then 5 of 8 (intervals overlap): no significant change."""

    def answer(day, satisfaction, respect=None):
        answers = {"govuk_satisfaction": satisfaction}
        if respect:
            answers["treated_with_respect"] = respect
        feedback_services.feedback_response_receive(form=feedback_form, answers=answers, received_on=day)

    for number in range(10):
        answer(
            date(2026, 8, 3), "satisfied" if number < 1 else "dissatisfied", "agree" if number < 4 else None
        )
        answer(date(2026, 11, 3), "very_satisfied", "agree" if number < 5 else None)
    for number in range(4):
        answer(date(2026, 8, 4), "dissatisfied", "disagree")
        answer(
            date(2026, 11, 4),
            "satisfied" if number < 2 else "neither_satisfied",
            "disagree" if number < 3 else None,
        )
    rows = {(r.code, r.period_label): r for r in feedback_selectors.form_summary(form=feedback_form)}
    satisfied_now = rows[("govuk_satisfaction", "Q3 2026/27")]
    satisfied_before = rows[("govuk_satisfaction", "Q2 2026/27")]
    assert (satisfied_now.positive, satisfied_now.total) == (12, 14)
    assert (satisfied_before.positive, satisfied_before.total) == (1, 14)
    assert satisfied_now.direction == "Improving (significant at 95%)"
    respect_now = rows[("treated_with_respect", "Q3 2026/27")]
    assert (respect_now.positive, respect_now.total) == (5, 8)
    assert respect_now.direction == "No significant change"
    assert satisfied_before.direction == ""  # no quarter before it
    client.force_login(team_member)
    page = client.get(reverse("feedback:form", kwargs={"pk": feedback_form.pk})).content.decode()
    assert "Improving (significant at 95%)" in page and "No significant change" in page


def test_an_easy_read_forms_results_are_in_the_words_its_answerers_saw(
    client, feedback_form, programme, definer, team_member
):
    """Probe finding: the team's results for the children's easy-read form said "Strongly agree" where
    the children had been offered "Yes, a lot"."""
    from equalchance.performance import feedback_scales as scales

    form = feedback_services.feedback_form_create(
        by=definer,
        programme=programme,
        title="What did you think?",
        audience="children_young_people",
        easy_read=True,
        questions=["treated_with_respect"],
    )
    for _ in range(6):
        feedback_services.feedback_response_receive(
            form=form, answers={"treated_with_respect": "strongly_agree"}
        )
    client.force_login(team_member)  # in the programme's team (the feedback_form fixture adds them)
    response = client.get(reverse("feedback:form", kwargs={"pk": form.pk}))
    page = response.content.decode()
    easy = dict(scales.choices(scales.AGREE5, easy_read=True))
    plain = dict(scales.choices(scales.AGREE5))
    assert response.status_code == 200 and easy["strongly_agree"] != plain["strongly_agree"]
    assert f"{easy['strongly_agree']}: 6" in page and plain["strongly_agree"] not in page


def test_a_quarter_not_compared_says_which_quarter_had_too_few_responses(feedback_form):
    """Probe 9: "Not compared: fewer than 5 responses" stood beside a count of 14, meaning the quarter
    before had fewer."""
    for day, count in ((date(2026, 5, 4), 3), (date(2026, 8, 3), 14), (date(2026, 11, 3), 4)):
        for _ in range(count):
            feedback_services.feedback_response_receive(
                form=feedback_form, answers={"govuk_satisfaction": "satisfied"}, received_on=day
            )
    rows = {
        r.period_label: r
        for r in feedback_selectors.form_summary(form=feedback_form)
        if r.code == "govuk_satisfaction"
    }
    assert rows["Q2 2026/27"].direction == "Not compared: the quarter before had fewer than 5 responses"
    assert rows["Q3 2026/27"].direction == "Not compared: this quarter had fewer than 5 responses"
