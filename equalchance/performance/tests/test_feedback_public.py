"""Answering a feedback form without signing in: plain HTML (no JavaScript), GOV.UK radios, easy-read
wording for an easy-read form, a warning not to type personal details, CSRF-protected, rate-limited,
closed forms saying so, and nothing identifying stored. Each refusal writes nothing."""

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from equalchance.audit.models import AuditEvent
from equalchance.performance import feedback_services
from equalchance.performance.models import FeedbackAnswer, FeedbackComment, FeedbackResponse, MeasureValue


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(2026, 11, 30))


def written():
    return (FeedbackResponse.objects.count(), FeedbackAnswer.objects.count(), FeedbackComment.objects.count())


def answers(key="k" * 24, **extra):
    return {
        "submission_key": key,
        "q_govuk_satisfaction": "satisfied",
        "q_treated_with_respect": "agree",
        **extra,
    }


def url(form):
    return reverse("feedback:answer", kwargs={"token": form.token})


def test_the_form_is_plain_html_with_govuk_radios_and_the_personal_details_warning(client, feedback_form):
    page = client.get(url(feedback_form)).content.decode()
    assert "Overall, how did you feel about the service you received today?" in page
    assert 'class="govuk-radios__input"' in page and 'value="very_dissatisfied"' in page
    # Said once, at the box where something could be typed (probe 7: at the top and again at the box).
    assert page.count("Do not type your name or anyone&#x27;s personal details") == 1
    box = page.split('id="id_q_improve_comment-hint"', 1)[1].split("</div>", 1)[0]
    assert "Do not type your name or anyone&#x27;s personal details" in box
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]
    assert 'name="csrfmiddlewaretoken"' in page
    assert "May we quote what you wrote" in page  # consent is its own question


def test_an_easy_read_form_uses_the_easy_read_words(client, feedback_form):
    feedback_form.easy_read = True
    feedback_form.save()
    page = client.get(url(feedback_form)).content.decode()
    assert "How did you feel about the help you got today?" in page
    assert "Very happy" in page and "Very satisfied" not in page


def test_an_anonymous_visitor_answers_and_sees_the_thank_you_page_and_nothing_identifying_is_kept(
    feedback_form,
):
    client = Client(enforce_csrf_checks=True)
    page = client.get(url(feedback_form))
    token = page.cookies["csrftoken"].value
    comment = "Lovely staff. Call me on 07700 900123 or jo@example.org, I live at B91 3QB"
    response = client.post(
        url(feedback_form),
        answers(q_improve_comment=comment, consent_to_quote="yes", csrfmiddlewaretoken=token),
    )
    assert response.status_code == 302 and response["Location"].endswith("/thank-you/")
    assert "Thank you" in client.get(response["Location"]).content.decode()
    stored = FeedbackResponse.objects.get()
    assert stored.received_on == date(2026, 11, 30) and (stored.period_start, stored.period_end) == (
        date(2026, 10, 1),
        date(2026, 12, 31),
    )
    assert stored.source == "form" and not stored.synthetic
    assert {a.question.code: a.value for a in stored.answers.all()} == {
        "govuk_satisfaction": "satisfied",
        "treated_with_respect": "agree",
    }
    kept = stored.comments.get()
    assert kept.text == (
        "Lovely staff. Call me on [phone number removed] or [email address removed], "
        "I live at [postcode removed]"
    )
    assert kept.redactions == 3 and kept.consent_to_quote and kept.state == "waiting"
    # No user, time or address: the response's fields are the form, the day, the period and the source.
    fields = {f.name for f in FeedbackResponse._meta.concrete_fields}
    assert fields == {
        "id",
        "form",
        "received_on",
        "period_start",
        "period_end",
        "source",
        "submission_key",
        "import_key",  # an import's keyed hash of the other tool's ID: empty for an answer on the form
        "synthetic",
    }
    assert stored.import_key == ""
    assert not AuditEvent.objects.filter(object_type="performance.feedbackresponse").exists()


def test_a_post_without_the_csrf_token_is_refused_and_nothing_is_written(feedback_form):
    client = Client(enforce_csrf_checks=True)
    response = client.post(url(feedback_form), answers())
    assert response.status_code == 403
    assert written() == (0, 0, 0)


