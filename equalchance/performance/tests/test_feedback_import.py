"""Importing responses exported from other tools (Viewpoint, SurveyMonkey, Microsoft Forms): each column
mapped to a question, the date answered, consent to quote or ignored; answers matched to the scale by
their words or mapped by hand; all or nothing, naming file, row and column of every problem."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from equalchance.common.validated_csv import DataFileError
from equalchance.performance import feedback_services
from equalchance.performance.models import FeedbackAnswer, FeedbackComment, FeedbackResponse, MeasureValue


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: date(2026, 11, 30))


SURVEYMONKEY = (
    "Respondent ID,Start Date,How satisfied were you?,I was treated with respect,Anything else?,Quote OK?\n"
    "101,10/05/2026 09:14,Very satisfied,Strongly agree,Great help. Email a@b.com,Yes\n"
    "102,11/05/2026 10:00,Satisfied,Agree,,No\n"
    "103,12/05/2026,Quite happy,Agree,,No\n"
    "104,13/05/2026,Dissatisfied,Disagree,Too slow,\n"
    "105,14/05/2026,Very satisfied,Strongly agree,,Yes\n"
    "106,02/11/2026,Very dissatisfied,Disagree,,No\n"
)
MAPPING = {
    "Respondent ID": "ignore",
    "Start Date": "date",
    "How satisfied were you?": "govuk_satisfaction",
    "I was treated with respect": "treated_with_respect",
    "Anything else?": "improve_comment",
    "Quote OK?": "consent",
}


def written():
    return (FeedbackResponse.objects.count(), FeedbackAnswer.objects.count(), FeedbackComment.objects.count())


def run(form, by, text=SURVEYMONKEY, columns=MAPPING, answers=None, **options):
    return feedback_services.feedback_import(
        by=by, form=form, file_name="monkey.csv", text=text, columns=columns, answers=answers, **options
    )


def test_a_mapped_export_imports_every_row_with_answers_dates_periods_and_redacted_comments(
    feedback_form, team_member, satisfaction
):
    count = run(feedback_form, team_member, answers={("How satisfied were you?", "Quite happy"): "satisfied"})
    assert count == 6 and written() == (6, 12, 2)
    first = FeedbackResponse.objects.get(received_on=date(2026, 5, 10))
    assert first.source == "import" and first.period_start == date(2026, 4, 1)
    comment = FeedbackComment.objects.get(response=first)
    assert comment.text == "Great help. Email [email address removed]" and comment.consent_to_quote
    assert not FeedbackComment.objects.get(text="Too slow").consent_to_quote
    # The quarter's feedback measure is refreshed: Q1 has 5 answers, 4 positive.
    value = MeasureValue.objects.get(measure=satisfaction, period_start=date(2026, 4, 1))
    assert (value.numerator, value.denominator) == (4, 5)


def test_unmapped_columns_and_answers_are_reported_by_file_row_and_column_and_nothing_is_written(
    feedback_form, team_member
):
    columns = {**MAPPING}
    del columns["Respondent ID"]
    with pytest.raises(DataFileError) as refused:
        run(feedback_form, team_member, columns=columns)
    assert [str(p) for p in refused.value.problems] == [
        "monkey.csv, row 1, column Respondent ID: is not mapped: map it to a question, or choose ignore"
    ]
    with pytest.raises(DataFileError) as refused:
        run(feedback_form, team_member)
    assert [str(p) for p in refused.value.problems] == [
        "monkey.csv, row 4, column How satisfied were you?: "
        "the answer 'Quite happy' is not mapped to an answer of the question"
    ]
    assert written() == (0, 0, 0)


def test_bad_dates_future_dates_and_ragged_rows_refuse_the_whole_file(feedback_form, team_member):
    text = SURVEYMONKEY.replace("02/11/2026", "31/02/2026").replace("13/05/2026", "01/12/2026")
    with pytest.raises(DataFileError) as refused:
        run(
            feedback_form,
            team_member,
            answers={("How satisfied were you?", "Quite happy"): "satisfied"},
            text=text,
        )
    shown = [str(p) for p in refused.value.problems]
    assert "monkey.csv, row 5, column Start Date: '01/12/2026' is in the future" in shown
    assert "monkey.csv, row 7, column Start Date: '31/02/2026' is not a real date" in shown
    with pytest.raises(DataFileError) as refused:
        run(feedback_form, team_member, text=SURVEYMONKEY + "107,1/1/2026\n")
    assert str(refused.value.problems[0]) == "monkey.csv, row 8: has 2 fields; the header has 6"
    assert written() == (0, 0, 0)


def test_us_ordered_dates_are_read_when_asked(feedback_form, team_member):
    text = "When,Overall\n05/10/2026 9:14:00 AM,Very satisfied\n"
    run(
        feedback_form,
        team_member,
        text=text,
        columns={"When": "date", "Overall": "govuk_satisfaction"},
        date_order="mdy",
    )
    assert FeedbackResponse.objects.get().received_on == date(2026, 5, 10)


def test_someone_outside_the_programmes_team_cannot_import_and_nothing_is_written(feedback_form, stranger):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run(feedback_form, stranger)
    assert written() == (0, 0, 0)


def test_the_import_page_uploads_then_maps_columns_and_answers_then_imports(
    client, feedback_form, team_member
):
    client.force_login(team_member)
    url = reverse("feedback:import", kwargs={"pk": feedback_form.pk})
    upload = SimpleUploadedFile("monkey.csv", SURVEYMONKEY.encode("utf-8-sig"), content_type="text/csv")
    page = client.post(url, {"file": upload})
    body = page.content.decode()
    assert page.status_code == 200 and "Respondent ID" in body and "Quite happy" in body
    data = {"content": SURVEYMONKEY, "file_name": "monkey.csv", "date_order": "dmy"}
    for index, heading in enumerate(SURVEYMONKEY.splitlines()[0].split(",")):
        data[f"col_{index}"] = MAPPING[heading]
    refused = client.post(url, data)
    assert refused.status_code == 400 and "nothing was written" in refused.content.decode()
    assert "row 4, column How satisfied were you?" in refused.content.decode() and written() == (0, 0, 0)
    # "Quite happy" is the third distinct answer of the third column.
    data["ans_2_2"] = "satisfied"
    done = client.post(url, data)
    assert done.status_code == 302 and written() == (6, 12, 2)
    assert "6 responses imported from monkey.csv." in client.get(done.url).content.decode()
    # Probe 8: the mapping page posted again counted every response twice.
    again = client.post(url, data)
    assert again.status_code == 400 and written() == (6, 12, 2)
    said = again.content.decode()
    assert "monkey.csv: was imported into this form on " in said and " (6 responses): importing it" in said


def test_the_same_file_imported_twice_is_refused_whole_and_counted_once(feedback_form, team_member):
    """Probe 8: a second import of the same export doubled its responses, which moves percentages and
    can carry a quarter over the 5 and 30 response lines."""
    answers = {("How satisfied were you?", "Quite happy"): "satisfied"}
    assert run(feedback_form, team_member, answers=answers) == 6
    windows_copy = "\ufeff" + SURVEYMONKEY.replace("\n", "\r\n")  # the same file, saved elsewhere
    for text in (SURVEYMONKEY, windows_copy):
        with pytest.raises(DataFileError) as error:
            run(feedback_form, team_member, text=text, answers=answers)
        assert "importing it again would count them twice, so nothing was imported" in str(error.value)
    assert written() == (6, 12, 2)
