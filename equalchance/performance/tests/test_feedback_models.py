"""The feedback question bank ships with the product, each question with the answers that count as
positive, and a form's public link is a random, unguessable token."""

from equalchance.performance import feedback_scales as scales
from equalchance.performance.models import FeedbackQuestion


def test_the_question_bank_holds_the_guides_questions_in_their_words(db):
    bank = {q.code: q for q in FeedbackQuestion.objects.all()}
    assert (
        bank["govuk_satisfaction"].wording
        == "Overall, how did you feel about the service you received today?"
    )
    assert bank["govuk_satisfaction"].scale == scales.SATISFACTION5
    assert bank["nhs_fft"].scale == scales.FFT
    assert bank["treated_with_respect"].wording == "I was treated with respect"
    assert bank["better_off_family"].wording == "Things are better for my family since we got help"
    assert all(q.easy_read_wording for q in bank.values())


def test_only_the_two_most_positive_points_count_as_positive_and_dont_know_is_an_answer(db):
    fft = FeedbackQuestion.objects.get(code="nhs_fft")
    assert fft.positive_answers == ["very_good", "good"]
    assert "dont_know" in scales.codes(scales.FFT) and "dont_know" not in fft.positive_answers
    assert FeedbackQuestion.objects.get(code="improve_comment").positive_answers == []


def test_answer_codes_are_unique_across_scales_so_a_stored_answer_names_its_scale():
    every = [code for answers in scales.ANSWERS.values() for code, _, _ in answers]
    assert len(every) == len(set(every))


def test_an_exports_words_are_matched_to_the_scales_answers_ignoring_case_and_curly_apostrophes():
    assert scales.answer_from_words(scales.FFT, "Don\u2019t know") == "dont_know"
    assert scales.answer_from_words(scales.SATISFACTION5, "  very SATISFIED ") == "very_satisfied"
    assert scales.answer_from_words(scales.AGREE5, "Yes, a lot") == "strongly_agree"
    assert scales.answer_from_words(scales.AGREE5, "Maybe") is None


def test_a_new_forms_link_key_is_twelve_characters_nobody_misreads_or_breaks_a_line_at(feedback_form):
    """Probe finding: the poster's printed key "mkJ-sC_D6iSk5vMnTSiObg" mixed cases, I and l, O and 0,
    and wrapped at its hyphen, so anyone typing it from the paper dropped the hyphen."""
    import re

    from equalchance.performance.models import FeedbackForm

    assert re.fullmatch(r"[2-9a-hjkmnp-z]{12}", feedback_form.token)
    made = {FeedbackForm(programme=feedback_form.programme).token for _ in range(200)}
    assert len(made) == 200  # random, not a sequence