def test_a_group_session_on_one_connection_answers_but_a_flood_is_refused_and_nothing_written(
    client, feedback_form
):
    from equalchance.performance.feedback_views import ANSWERS_PER_HOUR

    for number in range(ANSWERS_PER_HOUR):
        assert client.post(url(feedback_form), answers(key=f"{number:024d}")).status_code == 302
    before = written()
    response = client.post(url(feedback_form), answers(key="x" * 24))
    assert response.status_code == 429
    assert "Too many answers from here" in response.content.decode()
    assert written() == before == (ANSWERS_PER_HOUR, 2 * ANSWERS_PER_HOUR, 0)


def test_one_address_is_held_to_a_days_limit_too_and_the_refusal_writes_nothing(
    client, feedback_form, monkeypatch
):
    """Probe finding 4: 60 answers an hour from one address, hour after hour, could swamp a quarter."""
    from equalchance.performance import feedback_views

    monkeypatch.setattr(feedback_views, "ANSWERS_PER_DAY", 3)
    for number in range(3):
        assert client.post(url(feedback_form), answers(key=f"{number:024d}")).status_code == 302
    before = written()
    response = client.post(url(feedback_form), answers(key="y" * 24))
    assert response.status_code == 429 and written() == before == (3, 6, 0)


def test_the_team_is_told_of_a_day_with_unusually_many_answers(client, feedback_form, team_member):
    for day, times in ((date(2026, 10, 5), 2), (date(2026, 10, 6), 3), (date(2026, 10, 7), 25)):
        for _ in range(times):
            feedback_services.feedback_response_receive(
                form=feedback_form, answers={"govuk_satisfaction": "satisfied"}, received_on=day
            )
    client.force_login(team_member)
    page = client.get(reverse("feedback:form", kwargs={"pk": feedback_form.pk})).content.decode()
    assert (
        "Unusually many answers came through the link on 7 October 2026 (25 answers), against 3 on a "
        "usual day" in page
    )


def test_a_closed_form_says_so_and_writes_nothing(client, feedback_form, definer):
    feedback_services.feedback_form_open(by=definer, form=feedback_form, is_open=False)
    assert "This form is closed" in client.get(url(feedback_form)).content.decode()
    response = client.post(url(feedback_form), answers())
    assert response.status_code == 410 and "This form is closed" in response.content.decode()
    assert written() == (0, 0, 0)


def test_a_token_that_names_no_form_is_not_found_and_nothing_is_written(client, feedback_form):
    for token in ("not-a-real-token-at-all", feedback_form.token[:-1], "x" * 300):
        assert client.get(f"/feedback/{token}/").status_code == 404
        assert client.post(f"/feedback/{token}/", answers()).status_code == 404
    assert written() == (0, 0, 0)


def test_pressing_send_twice_writes_the_answers_once(client, feedback_form):
    first = client.post(url(feedback_form), answers(key="same" * 6))
    again = client.post(url(feedback_form), answers(key="same" * 6))
    assert first.status_code == again.status_code == 302
    assert written() == (1, 2, 0)


def test_an_answer_not_on_the_scale_or_no_answer_at_all_is_refused_naming_it_and_nothing_is_written(
    client, feedback_form
):
    bad = client.post(url(feedback_form), answers(q_govuk_satisfaction="ecstatic"))
    assert bad.status_code == 400 and "Choose one of the answers" in bad.content.decode()
    empty = client.post(url(feedback_form), {"submission_key": "e" * 24})
    assert empty.status_code == 400 and "Answer at least one question" in empty.content.decode()
    assert written() == (0, 0, 0)


def test_answering_the_form_with_no_javascript_changes_the_how_well_measures_value(
    client, feedback_form, satisfaction, enterer
):
    """Five anonymous answers (4 satisfied, 1 neither) make the quarter's draft 80.0% of 5, low base;
    the sixth, from another address, makes it 66.7% of 6; the data-entry person sees it on the page."""
    page = reverse("performance:measure", kwargs={"pk": satisfaction.pk})
    for number, answer in enumerate(["very_satisfied", "satisfied", "satisfied", "neither_satisfied"]):
        client.post(url(feedback_form), answers(key=f"{number}" * 24, q_govuk_satisfaction=answer))
    assert not MeasureValue.objects.filter(measure=satisfaction).exists()  # 4 answers: suppressed
    client.post(url(feedback_form), answers(key="5" * 24, q_govuk_satisfaction="very_satisfied"))
    value = MeasureValue.objects.get(measure=satisfaction)
    assert (value.numerator, value.denominator, value.n, value.status) == (4, 5, 5, "draft")
    assert float(value.value) == 80.0 and "low base" in value.comment
    reader = Client()
    reader.force_login(enterer)
    assert "80.0" in reader.get(page).content.decode()
    other = Client(REMOTE_ADDR="192.0.2.7")
    other.post(url(feedback_form), answers(key="7" * 24, q_govuk_satisfaction="dissatisfied"))
    value.refresh_from_db()
    assert (value.numerator, value.denominator) == (4, 6)
    assert "66.7" in reader.get(page).content.decode()
    # The automatic entries hold no address or request of the anonymous sender.
    entries = AuditEvent.objects.filter(action="performance.value_enter")
    assert entries.count() == 2 and set(entries.values_list("client_ip", flat=True)) == {None}


def thanks_url(form):
    return reverse("feedback:thanks", kwargs={"token": form.token})


def test_the_thank_you_page_without_answering_goes_back_to_the_form(client, feedback_form):
    """Outside probe: the thank-you page showed though nobody had answered."""
    response = client.get(thanks_url(feedback_form))
    assert response.status_code == 302 and response["Location"] == url(feedback_form)
    client.cookies["feedback_answered"] = feedback_form.token  # made up, not signed by the product
    assert client.get(thanks_url(feedback_form)).status_code == 302
    assert written() == (0, 0, 0)


def test_the_thank_you_page_shows_after_this_browsers_answers_were_received_and_for_that_form_only(
    client, feedback_form, definer
):
    other = feedback_services.feedback_form_create(
        by=definer,
        programme=feedback_form.programme,
        title="Another form",
        audience="professionals",
        questions=["nhs_fft"],
    )
    assert client.post(url(feedback_form), answers()).status_code == 302
    page = client.get(thanks_url(feedback_form))
    assert page.status_code == 200 and "We have your answers" in page.content.decode()
    assert client.get(thanks_url(other)).status_code == 302  # nothing was sent to the other form
    # An error (nothing received) does not earn the page.
    fresh = Client()
    assert fresh.post(url(feedback_form), {"submission_key": "z" * 24}).status_code == 400
    assert fresh.get(thanks_url(feedback_form)).status_code == 302


def test_the_flag_is_a_signed_cookie_for_that_forms_path_and_nothing_about_the_sender_is_stored(
    client, feedback_form
):
    from django.contrib.sessions.models import Session

    response = client.post(url(feedback_form), answers())
    cookie = response.cookies["feedback_answered"]
    assert cookie["path"] == url(feedback_form) and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert not Session.objects.exists()


def test_the_free_text_question_says_optional_once_in_its_label_not_in_its_stored_words(
    client, feedback_form
):
    """Outside probe: "(Optional)" was part of the stored question, on a page that says every question is
    optional; GOV.UK puts "(optional)" in the label."""
    page = client.get(url(feedback_form)).content.decode()
    assert "How could we improve this service? (optional)</label>" in page
    assert page.lower().count("(optional)") == 1
    feedback_form.easy_read = True
    feedback_form.save()
    easy = client.get(url(feedback_form)).content.decode()
    assert "How could we make things better? (you do not have to answer)</label>" in easy
    assert easy.count("(you do not have to answer)") == 1 and "(optional)" not in easy.lower()


def test_a_key_typed_from_a_poster_in_capitals_or_with_hyphens_opens_the_form(client, feedback_form):
    """Probe finding: "/feedback/7XN5KQ658XV2/" and "7xn5-kq65-8xv2" were not found."""
    key = feedback_form.token
    for typed in (key.upper(), f"{key[:4]}-{key[4:8]}-{key[8:]}"):
        page = client.get(reverse("feedback:answer", kwargs={"token": typed}))
        assert page.status_code == 200 and "Overall, how did you feel" in page.content.decode(), typed
    assert client.get(reverse("feedback:answer", kwargs={"token": key[:-1] + "-"})).status_code == 404


@pytest.mark.parametrize("key", ["", "x" * 5000, "<script>", None])
def test_a_post_without_the_pages_own_key_is_not_kept_and_comes_back_to_send_again(
    client, feedback_form, key
):
    """Probe 8: a post with a blank or over-long key was kept every time it was sent."""
    data = (
        answers(key=key) if key is not None else {k: v for k, v in answers().items() if k != "submission_key"}
    )
    for _ in range(3):
        page = client.post(url(feedback_form), data)
        body = page.content.decode()
        assert page.status_code == 400 and "check your answers and press Send again" in body
        assert 'value="satisfied" checked' in body  # what was chosen is kept
    assert written() == (0, 0, 0)
    fresh = re.search(r'name="submission_key" value="([^"]+)"', body).group(1)
    assert client.post(url(feedback_form), answers(key=fresh)).status_code == 302 and written()[0] == 1
